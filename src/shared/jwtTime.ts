/** Times as people read them: "in 5 minutes", "2 hours ago", and a date. Shared by the claim editor (webview) and the JWT hover (engine). */

const UNITS: [limitMs: number, unitMs: number, name: string][] = [
  [60_000, 1000, 'second'],
  [3_600_000, 60_000, 'minute'],
  [86_400_000, 3_600_000, 'hour'],
  [Infinity, 86_400_000, 'day'],
];

/** `at` relative to `now` (both ms): "now", "in 5 minutes", "3 days ago". */
export function relativeTime(at: number, now: number): string {
  const ms = at - now;
  const abs = Math.abs(ms);
  if (abs < 1000) return 'now';
  const [, unit, name] = UNITS.find(([limit]) => abs < limit)!;
  const n = Math.round(abs / unit);
  const text = `${n} ${name}${n === 1 ? '' : 's'}`;
  return ms > 0 ? `in ${text}` : `${text} ago`;
}

/** A JWT time (seconds) as an ISO-like UTC date, or undefined when it is not a usable time. */
export function jwtDate(seconds: unknown): string | undefined {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || Math.abs(seconds) > 8.64e12) return undefined;
  return new Date(seconds * 1000).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC');
}

/** "2025-01-01 10:00:00 UTC (in 5 minutes)" for a time claim, or a note when it cannot be read. */
export function describeJwtTime(seconds: unknown, now: number): string {
  const date = jwtDate(seconds);
  if (date === undefined) return typeof seconds === 'number' ? 'not a readable time' : 'not a number';
  const ms = (seconds as number) * 1000;
  const note = (seconds as number) > 1e11 ? ' — looks like milliseconds, not seconds' : '';
  return `${date} (${relativeTime(ms, now)})${note}`;
}
