import { constants, randomUUID, sign as nodeSign, type KeyObject } from 'node:crypto';
import { chooseAlgorithm } from './algorithmChoice';
import { assertAlgorithmSuitsKey, defaultAlgorithm } from './algorithms';
import { epochSeconds, systemClock, type Clock } from './clock';
import { type Message, msg, OAuthJwtError } from './errors';
import { assertNoProtoKeys, describeType, type JsonObject } from './jsonObject';
import { MIN_RSA_BITS, type PrivateKey, type SigningAlgorithm } from './keys';
import { DEFAULT_LIFETIME_SECONDS, MILLISECONDS_THRESHOLD } from './limits';
import { isNonArrayObject } from './plainObject';

/** What a JWT is built from: extra header members and claims, and how long it lives. */
export interface JwtTemplate {
  header?: JsonObject;
  claims?: JsonObject;
  /** Seconds from `iat` to `exp` (default DEFAULT_LIFETIME_SECONDS = 300). */
  lifetimeSeconds?: number;
  /** Add a fresh random UUID `jti` unless the claims hold one. */
  jti?: boolean;
}

const TIME_CLAIMS = ['iat', 'nbf', 'exp'] as const;

/** A fresh plain object holding `source`'s members; call only after assertNoProtoKeys. */
function copyMembers(source: JsonObject): JsonObject {
  const copy: JsonObject = {};
  for (const [key, value] of Object.entries(source)) copy[key] = value;
  return copy;
}

function checkTimeClaim(claims: JsonObject, name: (typeof TIME_CLAIMS)[number]): void {
  const value = claims[name];
  if (value === undefined) return;
  const fail = (message: Message, hint: Message): never => {
    throw new OAuthJwtError('INVALID_CLAIMS', message, hint);
  };
  const writeSeconds = () => msg('Write it as a whole number of seconds since 1970-01-01 (for example 1700000000).');
  if (typeof value === 'string') {
    fail(msg('The "{0}" claim is a string.', name),
      msg('Write it as a number without quotes: a whole number of seconds since 1970-01-01 (for example 1700000000). Leave "iat" and "exp" out to have them computed.'));
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(msg('The "{0}" claim is {1}, not a number.', name, describeType(value)), writeSeconds());
  const n = value as number;
  if (n > MILLISECONDS_THRESHOLD) fail(msg('The "{0}" claim looks like milliseconds, not seconds.', name), msg('Divide it by 1000: JWT times are seconds since the epoch.'));
  if (!Number.isInteger(n)) fail(msg('The "{0}" claim is not a whole number.', name), msg('Write it as a whole number of seconds since 1970-01-01 (for example 1700000000), without a fraction.'));
  if (n < 0) fail(msg('The "{0}" claim is negative.', name), writeSeconds());
}

/**
 * Builds header and payload: `typ: "JWT"` (unless set), `iat` = now and `exp` = iat + lifetime in whole
 * seconds unless the template's claims set them, a fresh `jti` when asked. `alg` is NOT set here.
 * Validates: claims and header are plain objects (INVALID_CLAIMS), `__proto__`-style keys are refused,
 * iat/exp/nbf are integers (seconds), exp > iat, lifetime a positive integer (INVALID_OPTION).
 */
export function buildJwt(template: JwtTemplate, clock: Clock = systemClock): { header: JsonObject; payload: JsonObject } {
  const { header: headerIn = {}, claims: claimsIn = {}, lifetimeSeconds = DEFAULT_LIFETIME_SECONDS } = template;
  if (!isNonArrayObject(headerIn)) throw new OAuthJwtError('INVALID_CLAIMS', msg('The JWT header must be a JSON object, not {0}.', describeType(headerIn)), msg('Write the header as {"name": value, …}.'));
  if (!isNonArrayObject(claimsIn)) throw new OAuthJwtError('INVALID_CLAIMS', msg('The JWT claims must be a JSON object, not {0}.', describeType(claimsIn)), msg('Write the claims as {"name": value, …}.'));
  assertNoProtoKeys(headerIn, msg('The JWT header'));
  assertNoProtoKeys(claimsIn, msg('The JWT claims'));
  if (!Number.isSafeInteger(lifetimeSeconds) || lifetimeSeconds <= 0) {
    throw new OAuthJwtError('INVALID_OPTION', msg('The token lifetime must be a positive whole number of seconds.'), msg('Use for example {0} (five minutes).', DEFAULT_LIFETIME_SECONDS));
  }
  for (const name of TIME_CLAIMS) checkTimeClaim(claimsIn, name);

  const header: JsonObject = { typ: 'JWT', ...copyMembers(headerIn) };
  const payload = copyMembers(claimsIn);
  const iat = (payload.iat as number | undefined) ?? epochSeconds(clock);
  payload.iat = iat;
  payload.exp = (payload.exp as number | undefined) ?? iat + lifetimeSeconds;
  if ((payload.exp as number) <= iat) {
    throw new OAuthJwtError('INVALID_CLAIMS', msg('The "exp" claim ({0}) is not after "iat" ({1}).', String(payload.exp), iat), msg('Leave "exp" out to have it computed from the lifetime, or set it later than "iat".'));
  }
  if (template.jti && payload.jti === undefined) payload.jti = randomUUID();
  return { header, payload };
}

/**
 * Signs with Node's crypto (RFC 7515 compact serialization; RFC 7518 algorithms), in libuv's thread
 * pool so a large RSA key does not hold the event loop. Not through jose: its WebCrypto path costs the
 * CLI's `sign` and `token` start-up time (bench/cliStartup.ts); jose still verifies (jwtVerify.ts),
 * and the unit tests verify what this signs with jose. `alg` defaults to the header's `alg`, else to
 * the key's default (defaultAlgorithm), and must suit the key (assertAlgorithmSuitsKey; "none" is
 * ALG_NONE). Header `alg` is always the one used. Returns a compact JWS.
 */
export async function signJwt(header: JsonObject, payload: JsonObject, key: PrivateKey, alg?: SigningAlgorithm | string): Promise<string> {
  if (!isNonArrayObject(header) || !isNonArrayObject(payload)) {
    throw new OAuthJwtError('INVALID_CLAIMS', msg('The JWT header and claims must be JSON objects.'), msg('Write each as {"name": value, …}.'));
  }
  assertNoProtoKeys(header, msg('The JWT header'));
  assertNoProtoKeys(payload, msg('The JWT claims'));
  if (key?.key?.type !== 'private') {
    throw new OAuthJwtError('NOT_A_PRIVATE_KEY', msg('Signing needs a private key, and this is not one.'), msg('Import the private key (PEM or private JWK), not the certificate or public key.'));
  }
  if (Object.hasOwn(header, 'b64')) {
    // jose refuses it with a TypeError that would read as a key problem; say what it is.
    throw new OAuthJwtError('INVALID_CLAIMS', msg('The JWT header has a "b64" member (an RFC 7797 unencoded payload), which is not signed here.'),
      msg('Remove "b64" (and its "crit" entry) from the header: token endpoints expect an ordinary JWS.'));
  }
  const chosen = chooseAlgorithm({ algorithm: alg, header, keyDefault: () => defaultAlgorithm(key) })!;
  assertAlgorithmSuitsKey(chosen, key);
  const cannotSign = (why: 'header' | 'key', cause?: unknown) => new OAuthJwtError(why === 'header' ? 'INVALID_CLAIMS' : 'UNSUPPORTED_KEY',
    why === 'header'
      ? msg('The JWT could not be signed with {0} because the header has a member that makes it invalid (such as "crit" or "b64").', chosen)
      : msg('The JWT could not be signed with {0} with this key.', chosen),
    msg('Check the header members and that the key suits the algorithm (RSA keys need 2048 bits or more).'), cause === undefined ? undefined : { cause });
  // RFC 7515 §4.1.11: no extension is understood here, so a "crit" header cannot be honoured.
  if (header.crit !== undefined) throw cannotSign('header');
  const bits = key.key.asymmetricKeyDetails?.modulusLength;
  if (chosen.startsWith('RS') || chosen.startsWith('PS')) {
    if (bits === undefined || bits < MIN_RSA_BITS) throw cannotSign('key');
  }
  // `alg` first, as readers expect; whatever the template said, the algorithm used is the one named.
  const ordered: JsonObject = { alg: chosen };
  for (const [name, value] of Object.entries(header)) if (name !== 'alg') ordered[name] = value;
  let encodedPayload: string;
  try {
    encodedPayload = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  } catch (error) {
    throw new OAuthJwtError('INVALID_CLAIMS', msg('The JWT claims cannot be written as JSON.'), msg('Use only JSON values: strings, numbers, booleans, null, arrays and objects.'), { cause: error });
  }
  let encodedHeader: string;
  try {
    encodedHeader = Buffer.from(JSON.stringify(ordered), 'utf8').toString('base64url');
  } catch (error) {
    throw cannotSign('header', error);
  }
  const input = `${encodedHeader}.${encodedPayload}`;
  try {
    return `${input}.${(await signature(chosen, Buffer.from(input, 'ascii'), key.key)).toString('base64url')}`;
  } catch (error) {
    // Node's message may describe the key; give our own and keep it only as the cause.
    throw cannotSign('key', error);
  }
}

/** The JWS signature of `input` (RFC 7518 §3): ECDSA as r || s, PSS with a salt as long as the hash. */
function signature(alg: SigningAlgorithm, input: Buffer, key: KeyObject): Promise<Buffer> {
  const hash = alg === 'EdDSA' ? null : `sha${alg.slice(2)}`;
  const options = alg.startsWith('PS') ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
    : alg.startsWith('ES') ? { key, dsaEncoding: 'ieee-p1363' as const }
    : key;
  return new Promise((resolve, reject) => nodeSign(hash, input, options, (error, signed) => (error ? reject(error) : resolve(signed))));
}
