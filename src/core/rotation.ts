/**
 * What rotating a key makes, the same for `oauth-jwt rotate` and the Rotate Key command: the next
 * key of the same type, its certificate when the current key has one (same CN, same validity
 * length), and the files a provider needs to register it beside the current key — the next
 * certificate, the next public PEM, and a JWKS holding both public keys.
 */
import { defaultAlgorithm } from './algorithms';
import { msg, OAuthJwtError } from './errors';
import { JWKS_FILE, jsonFileText, type FileToWrite } from './keyFiles';
import { generateKeyMaterial, type KeyMaterial } from './keyMaterial';
import { parseJsonObject } from './jsonObject';
import { importPublicKey, privateKeyPem, publicJwk, publicKeyPem, type KeySpec, type PrivateKey } from './keys';
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
    throw new OAuthJwtError('INVALID_OPTION', msg('The key set would hold the same key twice.'), msg('Rotate to a newly generated key.'));
  }
  return { keys: jwks };
}

/**
 * A key set already registered (a JWKS file's text) with `key` added: what `oauth-jwt keygen
 * --jwks` exports so the provider can hold the old keys and the new one. Only the public members
 * of the existing keys are kept (a private JWKS given by mistake is not copied), with their `kid`,
 * `alg` and `use` when they are strings. The new key must not be in the set already.
 */
export function jwksWith(existingText: string, key: PrivateKey): { keys: object[] } {
  const existing = parseJsonObject(existingText, msg('The JWKS'));
  if (!Array.isArray(existing.keys)) throw new OAuthJwtError('INVALID_JWK', msg('The JWKS has no "keys" array.'), msg('Give a JSON Web Key Set: {"keys": [ … ]}.'));
  const keys = existing.keys.map((member) => {
    const jwk = (member !== null && typeof member === 'object' ? member : {}) as Record<string, unknown>;
    const rebuilt: Record<string, unknown> = publicJwk(importPublicKey(JSON.stringify(jwk)));
    for (const name of ['kid', 'alg', 'use']) if (typeof jwk[name] === 'string') rebuilt[name] = jwk[name];
    return rebuilt;
  });
  const added = publicJwk(key, defaultAlgorithm(key));
  if (keys.some((k) => k.kid === added.kid)) throw new OAuthJwtError('INVALID_OPTION', msg('The JWKS already holds this key.'), msg('Give the key set of the keys registered before this one.'));
  return { keys: [...keys, added] };
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
