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
  /**
   * The certificate of the sandbox's HTTPS servers (mutual TLS), absolute path: trusted by the
   * extension for loopback URLs only, and only in the Extension Development Host that read this file.
   */
  caCertificateFile?: string;
  profiles: Array<{
    /** The profile the key (and secret) are stored for. */
    name: string;
    /** The profile's token URL: its origin is what the secrets get bound to. Loopback only. */
    tokenUrl: string;
    /** File holding the profile's client secret (Workfront), absolute path. */
    clientSecretFile?: string;
    /** The profile's API URL (loopback only): confirmed for its access token, as its token URL is. */
    apiUrl?: string;
    /** A key of the profile's own instead of the sandbox key (Apple's presets want EC P-256), absolute path. */
    privateKeyFile?: string;
  }>;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Validates a hand-over file's text. Throws an Error saying what is wrong; refuses any token URL
 * that is not on loopback (http, or https for the mutual TLS server), so the file can never steer
 * a secret off this machine.
 */
export function parseSandboxProvision(text: string): SandboxProvision {
  const value: unknown = JSON.parse(text);
  const fail = (what: string): never => {
    throw new Error(`sandbox hand-over file: ${what}`);
  };
  if (!isObject(value) || value.version !== 1) return fail('version 1 expected');
  if (typeof value.privateKeyFile !== 'string' || typeof value.certificateFile !== 'string') return fail('privateKeyFile and certificateFile must be paths');
  if (value.caCertificateFile !== undefined && typeof value.caCertificateFile !== 'string') return fail('caCertificateFile must be a path');
  if (!Array.isArray(value.profiles) || value.profiles.length === 0) return fail('profiles must be a non-empty array');
  const profiles = value.profiles.map((entry: unknown) => {
    if (!isObject(entry) || typeof entry.name !== 'string' || entry.name === '' || typeof entry.tokenUrl !== 'string') return fail('each profile needs a name and a tokenUrl');
    if (!isLoopbackUrl(entry.tokenUrl)) return fail(`${entry.name}: the token URL must be http or https on loopback`);
    if (entry.clientSecretFile !== undefined && typeof entry.clientSecretFile !== 'string') return fail(`${entry.name}: clientSecretFile must be a path`);
    if (entry.privateKeyFile !== undefined && typeof entry.privateKeyFile !== 'string') return fail(`${entry.name}: privateKeyFile must be a path`);
    if (entry.apiUrl !== undefined && (typeof entry.apiUrl !== 'string' || !isLoopbackUrl(entry.apiUrl))) return fail(`${entry.name}: the API URL must be http or https on loopback`);
    return {
      name: entry.name,
      tokenUrl: entry.tokenUrl,
      ...(entry.clientSecretFile ? { clientSecretFile: entry.clientSecretFile } : {}),
      ...(entry.privateKeyFile ? { privateKeyFile: entry.privateKeyFile } : {}),
      ...(entry.apiUrl ? { apiUrl: entry.apiUrl } : {}),
    };
  });
  return {
    version: 1,
    privateKeyFile: value.privateKeyFile,
    certificateFile: value.certificateFile,
    ...(value.caCertificateFile ? { caCertificateFile: value.caCertificateFile } : {}),
    profiles,
  };
}

/** Whether `url` is http or https on loopback: the only URLs the sandbox's secrets and CA are for. */
export function isLoopbackUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && LOOPBACK_HOSTS.has(parsed.hostname);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
