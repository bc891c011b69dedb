import * as vscode from 'vscode';
import { decodeJwt } from '../../core/jwtDecode';
import type { Services } from '../services';

/**
 * Copies a JWT's claims as pretty JSON (the hover's and CodeLens's "Copy Claims as JSON"). Decoding
 * only, so it works in Restricted Mode; the log says that claims were copied, never which.
 */
export async function copyJwtClaimsCommand(services: Services, token?: unknown): Promise<boolean> {
  const decoded = decodeJwt(typeof token === 'string' ? token : await vscode.env.clipboard.readText());
  await vscode.env.clipboard.writeText(JSON.stringify(decoded.payload, null, 2));
  services.log.info('decode', `copied the claims of a ${String(decoded.header.alg)} token (not verified)`);
  void vscode.window.setStatusBarMessage(`$(copy) ${vscode.l10n.t('JWT claims copied as JSON')}`, 3000);
  return true;
}
