import * as vscode from 'vscode';
import { Command } from '../commandIds';
import { features } from '../lazy';
import { showError } from '../notify';
import type { Services } from '../services';

/**
 * Registers every command. The handlers are loaded on the first command (lazy.ts), not during
 * activation. A failure is shown as a notification with actions and logged; the command then
 * resolves to undefined rather than rejecting, as VS Code would show the raw error.
 */
export function registerCommands(services: Services): vscode.Disposable[] {
  return Object.values(Command).map((id) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await features().commandHandlers[id](services, ...args);
      } catch (error) {
        const profile = typeof args[0] === 'string' ? args[0] : services.config.activeProfile()?.name;
        showError(error, services.log, id.replace('oauthJwt.', ''), profile);
        return undefined;
      }
    }),
  );
}
