/**
 * What rotating a key makes, the same for `oauth-jwt rotate` and the Rotate Key command: the next
 * key of the same type, its certificate when the current key has one (same CN, same validity
 * length), and the files a provider needs to register it beside the current key — the next
 * certificate, the next public PEM, and a JWKS holding both public keys.
 */
import { defaultAlgorithm } from './algorithms';
import { OAuthJwtError } from './errors';
import { JWKS_FILE, jsonFileText, type FileToWrite } from './keyFiles';
import { generateKeyMaterial, type KeyMaterial } from './keyMaterial';
import { privateKeyPem, publicJwk, publicKeyPem, type KeySpec, type PrivateKey } from './keys';
import type { CertificateInfo } from './x509';

export const NEXT_KEY_FILE = 'next.key';
export const NEXT_CERTIFICATE_FILE = 'next.crt';
export const NEXT_PUBLIC_KEY_FILE = 'next.pem';

const DAY_MS = 86_400_000;

/** The key type, size and curve of `key`: what the next key is made as by default. */
export function sameKeySpec(key: PrivateKey): KeySpec {
  return key.type === 'rsa' ? { type: 'rsa', bits: key.bits as KeySpec['bits'] } : key.type === 'ec' ? { type: 'ec', curve: key.curve } : { type: 'ed25519' };
}

/** Generates the next key like the current one, with a certificate like the current one's (CN, days) when there is one. */
export async function generateNextKey(current: PrivateKey, certificate: CertificateInfo | undefined, now?: number): Promise<KeyMaterial> {
  if (!certificate) return generateKeyMaterial(sameKeySpec(current));
  const commonName = /(?:^|\n)CN=([^\n]*)/.exec(certificate.subject)?.[1] ?? 'oauth-jwt';
  const days = Math.min(36_500, Math.max(1, Math.round((certificate.notAfter.getTime() - certificate.notBefore.getTime()) / DAY_MS)));
  return generateKeyMaterial(sameKeySpec(current), { commonName: commonName.slice(0, 64), days, now });
}

/**
 * A JWKS of the given keys' public halves (with `alg` and `use`, `kid` = RFC 7638 thumbprint), in
 * order. Two identical keys are refused: a rotation that did not change the key is a mistake.
 */
export function jwksOf(keys: readonly PrivateKey[]): { keys: Array<ReturnType<typeof publicJwk>> } {
  const jwks = keys.map((key) => publicJwk(key, defaultAlgorithm(key)));
  if (new Set(jwks.map((k) => k.kid)).size !== jwks.length) {
    throw new OAuthJwtError('INVALID_OPTION', 'The key set would hold the same key twice.', 'Rotate to a newly generated key.');
  }
  return { keys: jwks };
}

/**
 * The files that register the next key beside the current one: next.pem, next.crt (when the next
 * key has a certificate), jwks.json (current and next) and, when `privateKeyFile`, next.key (mode 0600, first).
 */
export function nextKeyFiles(current: PrivateKey, next: KeyMaterial, options: { privateKeyFile: boolean }): FileToWrite[] {
  return [
    ...(options.privateKeyFile ? [{ name: NEXT_KEY_FILE, content: privateKeyPem(next.key), secret: true }] : []),
    ...(next.certificatePem ? [{ name: NEXT_CERTIFICATE_FILE, content: next.certificatePem }] : []),
    { name: NEXT_PUBLIC_KEY_FILE, content: publicKeyPem(next.key) },
    { name: JWKS_FILE, content: jsonFileText(jwksOf([current, next.key])) },
  ];
}
