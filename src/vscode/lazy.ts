/**
 * The extension's second room: everything beyond activation (command handlers, the claim editor,
 * and the core they run on — signing with jose, the flows, HTTP, key import, certificates) lives in
 * features.ts, which the bundle ships as dist/features.js and which is loaded here on first use.
 * activate() thus parses a fraction of the code; see esbuild.mjs and bench/RESULTS.md.
 */
import type * as FeaturesModule from './features';

export type Features = typeof FeaturesModule;

let loaded: Features | undefined;
const onLoad: Array<(features: Features) => void> = [];

/** The features, loaded synchronously on the first call (esbuild maps './features' to './features.js'). */
export function features(): Features {
  if (!loaded) {
    loaded = require('./features') as Features;
    for (const listener of onLoad.splice(0)) listener(loaded);
  }
  return loaded;
}

/**
 * Loads the features a while after activation, when the host is idle, so that the first command
 * does not pay for it: loading them is one synchronous stretch (compiling and running ~130 KB,
 * 10–30 ms cold), which inside a key generation or an exchange would block the extension host's
 * event loop past its 20 ms budget. It cannot go to a worker: the commands run on the host's thread.
 */
export function preloadFeaturesWhenIdle(delayMs: number): { dispose(): void } {
  const timer = setTimeout(() => features(), delayMs);
  timer.unref?.();
  return { dispose: () => clearTimeout(timer) };
}

/** Runs `listener` once the features are loaded (at once if they are). */
export function whenFeaturesLoaded(listener: (features: Features) => void): void {
  if (loaded) listener(loaded);
  else onLoad.push(listener);
}
