import * as vscode from 'vscode';

/** Machine/application scope in package.json: a workspace cannot turn it on or off. */
export const TERMINAL_ENABLED_SETTING = 'oauthJwt.terminal.enabled';

/** Whether this window's integrated terminals get the handle: a trusted workspace with the setting on. */
export function terminalsWanted(): boolean {
  return vscode.workspace.isTrusted && vscode.workspace.getConfiguration().get<boolean>(TERMINAL_ENABLED_SETTING, true);
}
