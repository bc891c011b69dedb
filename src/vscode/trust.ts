import * as vscode from 'vscode';
import { OAuthJwtError } from '../core/errors';

/** Refuses what Restricted Mode must not do (exchanges, key writes), saying how to trust the workspace. */
export function requireTrust(action: string): void {
  if (!vscode.workspace.isTrusted) {
    throw new OAuthJwtError(
      'UNTRUSTED_WORKSPACE',
      vscode.l10n.t('{0} is disabled in Restricted Mode.', action),
      vscode.l10n.t('Trust this workspace first (Workspaces: Manage Workspace Trust). Decoding JWTs works without trust.'),
    );
  }
}
