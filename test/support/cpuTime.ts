/**
 * This process's CPU time (user + system) in milliseconds. Tests that guard against pathological
 * (quadratic, exponential) work compare CPU time, not the wall clock: other processes on a busy
 * machine stretch the wall clock and make linear code look slow.
 */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
