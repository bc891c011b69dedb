/**
 * Loads the engine (engine.ts, shipped as dist/engine.js) on first use, so activate() parses a
 * fraction of the code; see esbuild.mjs and bench/RESULTS.md. Only activation, the command
 * dispatch and the claim editor's serializer hold the loader (a unit test keeps it so); every other
 * adapter gets the engine handed down as a {@link LoadEngine}.
 */
import type * as vscode from 'vscode';
import type { Engine, LoadEngine } from './engine';

export class EngineLoader {
  private loaded: Engine | undefined;
  private readonly onLoad: Array<(engine: Engine) => void> = [];

  /** The engine, loaded synchronously on the first call (esbuild maps './engine' to './engine.js'). */
  readonly load: LoadEngine = () => {
    if (!this.loaded) {
      this.loaded = (require('./engine') as typeof import('./engine')).engine;
      for (const listener of this.onLoad.splice(0)) listener(this.loaded);
    }
    return this.loaded;
  };

  /**
   * Loads the engine a while after activation, when the host is idle, so that the first command
   * does not pay for it: loading it is one synchronous stretch (compiling and running ~130 KB,
   * 10–30 ms cold), which inside a key generation or an exchange would block the extension host's
   * event loop past its 20 ms budget. It cannot go to a worker: the commands run on the host's thread.
   */
  preloadWhenIdle(delayMs: number): vscode.Disposable {
    const timer = setTimeout(() => this.load(), delayMs);
    timer.unref?.();
    return { dispose: () => clearTimeout(timer) };
  }

  /** Runs `listener` once the engine is loaded (at once if it is). */
  whenLoaded(listener: (engine: Engine) => void): void {
    if (this.loaded) listener(this.loaded);
    else this.onLoad.push(listener);
  }
}
