/** Milliseconds since the epoch. Injected so tests can freeze time. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

/** Whole seconds since the epoch, as JWT `iat`/`exp` want them. */
export function epochSeconds(clock: Clock): number {
  return Math.floor(clock() / 1000);
}
