import * as vscode from 'vscode';
import { Command } from '../commandIds';
import type { EngineLoader } from '../engineLoader';
import type { Services } from '../services';

/**
 * Registers every command. The handlers are in the engine, loaded on the first command, not during
 * activation. A failure is shown as a notification with actions and logged; the command then
 * resolves to undefined rather than rejecting, as VS Code would show the raw error.
 */
export function registerCommands(services: Services, engine: EngineLoader): vscode.Disposable[] {
  return Object.values(Command).map((id) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await engine.load().commandHandlers[id](services, ...args);
      } catch (error) {
        const profile = typeof args[0] === 'string' ? args[0] : services.config.activeProfile()?.name;
        // The notification's code is in the engine too (loaded by now, unless loading it failed: then VS Code shows the error).
        engine.load().showError(error, services.log, id.replace('oauthJwt.', ''), profile);
        return undefined;
      }
    }),
  );
}
