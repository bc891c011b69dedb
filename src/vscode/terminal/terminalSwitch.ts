/**
 * What activation holds of the integrated terminals' access to tokens: the switch. The access itself
 * (the IPC server, the CLI shim, the questions; terminalAccess.ts, shipped as dist/terminal.js) is
 * loaded the first time it is wanted — while the workspace is trusted and oauthJwt.terminal.enabled
 * is on — so that dist/extension.js does not compile it (esbuild.mjs maps './terminalAccess' here
 * to './terminal.js').
 */
import * as vscode from 'vscode';
import type { LoadEngine } from '../engine';
import type { Services } from '../services';
import type { TerminalAccess } from './terminalAccess';
import { terminalsWanted } from './terminalSetting';

export class TerminalSwitch implements vscode.Disposable {
  private access: TerminalAccess | undefined;
  private disposed = false;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly services: Services,
    private readonly engine: LoadEngine,
  ) {}

  /** This window's handle while it is open (for tests and the log). */
  get handle(): string | undefined {
    return this.access?.handle;
  }

  /** Starts or stops the handle to match trust and the setting; call on changes of either. */
  update(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    if (!this.access) {
      const wanted = terminalsWanted();
      if (!wanted) {
        // Never started in this window: nothing to stop, and no variable of an earlier window stays.
        this.context.environmentVariableCollection.clear();
        return Promise.resolve();
      }
      const { TerminalAccess: Access } = require('./terminalAccess') as typeof import('./terminalAccess');
      this.access = new Access(this.context, this.services, this.engine);
    }
    return this.access.update();
  }

  dispose(): void {
    this.disposed = true;
    this.access?.dispose();
  }
}
