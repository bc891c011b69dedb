import * as vscode from 'vscode';
import { isOAuthJwtError, OAuthErrorResponse, type OAuthJwtError } from '../core/errors';
import { Command } from './commandIds';
import type { Log } from './log';
import { notificationText } from './notificationText';

interface Action {
  title: string;
  run: () => Thenable<unknown>;
}

const openLog = (log: Log): Action => ({ title: vscode.l10n.t('Open Log'), run: async () => log.show() });
const run = (title: string, command: string, ...args: unknown[]): Action => ({ title, run: () => vscode.commands.executeCommand(command, ...args) });
const editProfiles = (): Action => run(vscode.l10n.t('Edit Profile'), 'workbench.action.openSettings', 'oauthJwt.profiles');

/** The actions that help with an error, by its code. */
function actionsFor(error: OAuthJwtError, log: Log, profile?: string): Action[] {
  switch (error.code) {
    case 'OAUTH_ERROR': {
      const code = error instanceof OAuthErrorResponse ? error.error : '';
      if (code === 'invalid_client') return [run(vscode.l10n.t('Set Client Secret'), Command.SetClientSecret, profile), editProfiles(), openLog(log)];
      return [editProfiles(), openLog(log)];
    }
    case 'MISSING_SECRET':
      return [run(vscode.l10n.t('Set Client Secret'), Command.SetClientSecret, profile)];
    case 'NO_KEY':
      return [run(vscode.l10n.t('Generate Key Pair'), Command.GenerateKeyPair), run(vscode.l10n.t('Import Private Key'), Command.ImportPrivateKey)];
    case 'UNTRUSTED_WORKSPACE':
      return [run(vscode.l10n.t('Manage Workspace Trust'), 'workbench.trust.manage')];
    case 'PROFILE_INVALID':
    case 'PROFILE_NOT_FOUND':
    case 'INVALID_URL':
    case 'INSECURE_URL':
    case 'INVALID_OPTION':
    case 'CLAIM_CHECK_FAILED':
    case 'INVALID_CLAIMS':
    case 'ALG_MISMATCH':
      return [editProfiles(), openLog(log)];
    default:
      return [openLog(log)];
  }
}

/**
 * Shows an error as a notification that says what went wrong and what to do, with actions, and
 * logs it. A cancellation is only logged. Messages are the core's, which never hold a secret.
 */
export function showError(error: unknown, log: Log, component: string, profile?: string): void {
  if (!isOAuthJwtError(error)) {
    log.error(component, `unexpected ${(error as Error)?.name ?? 'error'}: ${(error as Error)?.message ?? String(error)}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('OAuth JWT: something unexpected went wrong. The log has the details.'), vscode.l10n.t('Open Log')).then((c) => c && log.show());
    return;
  }
  log.error(component, `${error.code}: ${error.describe()}`);
  if (error.code === 'CANCELLED') return;
  const actions = actionsFor(error, log, profile);
  // Not awaited: a command must finish even while its notification stays open.
  void vscode.window.showErrorMessage(notificationText(vscode.l10n.t('OAuth JWT: {0}', error.describe(vscode.l10n))), ...actions.map((a) => a.title)).then((chosen) => actions.find((a) => a.title === chosen)?.run());
}
