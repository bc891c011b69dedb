import * as vscode from 'vscode';

/** Where the profiles in effect come from: the settings level whose `oauthJwt.profiles` VS Code uses. */
export type ProfileSource = 'user' | 'workspace' | 'folder';

/**
 * Which settings level defines the profiles in effect. `oauthJwt.profiles` is an array, so the most
 * specific level that sets it (a folder, then the workspace, then the user) replaces the others
 * whole: a repository's `.vscode/settings.json` that sets it defines every profile there is.
 */
export function profileSource(): ProfileSource {
  const inspected = vscode.workspace.getConfiguration('oauthJwt').inspect<unknown>('profiles');
  if (inspected?.workspaceFolderValue !== undefined || inspected?.workspaceFolderLanguageValue !== undefined) return 'folder';
  if (inspected?.workspaceValue !== undefined || inspected?.workspaceLanguageValue !== undefined) return 'workspace';
  return 'user';
}

/** How the prompts name a source. */
export function sourceLabel(source: ProfileSource): string {
  return { user: vscode.l10n.t('your user settings'), workspace: vscode.l10n.t('this workspace\'s settings'), folder: vscode.l10n.t('a workspace folder\'s settings') }[source];
}
