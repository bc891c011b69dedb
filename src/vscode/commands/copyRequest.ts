import * as vscode from 'vscode';
import { toCurl, toHttpFile } from '../../core/requestExport';
import type { Services } from '../services';
import { profileOrActive } from './pickProfile';

/** Copies the token request of a profile as a curl command; secrets stay variables. */
export async function copyAsCurlCommand(services: Services, name?: unknown): Promise<boolean> {
  const profile = profileOrActive(services, name);
  await vscode.env.clipboard.writeText(toCurl(await services.tokens.previewRequest(profile)));
  void vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('OAuth JWT: curl command for "{0}" copied (set $CLIENT_SECRET / $ASSERTION before running it)', profile.name)}`, 5000);
  return true;
}

/** Copies the token request as a .http request for the REST Client and httpyac extensions. */
export async function copyAsHttpCommand(services: Services, name?: unknown): Promise<boolean> {
  const profile = profileOrActive(services, name);
  await vscode.env.clipboard.writeText(toHttpFile(await services.tokens.previewRequest(profile)));
  void vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('OAuth JWT: .http request for "{0}" copied', profile.name)}`, 5000);
  return true;
}
