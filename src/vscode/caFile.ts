import * as vscode from 'vscode';
import { readBoundedFile } from '../core/boundedRead';
import { msg, OAuthJwtError } from '../core/errors';
import { MAX_JSON_CHARS } from '../core/limits';
import type { Config } from './config';

/**
 * Extra CA certificates (PEM text) for a request to `url`: from the machine-scoped
 * oauthJwt.extraCaCertificatesFile, for endpoints with a private CA (machine scope: a workspace's
 * settings cannot add trust), plus the `npm start` sandbox's certificate when `url` is on loopback
 * (handed over in an Extension Development Host only). In the engine: only exchanges and API calls read it.
 */
export async function extraCaCertificates(config: Config, url = ''): Promise<string | undefined> {
  const fromSetting = await caCertificatesFile(config);
  const sandbox = config.sandboxCertificateFor(url);
  return fromSetting && sandbox ? `${fromSetting}\n${sandbox}` : fromSetting ?? sandbox;
}

async function caCertificatesFile(config: Config): Promise<string | undefined> {
  const path = config.extraCaCertificatesFile();
  if (!path) return undefined;
  let text: string;
  try {
    text = (await readBoundedFile(path, MAX_JSON_CHARS, msg('The CA certificates file {0} (oauthJwt.extraCaCertificatesFile)', path))).toString('utf8');
  } catch (error) {
    // The reader's message names the file and what is wrong with it; the fix is in the settings.
    if (!(error instanceof OAuthJwtError)) throw error;
    throw new OAuthJwtError(error.code, error.localizable.message ?? error.message, vscode.l10n.t('Fix the path in your user settings, or clear the setting.'));
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) {
    throw new OAuthJwtError('INVALID_PEM', vscode.l10n.t('The file {0} (oauthJwt.extraCaCertificatesFile) holds no PEM certificate.', path), vscode.l10n.t('Point the setting at a PEM file of CA certificates.'));
  }
  return text;
}
