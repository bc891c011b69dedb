/**
 * The hand-over file between `npm start` and the extension it launches: where the sandbox's
 * throwaway private key and client secret are, and which profiles they belong to. The sandbox
 * writes it (mode 0600) and names it in {@link SANDBOX_PROVISION_ENV}; the extension reads it once
 * at activation, and only in an Extension Development Host (never in an installed extension).
 * The product owns this contract (the sandbox, a developer tool, imports it from here).
 * Pure: no I/O, no vscode.
 */

/** The environment variable naming the hand-over file. */
export const SANDBOX_PROVISION_ENV = 'OAUTH_JWT_SANDBOX_PROVISION';

export interface SandboxProvision {
  version: 1;
  /** PKCS#8 PEM file of the sandbox key (absolute path). */
  privateKeyFile: string;
  /** The self-signed certificate of that key (absolute path). */
  certificateFile: string;
  profiles: Array<{
    /** The profile the key (and secret) are stored for. */
    name: string;
    /** The profile's token URL: its origin is what the secrets get bound to. Loopback only. */
    tokenUrl: string;
    /** File holding the profile's client secret (Workfront), absolute path. */
    clientSecretFile?: string;
  }>;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Validates a hand-over file's text. Throws an Error saying what is wrong; refuses any token URL
 * that is not plain http on loopback, so the file can never steer a secret off this machine.
 */
export function parseSandboxProvision(text: string): SandboxProvision {
  const value: unknown = JSON.parse(text);
  const fail = (what: string): never => {
    throw new Error(`sandbox hand-over file: ${what}`);
  };
  if (!isObject(value) || value.version !== 1) return fail('version 1 expected');
  if (typeof value.privateKeyFile !== 'string' || typeof value.certificateFile !== 'string') return fail('privateKeyFile and certificateFile must be paths');
  if (!Array.isArray(value.profiles) || value.profiles.length === 0) return fail('profiles must be a non-empty array');
  const profiles = value.profiles.map((entry: unknown) => {
    if (!isObject(entry) || typeof entry.name !== 'string' || entry.name === '' || typeof entry.tokenUrl !== 'string') return fail('each profile needs a name and a tokenUrl');
    const url = new URL(entry.tokenUrl);
    if (url.protocol !== 'http:' || !LOOPBACK_HOSTS.has(url.hostname)) return fail(`${entry.name}: the token URL must be http on loopback`);
    if (entry.clientSecretFile !== undefined && typeof entry.clientSecretFile !== 'string') return fail(`${entry.name}: clientSecretFile must be a path`);
    return { name: entry.name, tokenUrl: entry.tokenUrl, ...(entry.clientSecretFile ? { clientSecretFile: entry.clientSecretFile } : {}) };
  });
  return { version: 1, privateKeyFile: value.privateKeyFile, certificateFile: value.certificateFile, profiles };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
