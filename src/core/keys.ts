/**
 * Private and public keys: generation, import with every check the spec asks for, PEM and JWK export.
 * Parsing is Node's (OpenSSL); this module decides what is acceptable and says why when it is not.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPair as generateKeyPairCallback,
  KeyObject,
  X509Certificate,
} from 'node:crypto';
import { promisify } from 'node:util';
import type { JWK } from 'jose';
import { type Message, msg, OAuthJwtError } from './errors';
import { MAX_PEM_CHARS } from './limits';
import { assertAffordableKeyDerivation } from './keyDerivationCost';
import { findPemBlocks, normalizeInput, pemBody, type PemBlock } from './pem';

export type KeyType = 'rsa' | 'ec' | 'ed25519';
export type RsaBits = 2048 | 3072 | 4096;
export type Curve = 'P-256' | 'P-384' | 'P-521';
export type SigningAlgorithm =
  | 'RS256' | 'RS384' | 'RS512'
  | 'PS256' | 'PS384' | 'PS512'
  | 'ES256' | 'ES384' | 'ES512'
  | 'EdDSA';
export const SIGNING_ALGORITHMS: readonly SigningAlgorithm[] = [
  'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA',
];

export interface KeySpec {
  type: KeyType;
  /** RSA only; default 2048. */
  bits?: RsaBits;
  /** EC only; default P-256. */
  curve?: Curve;
}

/** A private key that passed every check, with what we know of it. */
export interface PrivateKey {
  readonly key: KeyObject;
  readonly type: KeyType;
  /** RSA modulus length. */
  readonly bits?: number;
  /** EC curve. */
  readonly curve?: Curve;
}

export const RSA_BITS: readonly RsaBits[] = [2048, 3072, 4096];
export const CURVES: readonly Curve[] = ['P-256', 'P-384', 'P-521'];
/** Below this an RSA key is refused (NIST SP 800-131A; also the floor jose enforces for RS and PS). */
export const MIN_RSA_BITS = 2048;

// OpenSSL's curve names, as Node reports them in asymmetricKeyDetails.namedCurve.
export const CURVE_BY_OPENSSL_NAME: Readonly<Record<string, Curve>> = {
  prime256v1: 'P-256',
  secp384r1: 'P-384',
  secp521r1: 'P-521',
};
const OPENSSL_NAME_BY_CURVE: Readonly<Record<Curve, string>> = {
  'P-256': 'prime256v1',
  'P-384': 'secp384r1',
  'P-521': 'secp521r1',
};

const generate = promisify(generateKeyPairCallback);

/** Generates a key pair with Node's asynchronous crypto.generateKeyPair (never blocks the event loop). */
export async function generateKeyPair(spec: KeySpec): Promise<PrivateKey> {
  let pair: { privateKey: KeyObject };
  switch (spec.type) {
    case 'rsa': {
      const bits = spec.bits ?? 2048;
      if (!RSA_BITS.includes(bits)) {
        throw new OAuthJwtError('INVALID_OPTION', msg('RSA keys are made with 2048, 3072 or 4096 bits, not {0}.', String(bits)), msg('Choose 2048, 3072 or 4096.'));
      }
      pair = await generate('rsa', { modulusLength: bits, publicExponent: 0x10001 });
      break;
    }
    case 'ec': {
      const curve = spec.curve ?? 'P-256';
      if (!CURVES.includes(curve)) {
        throw new OAuthJwtError('INVALID_OPTION', msg('EC keys are made on P-256, P-384 or P-521, not {0}.', String(curve)), msg('Choose P-256, P-384 or P-521.'));
      }
      pair = await generate('ec', { namedCurve: OPENSSL_NAME_BY_CURVE[curve] });
      break;
    }
    case 'ed25519':
      pair = await generate('ed25519');
      break;
    default:
      throw new OAuthJwtError('INVALID_OPTION', msg('Unknown key type {0}.', String((spec as { type: unknown }).type)), msg('Choose rsa, ec or ed25519.'));
  }
  return describePrivateKey(pair.privateKey);
}

/**
 * Imports a private key from text: PEM PKCS#8, PKCS#1, SEC1, encrypted PKCS#8 (needs `passphrase`),
 * or a private JWK (JSON). Size-capped before parsing. Refuses certificates and public keys
 * (NOT_A_PRIVATE_KEY, saying exactly that), RSA under 2048 bits (KEY_TOO_SMALL), a missing or
 * wrong passphrase (PASSPHRASE_REQUIRED / BAD_PASSPHRASE), anything else unreadable (INVALID_PEM / INVALID_JWK).
 * Tolerates CRLF line ends, a UTF-8 BOM and surrounding white space.
 */
export function importPrivateKey(text: string, passphrase?: string): PrivateKey {
  const input = normalizeInput(text, msg('The private key'), MAX_PEM_CHARS);
  if (input.startsWith('{')) return describePrivateKey(privateKeyFromJwk(input));
  return describePrivateKey(privateKeyFromPem(input, passphrase));
}

/** Imports a public key (SPKI PEM, PKCS#1 public PEM, certificate PEM or public JWK JSON). */
export function importPublicKey(text: string): KeyObject {
  const input = normalizeInput(text, msg('The public key'), MAX_PEM_CHARS);
  let key: KeyObject;
  if (input.startsWith('{')) {
    const jwk = parseJwk(input);
    // Only the public members are read, so a private JWK given here is used as its public half.
    key = parseOrThrow(() => createPublicKey({ key: publicMembers(jwk), format: 'jwk' }), 'INVALID_JWK', jwkUnreadable);
  } else {
    key = publicKeyFromPem(input);
  }
  assertSupported(key);
  return key;
}

/** PKCS#8 PEM of the private key (what `private.key` holds). */
export function privateKeyPem(key: PrivateKey): string {
  return key.key.export({ type: 'pkcs8', format: 'pem' }) as string;
}

/** SPKI PEM of the public key (`public.pem`). */
export function publicKeyPem(key: PrivateKey | KeyObject): string {
  return toPublicKeyObject(key).export({ type: 'spki', format: 'pem' }) as string;
}

/** Public JWK with `kid` = RFC 7638 SHA-256 thumbprint; never any private member. `alg` and `use: "sig"` set when given. */
export function publicJwk(key: PrivateKey | KeyObject, alg?: SigningAlgorithm): JWK & { kid: string } {
  const exported = toPublicKeyObject(key).export({ format: 'jwk' }) as JWK;
  // Rebuilt member by member so that nothing but the public members can ever slip through.
  const members = publicMembers(exported);
  const jwk: JWK & { kid: string } = { ...members, kid: jwkThumbprint(members) };
  if (alg !== undefined) {
    jwk.alg = alg;
    jwk.use = 'sig';
  }
  return jwk;
}

/** RFC 7638 SHA-256 thumbprint (base64url) of a public JWK. */
export function jwkThumbprint(jwk: JWK): string {
  const required = membersOf(jwk.kty);
  if (!required) {
    throw new OAuthJwtError('INVALID_JWK', msg('The JWK has no supported "kty" (RSA, EC or OKP).'), msg('Give a JWK of an RSA, EC or Ed25519 key.'));
  }
  const record = jwk as Record<string, unknown>;
  // RFC 7638 §3.2: only the required members, in lexicographic order, no white space.
  const canonical: Record<string, string> = {};
  for (const name of required) {
    const value = record[name];
    if (typeof value !== 'string' || value === '') {
      throw new OAuthJwtError('INVALID_JWK', msg('The {0} JWK has no "{1}" member.', String(jwk.kty), name), msg('Give the complete JWK as exported by the key owner.'));
    }
    canonical[name] = value;
  }
  return createHash('sha256').update(JSON.stringify(canonical)).digest('base64url');
}

// Required members per key type, already in lexicographic order (RFC 7638 §3.2).
const THUMBPRINT_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  RSA: ['e', 'kty', 'n'],
  EC: ['crv', 'kty', 'x', 'y'],
  OKP: ['crv', 'kty', 'x'],
};

/** The required members of a key type; own entries only, so a "kty" of "toString" finds nothing. */
function membersOf(kty: unknown): readonly string[] | undefined {
  return typeof kty === 'string' && Object.hasOwn(THUMBPRINT_MEMBERS, kty) ? THUMBPRINT_MEMBERS[kty] : undefined;
}

function publicMembers(jwk: JWK): JWK {
  const names = membersOf(jwk.kty);
  if (!names) {
    throw new OAuthJwtError('UNSUPPORTED_KEY', msg('This JWK is not an RSA, EC or Ed25519 key.'), msg('Use an RSA, EC (P-256, P-384, P-521) or Ed25519 key.'));
  }
  const record = jwk as Record<string, unknown>;
  const out: Record<string, unknown> = { kty: jwk.kty };
  for (const name of names) if (record[name] !== undefined) out[name] = record[name];
  return out as JWK;
}

function toPublicKeyObject(key: PrivateKey | KeyObject): KeyObject {
  const object = key instanceof KeyObject ? key : key.key;
  if (object.type === 'public') return object;
  if (object.type === 'private') return createPublicKey(object);
  throw new OAuthJwtError('UNSUPPORTED_KEY', msg('A secret (symmetric) key has no public key.'), msg('Use an RSA, EC or Ed25519 key pair.'));
}

const jwkUnreadable = 'The JWK could not be read as a key.';

function parseJwk(input: string): JWK {
  let value: unknown;
  try {
    value = JSON.parse(input);
  } catch {
    // JSON.parse's own message quotes the input, which may be a private key: never pass it on.
    throw new OAuthJwtError('INVALID_JWK', msg('The key looks like JSON but is not valid JSON.'), msg('Give a single JWK object, as exported by the key owner.'));
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new OAuthJwtError('INVALID_JWK', msg('The JSON is not a JWK object.'), msg('Give a single JWK object (not an array).'));
  }
  if ('keys' in value && !('kty' in value)) {
    throw new OAuthJwtError('INVALID_JWK', msg('This is a JWK Set, not a single key.'), msg('Give one key of the set, or use the option that reads a JWKS.'));
  }
  return value as JWK;
}

function privateKeyFromJwk(input: string): KeyObject {
  const jwk = parseJwk(input);
  if (jwk.kty === 'oct') {
    throw new OAuthJwtError('UNSUPPORTED_KEY', msg('This JWK is a symmetric (oct) key, not a private key of a key pair.'), msg('Give the private JWK of an RSA, EC or Ed25519 key.'));
  }
  if (jwk.kty === undefined) {
    throw new OAuthJwtError('INVALID_JWK', msg('This JSON is not a JWK: it has no "kty" member.'), msg('Give a private JWK, or the key file the provider gave you.'));
  }
  if (jwk.d === undefined) {
    throw new OAuthJwtError(
      'NOT_A_PRIVATE_KEY',
      msg('This is a public key, not a private key.'),
      msg('Give the private JWK (the one with a "d" member), or the private key file (PEM).'),
    );
  }
  publicMembers(jwk); // refuses unsupported key types with a clear message before Node sees them
  return parseOrThrow(() => createPrivateKey({ key: jwk, format: 'jwk' }), 'INVALID_JWK', jwkUnreadable);
}

const PRIVATE_LABELS = new Set(['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'ENCRYPTED PRIVATE KEY']);
const PUBLIC_LABELS = new Set(['PUBLIC KEY', 'RSA PUBLIC KEY']);
const CERTIFICATE_LABELS = new Set(['CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE']);
const giveThePrivateKey = (): Message => msg('Give the private key file instead (e.g. private.key, which begins with "-----BEGIN PRIVATE KEY-----" or "-----BEGIN RSA PRIVATE KEY-----").');

function pemBlocksOf(input: string, wanted: 'private' | 'public'): PemBlock[] {
  const blocks = findPemBlocks(input);
  if (blocks.length === 0) {
    throw wanted === 'private'
      ? new OAuthJwtError('INVALID_PEM', msg('This is not a PEM private key: there is no "-----BEGIN …-----" line.'), msg('Give the private key as PEM text or a JWK (JSON).'))
      : new OAuthJwtError('INVALID_PEM', msg('This is not a PEM public key or certificate: there is no "-----BEGIN …-----" line.'), msg('Give the public key or certificate as PEM text or a JWK (JSON).'));
  }
  return blocks;
}

function privateKeyFromPem(input: string, passphrase: string | undefined): KeyObject {
  const blocks = pemBlocksOf(input, 'private');
  // A bundle (certificate and key in one file, or EC PARAMETERS before the key) is fine: take the key.
  const block = blocks.find((b) => PRIVATE_LABELS.has(b.label));
  if (!block) throw notAPrivateKey(blocks[0]!.label);
  const encrypted = block.label === 'ENCRYPTED PRIVATE KEY' || block.legacyEncrypted;
  // Before the passphrase is asked for: the file chooses how long decrypting it takes.
  if (block.label === 'ENCRYPTED PRIVATE KEY') assertAffordableKeyDerivation(pemBody(block));
  if (encrypted && passphrase === undefined) {
    throw new OAuthJwtError('PASSPHRASE_REQUIRED', msg('This private key is encrypted: it needs its passphrase.'), msg('Give the passphrase that protects the key.'));
  }
  try {
    return createPrivateKey(encrypted ? { key: block.text, format: 'pem', passphrase } : { key: block.text, format: 'pem' });
  } catch {
    if (encrypted) {
      throw new OAuthJwtError('BAD_PASSPHRASE', msg('The private key could not be decrypted: the passphrase is wrong (or the file is damaged).'), msg('Check the passphrase and try again.'));
    }
    throw new OAuthJwtError('INVALID_PEM', msg('The {0} block could not be read: the key data is damaged or truncated.', block.label), msg('Copy the whole key file again, from the BEGIN line to the END line.'));
  }
}

function notAPrivateKey(label: string): OAuthJwtError {
  if (CERTIFICATE_LABELS.has(label)) {
    return new OAuthJwtError('NOT_A_PRIVATE_KEY', msg('This is a certificate, not a private key.'), msg('The certificate is what you upload to the server. {0}', giveThePrivateKey()));
  }
  if (PUBLIC_LABELS.has(label)) {
    return new OAuthJwtError('NOT_A_PRIVATE_KEY', msg('This is a public key, not a private key.'), msg('The public key is what you register with the server. {0}', giveThePrivateKey()));
  }
  if (label === 'CERTIFICATE REQUEST' || label === 'NEW CERTIFICATE REQUEST') {
    return new OAuthJwtError('NOT_A_PRIVATE_KEY', msg('This is a certificate signing request, not a private key.'), giveThePrivateKey());
  }
  if (label === 'OPENSSH PRIVATE KEY') {
    return new OAuthJwtError(
      'UNSUPPORTED_KEY',
      msg('This is an OpenSSH private key, which is not read here.'),
      msg('Convert a copy to PEM first: ssh-keygen -p -m PKCS8 -f <copy of the key file>.'),
    );
  }
  return new OAuthJwtError('INVALID_PEM', msg('This PEM block is a "{0}", not a private key.', label), giveThePrivateKey());
}

function publicKeyFromPem(input: string): KeyObject {
  const blocks = pemBlocksOf(input, 'public');
  const block = blocks.find((b) => PUBLIC_LABELS.has(b.label) || CERTIFICATE_LABELS.has(b.label) || PRIVATE_LABELS.has(b.label));
  if (!block) {
    throw new OAuthJwtError('INVALID_PEM', msg('This PEM block is a "{0}", not a public key or certificate.', blocks[0]!.label), msg('Give a public key (public.pem), a certificate (.crt) or a JWK.'));
  }
  const damaged = msg('The {0} block could not be read: it is damaged or truncated.', block.label);
  const copyAgain = msg('Copy the whole file again, from the BEGIN line to the END line.');
  if (CERTIFICATE_LABELS.has(block.label)) {
    return parseOrThrow(() => new X509Certificate(block.text).publicKey, 'INVALID_PEM', damaged, copyAgain);
  }
  if (block.label === 'ENCRYPTED PRIVATE KEY' || block.legacyEncrypted) {
    throw new OAuthJwtError('INVALID_PEM', msg('This is an encrypted private key; a public key is needed here.'), msg('Give the public key (public.pem) or the certificate instead.'));
  }
  // An unencrypted private key carries its public half; verifying with it is harmless.
  return parseOrThrow(() => createPublicKey({ key: block.text, format: 'pem' }), 'INVALID_PEM', damaged, copyAgain);
}

/** Runs a Node parser, replacing its error (which we never show: it may quote input) with ours. */
function parseOrThrow<T>(parse: () => T, code: 'INVALID_PEM' | 'INVALID_JWK', message: string | Message, hint: string | Message = msg('Check that the key is complete and unchanged.')): T {
  try {
    return parse();
  } catch {
    throw new OAuthJwtError(code, message, hint);
  }
}

interface KeyFacts {
  type: KeyType;
  bits?: number;
  curve?: Curve;
}

/** What the key is, or a refusal when it is a type, curve or size we do not sign with. */
function assertSupported(key: KeyObject): KeyFacts {
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case 'rsa': {
      const bits = details.modulusLength ?? 0;
      if (bits < MIN_RSA_BITS) {
        throw new OAuthJwtError('KEY_TOO_SMALL', msg('This RSA key has {0} bits; at least {1} are required.', bits, MIN_RSA_BITS), msg('Generate a new RSA key of 2048 bits or more.'));
      }
      return { type: 'rsa', bits };
    }
    case 'ec': {
      const curve = CURVE_BY_OPENSSL_NAME[details.namedCurve ?? ''];
      if (!curve) {
        throw new OAuthJwtError('UNSUPPORTED_KEY', details.namedCurve === undefined ? msg('EC keys on the curve (unknown) are not supported.') : msg('EC keys on the curve {0} are not supported.', details.namedCurve), msg('Use an EC key on P-256, P-384 or P-521, an RSA key or an Ed25519 key.'));
      }
      return { type: 'ec', curve };
    }
    case 'ed25519':
      return { type: 'ed25519' };
    case 'rsa-pss':
      throw new OAuthJwtError('UNSUPPORTED_KEY', msg('This is an RSA-PSS-only key (OID RSASSA-PSS), which cannot sign RS256.'), msg('Use a plain RSA key ("BEGIN PRIVATE KEY" or "BEGIN RSA PRIVATE KEY"); it can sign both RS* and PS*.'));
    default:
      throw new OAuthJwtError('UNSUPPORTED_KEY', key.asymmetricKeyType === undefined ? msg('Keys of type unknown are not supported.') : msg('Keys of type {0} are not supported.', key.asymmetricKeyType), msg('Use an RSA (2048 bits or more), EC (P-256, P-384, P-521) or Ed25519 key.'));
  }
}

function describePrivateKey(key: KeyObject): PrivateKey {
  const facts = assertSupported(key);
  return { key, ...facts };
}

/**
 * Base64 SHA-256 of the public key's DER SPKI: Snowflake's key fingerprint ("SHA256:" + this, what
 * DESC USER shows as RSA_PUBLIC_KEY_FP and what `openssl pkey -pubout -outform DER | openssl dgst -sha256 -binary | openssl enc -base64` prints).
 */
export function spkiSha256Base64(key: PrivateKey | KeyObject): string {
  return createHash('sha256').update(toPublicKeyObject(key).export({ type: 'spki', format: 'der' })).digest('base64');
}
