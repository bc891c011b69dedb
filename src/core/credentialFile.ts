/**
 * The credential files providers hand out, read into a private key and the profile values they
 * carry: PEM or a private JWK (keys.ts), PEM pasted with literal "\n" sequences, a Google
 * service-account JSON file, a Box config.json (encrypted key and its passphrase inside) and
 * PKCS#12 (.pfx/.p12). Every file that holds no usable private key is refused by what it is.
 */
import { X509Certificate } from 'node:crypto';
import { type Message, msg, OAuthJwtError } from './errors';
import type { ExchangeConfig } from './exchangeConfig';
import { importPrivateKey, type PrivateKey } from './keys';
import { MAX_PEM_CHARS } from './limits';
import { normalizeInput, pemEncode } from './pem';
import { isNonArrayObject } from './plainObject';
import { looksLikePkcs12, readPkcs12 } from './pkcs12';
import { box, BOX_TOKEN_URL } from './providers/box';

export type CredentialKind = 'key' | 'google-service-account' | 'box-config' | 'pkcs12';

/** A private key read from a credential file, with what else the file carries. */
export interface Credential {
  kind: CredentialKind;
  /** What the file is, for messages: "a Google service-account JSON file". */
  description: Message;
  key: PrivateKey;
  /** The key's certificate (PEM) when the file holds one (PKCS#12). */
  certificatePem?: string;
  /** Profile values the file carries (never a secret). */
  profile?: Partial<ExchangeConfig>;
  /** A client secret the file carries (Box): for SecretStorage only, never for settings. */
  clientSecret?: string;
}

/** The "type" values of Google's credential files (gcloud, IAM, workload identity federation). */
const GOOGLE_CREDENTIAL_TYPES = new Set(['service_account', 'authorized_user', 'external_account', 'external_account_authorized_user', 'impersonated_service_account', 'gdch_service_account']);

/** The largest credential file read (a PKCS#12 file with a certificate chain is a few KB). */
export const MAX_CREDENTIAL_FILE_BYTES = MAX_PEM_CHARS * 4;

/**
 * Reads a credential file's bytes (or pasted text). `passphrase` opens an encrypted PEM key or a
 * PKCS#12 file; PASSPHRASE_REQUIRED when one is needed and not given, so the caller can ask.
 */
export function readCredential(input: Buffer | string, passphrase?: string): Credential {
  const bytes = typeof input === 'string' ? undefined : input;
  if (bytes && looksLikePkcs12(bytes)) return fromPkcs12(bytes, passphrase);
  if (bytes?.[0] === 0x30) {
    throw new OAuthJwtError('INVALID_PEM', msg('This is a binary (DER) file but not a readable PKCS#12 file: it is damaged, or a DER key or certificate.'), msg('Give the .pfx/.p12 file as exported, or convert a DER key to PEM: openssl pkey -inform DER -in <file> -out key.pem.'));
  }
  const text = normalizeInput(bytes ? bytes.toString('utf8') : input as string, msg('The credential file'), MAX_CREDENTIAL_FILE_BYTES);
  if (text.startsWith('{')) {
    const json = parseJson(text);
    if (GOOGLE_CREDENTIAL_TYPES.has(json.type as string) || json.private_key !== undefined || json.client_email !== undefined) return fromGoogleFile(json);
    if (json.boxAppSettings !== undefined) return fromBoxConfig(json, passphrase);
    if (Array.isArray(json.keys)) {
      throw new OAuthJwtError('NOT_A_PRIVATE_KEY', msg('This is a JSON Web Key Set (JWKS): it holds public keys, not a private key.'), msg('Give the private JWK (one key with a "d" member) or the private key file (PEM).'));
    }
    if (json.kty === undefined) {
      throw new OAuthJwtError('INVALID_JWK', msg('This JSON file is neither a private JWK, a Google service-account key file nor a Box config.json.'), msg('Give the key file the provider gave you, or the private key as PEM.'));
    }
  }
  return { kind: 'key', description: msg('a private key'), key: importPrivateKey(text, passphrase) };
}

function parseJson(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the input, which may hold a private key: never pass it on.
    throw new OAuthJwtError('INVALID_JWK', msg('The file looks like JSON but is not valid JSON.'), msg('Give the file exactly as the provider gave it.'));
  }
  if (!isNonArrayObject(value)) throw new OAuthJwtError('INVALID_JWK', msg('The JSON is not an object.'), msg('Give a private JWK, a Google service-account key file or a Box config.json.'));
  return value as Record<string, unknown>;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

/** Google's service-account key file ("type": "service_account"): private_key, private_key_id, client_email, token_uri. */
function fromGoogleFile(json: Record<string, unknown>): Credential {
  const description = msg('a Google service-account JSON file');
  if (json.type !== 'service_account') {
    throw new OAuthJwtError('NOT_A_PRIVATE_KEY', typeof json.type === 'string'
      ? msg('This is a Google credentials file of type "{0}", not a service-account key: it holds no private key.', json.type.slice(0, 40))
      : msg('This is a Google credentials file of type unknown, not a service-account key: it holds no private key.'), msg('Create a key for the service account (IAM → Service accounts → Keys → Add key → JSON) and give that file.'));
  }
  const pem = text(json.private_key);
  if (!pem) throw new OAuthJwtError('NOT_A_PRIVATE_KEY', msg('This is {0} without private_key.', description), msg('Download a new JSON key for the service account; the file holds the key only when it is created.'));
  const key = withContext(() => importPrivateKey(pem), description);
  const tokenUrl = text(json.token_uri);
  return {
    kind: 'google-service-account',
    description,
    key,
    profile: { flow: 'jwt-bearer', issuer: text(json.client_email), keyId: text(json.private_key_id), tokenUrl, audience: tokenUrl },
  };
}

/** Box's config.json: boxAppSettings.{clientID, clientSecret, appAuth.{publicKeyID, privateKey, passphrase}}, enterpriseID. */
function fromBoxConfig(json: Record<string, unknown>, passphrase: string | undefined): Credential {
  const description = msg('a Box config.json');
  const settings = isNonArrayObject(json.boxAppSettings) ? json.boxAppSettings as Record<string, unknown> : {};
  const appAuth = isNonArrayObject(settings.appAuth) ? settings.appAuth as Record<string, unknown> : {};
  const pem = text(appAuth.privateKey);
  if (!pem) {
    throw new OAuthJwtError('NOT_A_PRIVATE_KEY', msg('This is {0} without boxAppSettings.appAuth.privateKey (an app whose key pair Box did not generate).', description), msg('Generate a key pair in the Box Developer Console (Configuration → Add and Manage Public Keys) and download the new config.json, or import your own private key file.'));
  }
  const key = withContext(() => importPrivateKey(pem, text(appAuth.passphrase) ?? passphrase), description);
  const clientId = text(settings.clientID);
  const enterpriseId = typeof json.enterpriseID === 'number' ? String(json.enterpriseID) : text(json.enterpriseID);
  return {
    kind: 'box-config',
    description,
    key,
    profile: {
      flow: 'jwt-bearer', tokenUrl: BOX_TOKEN_URL, audience: BOX_TOKEN_URL, clientId, issuer: clientId, keyId: text(appAuth.publicKeyID),
      subject: enterpriseId, claims: enterpriseId ? { box_sub_type: 'enterprise' } : undefined, lifetimeSeconds: box.lifetimeSeconds,
    },
    clientSecret: text(settings.clientSecret),
  };
}

function fromPkcs12(bytes: Buffer, passphrase: string | undefined): Credential {
  const { keys, certificates } = readPkcs12(bytes, passphrase);
  const key = importPrivateKey(pemEncode('PRIVATE KEY', keys[0]!));
  // The certificate of this key: the one whose public key matches (a chain may come with it).
  const certificate = certificates.map(readCertificateDer).find((c) => c?.checkPrivateKey(key.key));
  return { kind: 'pkcs12', description: msg('a PKCS#12 file'), key, certificatePem: certificate?.toString() };
}

function readCertificateDer(der: Buffer): X509Certificate | undefined {
  try {
    return new X509Certificate(der);
  } catch {
    return undefined; // a damaged certificate in the bag: the key is still usable
  }
}

/** Runs an import of a key found inside a file, saying which file it was in when it fails. */
function withContext<T>(run: () => T, description: Message): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof OAuthJwtError && error.code !== 'PASSPHRASE_REQUIRED' && error.code !== 'BAD_PASSPHRASE') {
      throw new OAuthJwtError(error.code, msg('The key in {0}: {1}', description, error.localizable.message ?? error.message), error.localizable.hint ?? error.hint);
    }
    throw error;
  }
}
