import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { importPrivateKey } from '../core/keys';
import { parseSandboxProvision, SANDBOX_PROVISION_ENV } from '../shared/sandboxProvision';
import type { Services } from './services';

/**
 * `npm start` hands the sandbox's throwaway key and Workfront client secret to the extension it
 * launches, so that the first status-bar click yields a token. Honoured only in an Extension
 * Development Host started with {@link SANDBOX_PROVISION_ENV} set — never in an installed
 * extension — and only for profiles whose token URL is on loopback (the parser refuses others).
 * Each profile gets its own key slot, so a default key the user already has is never replaced.
 */
export async function importSandboxSecrets(services: Services): Promise<void> {
  const file = process.env[SANDBOX_PROVISION_ENV];
  if (!file || services.context.extensionMode !== vscode.ExtensionMode.Development) return;
  const { log, keys, secrets } = services;
  try {
    const provision = parseSandboxProvision(await readFile(file, 'utf8'));
    const key = importPrivateKey(await readFile(provision.privateKeyFile, 'utf8'));
    const certificatePem = await readFile(provision.certificateFile, 'utf8');
    for (const profile of provision.profiles) {
      await keys.save(profile.name, key, certificatePem);
      if (profile.clientSecretFile) {
        const secret = (await readFile(profile.clientSecretFile, 'utf8')).trim();
        log.addSecret(secret);
        await secrets.setClientSecret(profile.name, secret);
      }
      await secrets.setOrigin(profile.name, new URL(profile.tokenUrl).origin);
    }
    log.info('sandbox', `imported the sandbox key${provision.profiles.some((p) => p.clientSecretFile) ? ' and client secret' : ''} for ${provision.profiles.map((p) => `"${p.name}"`).join(', ')}`);
  } catch (error) {
    log.warn('sandbox', `the sandbox secrets were not imported: ${(error as Error).message}`);
  }
}
