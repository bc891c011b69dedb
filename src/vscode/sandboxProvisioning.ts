import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { importPrivateKey } from '../core/keys';
import { parseSandboxProvision, SANDBOX_PROVISION_ENV } from '../shared/sandboxProvision';
import { DEFAULT_KEY_SLOT } from './keySlots';
import type { Credential } from './originTrust';
import type { SecretStore } from './secrets';
import type { Services } from './services';

/**
 * `npm start` hands the sandbox's throwaway keys, Workfront client secret and HTTPS certificate to
 * the extension it launches, so that the first status-bar click yields a token. Honoured only in an Extension
 * Development Host started with {@link SANDBOX_PROVISION_ENV} set — never in an installed
 * extension — and only for profiles whose token URL is on loopback (the parser refuses others).
 * Each profile gets its own key slot, and only a slot that is empty or that an earlier start
 * provisioned: never the default slot, never a slot holding the user's own key or client secret.
 * The sandbox's origins are confirmed for its own credentials, here and in this workspace.
 */
export async function importSandboxSecrets(services: Services): Promise<void> {
  const file = process.env[SANDBOX_PROVISION_ENV];
  if (!file || services.context.extensionMode !== vscode.ExtensionMode.Development) return;
  const { log, keys, secrets, trust } = services;
  try {
    const provision = parseSandboxProvision(await readFile(file, 'utf8'));
    const key = importPrivateKey(await readFile(provision.privateKeyFile, 'utf8'));
    const certificatePem = await readFile(provision.certificateFile, 'utf8');
    // The sandbox's HTTPS servers (mutual TLS): trusted for loopback URLs only, in memory, this session.
    if (provision.caCertificateFile) services.config.trustSandboxCertificate(await readFile(provision.caCertificateFile, 'utf8'));
    const imported: string[] = [];
    for (const profile of provision.profiles) {
      const refusal = await occupied(secrets, profile.name);
      if (refusal) {
        log.warn('sandbox', `nothing imported for "${profile.name}": ${refusal}. Rename or forget that profile's secrets (Forget Stored Secrets), then npm start again.`);
        continue;
      }
      // Marked first: a start that fails halfway leaves a slot the next start may replace.
      await secrets.markSandboxSlot(profile.name);
      // A key of the profile's own (Apple's presets: EC P-256, no certificate), else the sandbox key and its certificate.
      if (profile.privateKeyFile) await keys.save(profile.name, importPrivateKey(await readFile(profile.privateKeyFile, 'utf8')));
      else await keys.save(profile.name, key, certificatePem);
      if (profile.clientSecretFile) {
        const secret = (await readFile(profile.clientSecretFile, 'utf8')).trim();
        log.addSecret(secret);
        await secrets.setClientSecret(profile.name, secret);
      }
      const credentials: Credential[] = [
        { kind: 'keyOrigins', slot: profile.name },
        { kind: 'tokenOrigins', slot: profile.name },
        ...(profile.clientSecretFile ? [{ kind: 'secretOrigins' as const, slot: profile.name }] : []),
      ];
      await trust.remember(credentials, new URL(profile.tokenUrl).origin, true);
      if (profile.apiUrl) await trust.remember([{ kind: 'tokenOrigins', slot: profile.name }], new URL(profile.apiUrl).origin, true);
      imported.push(`"${profile.name}"`);
    }
    if (imported.length > 0) log.info('sandbox', `imported the sandbox key${provision.profiles.some((p) => p.clientSecretFile) ? ' and client secret' : ''} for ${imported.join(', ')}`);
  } catch (error) {
    log.warn('sandbox', `the sandbox secrets were not imported: ${(error as Error).message}`);
  }
}

/** Why the sandbox may not write into `slot`, or undefined when it may (empty, or the sandbox's own). */
async function occupied(secrets: SecretStore, slot: string): Promise<string | undefined> {
  if (slot === DEFAULT_KEY_SLOT) return 'it names the default key slot, which the sandbox never replaces';
  if (await secrets.isSandboxSlot(slot)) return undefined;
  if ((await secrets.getPrivateKey(slot)) !== undefined || (await secrets.getClientSecret(slot)) !== undefined) {
    return 'a key or client secret that npm start did not provision is already stored for that name';
  }
  return undefined;
}
