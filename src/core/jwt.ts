import { X509Certificate, createPublicKey, randomUUID, type JsonWebKey, type KeyObject } from 'node:crypto';
import { CompactSign, createLocalJWKSet, errors as joseErrors, jwtVerify, type CompactJWSHeaderParameters, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { algorithmsForKeyObject, assertAlgorithmSuitsKey, assertAlgorithmSuitsKeyObject, defaultAlgorithm } from './algorithms';
import { epochSeconds, systemClock, type Clock } from './clock';
import { OAuthJwtError } from './errors';
import { SIGNING_ALGORITHMS, type PrivateKey, type SigningAlgorithm } from './keys';
import { DEFAULT_LIFETIME_SECONDS, MAX_JSON_CHARS, MAX_PEM_CHARS, MAX_TOKEN_CHARS } from './limits';

export type JsonObject = Record<string, unknown>;

/** What a JWT is built from: extra header members and claims, and how long it lives. */
export interface JwtTemplate {
  header?: JsonObject;
  claims?: JsonObject;
  /** Seconds from `iat` to `exp` (default DEFAULT_LIFETIME_SECONDS = 300). */
  lifetimeSeconds?: number;
  /** Add a fresh random UUID `jti` unless the claims hold one. */
  jti?: boolean;
}

/** Above this a time claim is almost surely milliseconds: 1e11 seconds is the year 5138. */
const MILLISECONDS_THRESHOLD = 1e11;
const TIME_CLAIMS = ['iat', 'nbf', 'exp'] as const;

function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * JSON.parse turns a "__proto__" key into an own property; copying such an object with
 * assignment or Object.assign would then replace the copy's prototype. Refuse it anywhere.
 */
function assertNoProtoKeys(value: unknown, what: string, depth = 0): void {
  if (depth > 64 || typeof value !== 'object' || value === null) return;
  for (const key of Object.keys(value)) {
    if (key === '__proto__') {
      throw new OAuthJwtError('INVALID_CLAIMS', `${what} has a "__proto__" member, which is refused.`,
        'Remove the "__proto__" member; it is never a meaningful JWT claim or header.');
    }
    assertNoProtoKeys((value as Record<string, unknown>)[key], what, depth + 1);
  }
}

/** A fresh plain object holding `source`'s members; call only after assertNoProtoKeys. */
function copyMembers(source: JsonObject): JsonObject {
  const copy: JsonObject = {};
  for (const [key, value] of Object.entries(source)) copy[key] = value;
  return copy;
}

function checkTimeClaim(claims: JsonObject, name: (typeof TIME_CLAIMS)[number]): void {
  const value = claims[name];
  if (value === undefined) return;
  const fail = (problem: string, hint: string) => {
    throw new OAuthJwtError('INVALID_CLAIMS', `The "${name}" claim ${problem}.`, hint);
  };
  const seconds = 'a whole number of seconds since 1970-01-01 (for example 1700000000)';
  if (typeof value === 'string') fail('is a string', `Write it as a number without quotes: ${seconds}. Leave "iat" and "exp" out to have them computed.`);
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(`is ${kindOf(value)}, not a number`, `Write it as ${seconds}.`);
  const n = value as number;
  if (n > MILLISECONDS_THRESHOLD) fail('looks like milliseconds, not seconds', 'Divide it by 1000: JWT times are seconds since the epoch.');
  if (!Number.isInteger(n)) fail('is not a whole number', `Write it as ${seconds}, without a fraction.`);
  if (n < 0) fail('is negative', `Write it as ${seconds}.`);
}

/**
 * Builds header and payload: `typ: "JWT"` (unless set), `iat` = now and `exp` = iat + lifetime in whole
 * seconds unless the template's claims set them, a fresh `jti` when asked. `alg` is NOT set here.
 * Validates: claims and header are plain objects (INVALID_CLAIMS), `__proto__`-style keys are refused,
 * iat/exp/nbf are integers (seconds), exp > iat, lifetime a positive integer (INVALID_OPTION).
 */
export function buildJwt(template: JwtTemplate, clock: Clock = systemClock): { header: JsonObject; payload: JsonObject } {
  const { header: headerIn = {}, claims: claimsIn = {}, lifetimeSeconds = DEFAULT_LIFETIME_SECONDS } = template;
  if (!isPlainObject(headerIn)) throw new OAuthJwtError('INVALID_CLAIMS', `The JWT header must be a JSON object, not ${kindOf(headerIn)}.`, 'Write the header as {"name": value, …}.');
  if (!isPlainObject(claimsIn)) throw new OAuthJwtError('INVALID_CLAIMS', `The JWT claims must be a JSON object, not ${kindOf(claimsIn)}.`, 'Write the claims as {"name": value, …}.');
  assertNoProtoKeys(headerIn, 'The JWT header');
  assertNoProtoKeys(claimsIn, 'The JWT claims');
  if (!Number.isSafeInteger(lifetimeSeconds) || lifetimeSeconds <= 0) {
    throw new OAuthJwtError('INVALID_OPTION', 'The token lifetime must be a positive whole number of seconds.', `Use for example ${DEFAULT_LIFETIME_SECONDS} (five minutes).`);
  }
  for (const name of TIME_CLAIMS) checkTimeClaim(claimsIn, name);

  const header: JsonObject = { typ: 'JWT', ...copyMembers(headerIn) };
  const payload = copyMembers(claimsIn);
  const iat = (payload.iat as number | undefined) ?? epochSeconds(clock);
  payload.iat = iat;
  payload.exp = (payload.exp as number | undefined) ?? iat + lifetimeSeconds;
  if ((payload.exp as number) <= iat) {
    throw new OAuthJwtError('INVALID_CLAIMS', `The "exp" claim (${payload.exp}) is not after "iat" (${iat}).`, 'Leave "exp" out to have it computed from the lifetime, or set it later than "iat".');
  }
  if (template.jti && payload.jti === undefined) payload.jti = randomUUID();
  return { header, payload };
}

/**
 * Signs with jose. `alg` defaults to the header's `alg`, else to the key's default (defaultAlgorithm), and
 * must suit the key (assertAlgorithmSuitsKey; "none" is ALG_NONE). Header `alg` is always the one used.
 * Returns a compact JWS.
 */
export async function signJwt(header: JsonObject, payload: JsonObject, key: PrivateKey, alg?: SigningAlgorithm | string): Promise<string> {
  if (!isPlainObject(header) || !isPlainObject(payload)) {
    throw new OAuthJwtError('INVALID_CLAIMS', 'The JWT header and claims must be JSON objects.', 'Write each as {"name": value, …}.');
  }
  assertNoProtoKeys(header, 'The JWT header');
  assertNoProtoKeys(payload, 'The JWT claims');
  if (key?.key?.type !== 'private') {
    throw new OAuthJwtError('NOT_A_PRIVATE_KEY', 'Signing needs a private key, and this is not one.', 'Import the private key (PEM or private JWK), not the certificate or public key.');
  }
  const chosen = alg ?? (typeof header.alg === 'string' ? header.alg : undefined) ?? defaultAlgorithm(key);
  assertAlgorithmSuitsKey(chosen, key);
  // `alg` first, as readers expect; whatever the template said, the algorithm used is the one named.
  const ordered: CompactJWSHeaderParameters = { alg: chosen };
  for (const [name, value] of Object.entries(header)) if (name !== 'alg') ordered[name] = value;
  let encoded: Uint8Array;
  try {
    encoded = new TextEncoder().encode(JSON.stringify(payload));
  } catch (error) {
    throw new OAuthJwtError('INVALID_CLAIMS', 'The JWT claims cannot be written as JSON.', 'Use only JSON values: strings, numbers, booleans, null, arrays and objects.', { cause: error });
  }
  try {
    return await new CompactSign(encoded).setProtectedHeader(ordered).sign(key.key);
  } catch (error) {
    // jose's message may describe the key; give our own and keep jose's error only as the cause.
    throw new OAuthJwtError(error instanceof joseErrors.JOSEError ? 'INVALID_CLAIMS' : 'UNSUPPORTED_KEY',
      `The JWT could not be signed with ${chosen}${error instanceof joseErrors.JOSEError ? ' because the header has a member that makes it invalid (such as "crit" or "b64")' : ' with this key'}.`,
      'Check the header members and that the key suits the algorithm (RSA keys need 2048 bits or more).', { cause: error });
  }
}

export interface DecodedJwt {
  header: JsonObject;
  payload: JsonObject;
  /** base64url signature part as given. */
  signature: string;
  /** Always false: decoding never checks the signature. */
  verified: false;
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

function invalidToken(message: string, hint = 'Copy the whole token again: three base64url parts joined by dots (header.payload.signature).'): OAuthJwtError {
  return new OAuthJwtError('INVALID_TOKEN', message, hint);
}

function assertTokenSize(token: unknown): asserts token is string {
  if (typeof token !== 'string') throw invalidToken(`The token is ${kindOf(token)}, not text.`);
  if (token.length > MAX_TOKEN_CHARS) {
    throw new OAuthJwtError('INPUT_TOO_LARGE', `The token is ${token.length} characters long; at most ${MAX_TOKEN_CHARS} are accepted.`,
      'Paste only the token itself.');
  }
}

/** The compact token without surrounding white space or a leading "Bearer ". */
function normalizeToken(token: string): string {
  return token.trim().replace(/^Bearer\s+/i, '').trim();
}

function decodeSegment(segment: string, part: 'header' | 'payload'): JsonObject {
  if (segment === '') throw invalidToken(`The ${part} part of the token is empty.`);
  if (!BASE64URL.test(segment)) {
    const standard = /[+/=]/.test(segment);
    throw invalidToken(`The ${part} part of the token is not base64url: it holds characters other than A–Z, a–z, 0–9, "-" and "_".`,
      standard ? 'It looks like standard base64 ("+", "/" or "="); JWTs use base64url without padding.' : undefined);
  }
  if (segment.length % 4 === 1) throw invalidToken(`The ${part} part of the token has a length no base64url text can have; it was probably cut short.`);
  let text: string;
  try {
    text = utf8.decode(Buffer.from(segment, 'base64url'));
  } catch {
    throw invalidToken(`The ${part} part of the token does not decode to UTF-8 text.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalidToken(`The ${part} part of the token is not JSON.`);
  }
  if (!isPlainObject(value)) throw invalidToken(`The ${part} part of the token is ${kindOf(value)}, not a JSON object.`);
  return value;
}

/**
 * Decodes without verifying. Size-capped (MAX_TOKEN_CHARS) before parsing; white space around the
 * token and a leading "Bearer " are ignored. INVALID_TOKEN (saying exactly what is wrong) for: not three
 * segments (a five-segment JWE is named as such), bad base64url, header or payload not a JSON object.
 */
export function decodeJwt(token: string): DecodedJwt {
  assertTokenSize(token);
  const compact = normalizeToken(token);
  if (compact === '') throw invalidToken('No token was given.', 'Paste a JWT: three base64url parts joined by dots.');
  const parts = compact.split('.');
  if (parts.length === 5) {
    throw invalidToken('This is an encrypted JWE (five parts), not a signed JWT; its contents cannot be read without the recipient\'s private key.',
      'Decode and verify signed JWTs (three parts) here.');
  }
  if (parts.length !== 3) {
    throw invalidToken(`The token has ${parts.length} part${parts.length === 1 ? '' : 's'}; a signed JWT has three (header.payload.signature).`,
      parts.length === 2 ? 'The signature part is missing; the token was probably cut short when copied.' : undefined);
  }
  const [headerPart, payloadPart, signature] = parts as [string, string, string];
  const header = decodeSegment(headerPart, 'header');
  const payload = decodeSegment(payloadPart, 'payload');
  if (!BASE64URL.test(signature)) throw invalidToken('The signature part of the token is not base64url.');
  return { header, payload, signature, verified: false };
}

export interface VerifyKeySource {
  /** PEM certificate. */
  certificate?: string;
  /** SPKI PEM / PKCS#1 public PEM / public JWK JSON; a private key's public half is accepted too. */
  publicKey?: string | KeyObject;
  /** JWKS JSON text ({"keys":[…]}). */
  jwks?: string;
}

export interface VerifyOptions {
  /** Allow-list; default all SIGNING_ALGORITHMS. `none` is never admitted (ALG_NONE). An empty list is INVALID_OPTION. */
  algorithms?: SigningAlgorithm[];
  issuer?: string;
  audience?: string;
  clock?: Clock;
  /** Tolerated clock skew in seconds (default 0). */
  clockToleranceSeconds?: number;
}

export interface VerifiedJwt {
  header: JsonObject;
  payload: JsonObject;
  verified: true;
}

function assertPemSize(text: string, what: string): void {
  if (text.length > MAX_PEM_CHARS) {
    throw new OAuthJwtError('INPUT_TOO_LARGE', `The ${what} is ${text.length} characters long; at most ${MAX_PEM_CHARS} are accepted.`, `Give only the ${what} itself.`);
  }
}

function publicKeyFrom(value: string | KeyObject): KeyObject {
  if (typeof value !== 'string') {
    if (value.type === 'secret') throw new OAuthJwtError('UNSUPPORTED_KEY', 'A shared secret cannot verify these signatures.', 'Give the signer\'s public key, certificate or JWKS.');
    return value.type === 'private' ? createPublicKey(value) : value;
  }
  assertPemSize(value, 'public key');
  const text = value.trim();
  try {
    if (text.startsWith('{')) {
      const jwk = parseJsonObject(text, 'The public JWK');
      if (typeof jwk.kty !== 'string' || jwk.kty === 'oct') throw new Error('not an asymmetric JWK');
      return createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
    }
    return createPublicKey(text);
  } catch (error) {
    if (error instanceof OAuthJwtError) throw error;
    throw new OAuthJwtError(text.startsWith('{') ? 'INVALID_JWK' : 'INVALID_PEM', 'The public key could not be read.',
      'Give an SPKI PEM ("BEGIN PUBLIC KEY"), a PKCS#1 public PEM, a certificate or a public JWK.', { cause: error });
  }
}

function certificateKey(pem: string): KeyObject {
  assertPemSize(pem, 'certificate');
  try {
    return new X509Certificate(pem.trim()).publicKey;
  } catch (error) {
    throw new OAuthJwtError('INVALID_PEM', 'The certificate could not be read.', 'Give a PEM certificate ("BEGIN CERTIFICATE"), such as certificate_pub.crt.', { cause: error });
  }
}

function jwksResolver(text: string): JWTVerifyGetKey {
  const jwks = parseJsonObject(text, 'The JWKS');
  if (!Array.isArray(jwks.keys)) throw new OAuthJwtError('INVALID_JWK', 'The JWKS has no "keys" array.', 'Give a JSON Web Key Set: {"keys": [ … ]}.');
  try {
    return createLocalJWKSet(jwks as unknown as JSONWebKeySet);
  } catch (error) {
    throw new OAuthJwtError('INVALID_JWK', 'The JWKS is not a valid JSON Web Key Set.', 'Each member of "keys" must be a JWK object with a "kty".', { cause: error });
  }
}

function verificationKey(source: VerifyKeySource): KeyObject | JWTVerifyGetKey {
  const given = [source?.certificate, source?.publicKey, source?.jwks].filter((v) => v !== undefined).length;
  if (given !== 1) {
    throw new OAuthJwtError('INVALID_OPTION', given ? 'Give only one key to verify with.' : 'No key was given to verify the token with.',
      'Give exactly one of: a certificate, a public key, or a JWKS.');
  }
  if (source.certificate !== undefined) return certificateKey(source.certificate);
  if (source.publicKey !== undefined) return publicKeyFrom(source.publicKey);
  return jwksResolver(source.jwks as string);
}

function allowList(requested: readonly string[] | undefined): SigningAlgorithm[] {
  if (requested === undefined) return [...SIGNING_ALGORITHMS];
  // Whatever a caller passes, only the asymmetric algorithms we know can get through: never "none", never HMAC.
  const allowed = SIGNING_ALGORITHMS.filter((alg) => requested.includes(alg));
  if (!allowed.length) throw new OAuthJwtError('INVALID_OPTION', 'The list of allowed algorithms is empty.', `Allow one or more of ${SIGNING_ALGORITHMS.join(', ')}.`);
  return allowed;
}

const isoTime = (seconds: unknown) => (typeof seconds === 'number' && Number.isFinite(seconds) && Math.abs(seconds) < 8.64e12 ? new Date(seconds * 1000).toISOString() : 'an unreadable time');
const shortText = (value: unknown) => {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? 'nothing';
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
};

function claimFailure(error: joseErrors.JWTClaimValidationFailed | joseErrors.JWTExpired, options: VerifyOptions): OAuthJwtError {
  const { claim, reason, payload } = error;
  const fail = (message: string, hint: string) => new OAuthJwtError('CLAIM_CHECK_FAILED', message, hint, { cause: error });
  const clockHint = 'Check the clocks of the signer and of this machine, or sign a fresh token.';
  if (reason === 'missing') return fail(`The token has no "${claim}" claim, which was required.`, `Sign the token with an "${claim}" claim.`);
  if (reason === 'invalid') return fail(`The token's "${claim}" claim is not a number of seconds.`, 'Sign the token with numeric iat, nbf and exp claims.');
  switch (claim) {
    case 'exp': return fail(`The token expired at ${isoTime(payload.exp)}.`, clockHint);
    case 'nbf': return fail(`The token is not yet valid: it is valid from ${isoTime(payload.nbf)}.`, clockHint);
    case 'iat': return fail(`The token's "iat" (${isoTime(payload.iat)}) is in the future.`, clockHint);
    case 'iss': return fail(`The token's issuer ${shortText(payload.iss)} does not match the expected issuer ${shortText(options.issuer)}.`, 'Check the "iss" claim or the expected issuer.');
    case 'aud': return fail(`The token's audience ${shortText(payload.aud)} does not include the expected audience ${shortText(options.audience)}.`, 'Check the "aud" claim or the expected audience.');
    default: return fail(`The token's "${claim}" failed its check.`, 'Check the token\'s claims.');
  }
}

function mapVerifyError(error: unknown, alg: string, options: VerifyOptions): OAuthJwtError {
  if (error instanceof OAuthJwtError) return error;
  if (error instanceof joseErrors.JWTExpired || error instanceof joseErrors.JWTClaimValidationFailed) return claimFailure(error, options);
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
    return new OAuthJwtError('SIGNATURE_INVALID', 'The signature does not match: the token was signed with another key, or changed after it was signed.',
      'Verify with the public key, certificate or JWKS of the key that signed the token.', { cause: error });
  }
  if (error instanceof joseErrors.JWKSNoMatchingKey) {
    return new OAuthJwtError('SIGNATURE_INVALID', `No key in the JWKS matches the token (algorithm ${alg}).`,
      'Check that the JWKS holds the signer\'s public key and that its "kid" and "alg" match the token\'s header.', { cause: error });
  }
  if (error instanceof joseErrors.JOSEAlgNotAllowed || error instanceof joseErrors.JOSENotSupported) {
    return new OAuthJwtError('ALG_MISMATCH', `The token's algorithm ${alg} is not accepted.`, `Allowed: ${SIGNING_ALGORITHMS.join(', ')}.`, { cause: error });
  }
  if (error instanceof joseErrors.JWSInvalid || error instanceof joseErrors.JWTInvalid) {
    return new OAuthJwtError('INVALID_TOKEN', 'The token is not a valid signed JWT.', 'Check that the whole token was copied and that its header has no unsupported "crit" or "b64" members.', { cause: error });
  }
  return new OAuthJwtError('INVALID_TOKEN', 'The token could not be verified with this key.', 'Check that the key suits the token\'s algorithm.', { cause: error });
}

/**
 * Verifies signature and claims with jose. Errors: ALG_NONE, ALG_MISMATCH, SIGNATURE_INVALID,
 * CLAIM_CHECK_FAILED (expired, not yet valid, iss/aud mismatch — saying which), INVALID_TOKEN.
 */
export async function verifyJwt(token: string, source: VerifyKeySource, options: VerifyOptions = {}): Promise<VerifiedJwt> {
  const { header } = decodeJwt(token);
  const compact = normalizeToken(token);
  const alg = header.alg;
  if (typeof alg !== 'string') throw invalidToken('The token\'s header has no "alg".', 'A signed JWT names its algorithm in the header.');
  // Checked before the allow-list, so no list a caller passes can ever admit an unsigned token.
  if (alg.trim().toLowerCase() === 'none') {
    throw new OAuthJwtError('ALG_NONE', 'The token is unsigned (alg "none"), so it cannot be trusted.', 'Ask the issuer for a signed token.');
  }
  const algorithms = allowList(options.algorithms);
  const shownAlg = shortText(alg);
  if (!(algorithms as string[]).includes(alg)) {
    throw new OAuthJwtError('ALG_MISMATCH', `The token's algorithm ${shownAlg} is not among the allowed algorithms (${algorithms.join(', ')}).`,
      'Verify with an allowed algorithm, or allow the token\'s algorithm.');
  }
  const key = verificationKey(source);
  if (typeof key !== 'function') {
    if (!algorithmsForKeyObject(key).length) throw new OAuthJwtError('UNSUPPORTED_KEY', 'This key type cannot verify JWT signatures.', 'Use an RSA, EC (P-256, P-384, P-521) or Ed25519 public key.');
    assertAlgorithmSuitsKeyObject(alg, key);
  }
  const clock = options.clock ?? systemClock;
  const joseOptions = {
    algorithms,
    issuer: options.issuer,
    audience: options.audience,
    currentDate: new Date(clock()),
    clockTolerance: options.clockToleranceSeconds ?? 0,
  };
  try {
    const result = typeof key === 'function'
      ? await verifyWithJwks(compact, key, joseOptions)
      : await jwtVerify(compact, key, joseOptions);
    return { header: { ...result.protectedHeader }, payload: { ...result.payload }, verified: true };
  } catch (error) {
    throw mapVerifyError(error, shownAlg, options);
  }
}

/** jose leaves "several JWKS keys match" to the caller: try each, and succeed with the first that verifies. */
async function verifyWithJwks(token: string, getKey: JWTVerifyGetKey, options: Parameters<typeof jwtVerify>[2]) {
  try {
    return await jwtVerify(token, getKey, options);
  } catch (error) {
    if (!(error instanceof joseErrors.JWKSMultipleMatchingKeys)) throw error;
    let last: unknown = error;
    for await (const candidate of error) {
      try {
        return await jwtVerify(token, candidate, options);
      } catch (attempt) {
        last = attempt;
        if (!(attempt instanceof joseErrors.JWSSignatureVerificationFailed)) break;
      }
    }
    throw last;
  }
}

const JSON_ERRORS: Record<string, string> = {
  InvalidSymbol: 'an unexpected character',
  InvalidNumberFormat: 'a malformed number',
  PropertyNameExpected: 'a missing property name (names need double quotes; no trailing commas)',
  ValueExpected: 'a missing value',
  ColonExpected: 'a missing ":"',
  CommaExpected: 'a missing ","',
  CloseBraceExpected: 'a missing "}"',
  CloseBracketExpected: 'a missing "]"',
  EndOfFileExpected: 'text after the end of the JSON value',
  InvalidCommentToken: 'a comment, which JSON does not allow',
  UnexpectedEndOfComment: 'an unclosed comment',
  UnexpectedEndOfString: 'an unclosed string',
  UnexpectedEndOfNumber: 'an unfinished number',
  InvalidUnicode: 'a bad \\u escape',
  InvalidEscapeCharacter: 'a bad escape sequence',
  InvalidCharacter: 'a control character inside a string',
};

/** Says where and what the first syntax error is, without quoting the text (it may hold a secret). */
function describeJsonError(text: string): string {
  const errors: ParseError[] = [];
  parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (!first) return 'it is not valid JSON';
  let what = JSON_ERRORS[printParseErrorCode(first.error)] ?? 'a syntax error';
  if (text.slice(0, first.offset).trim() !== '') {
    try {
      JSON.parse(text.slice(0, first.offset));
      what = 'text after the end of the JSON value';
    } catch {
      // the prefix is not complete JSON, so the error is inside the value, as described
    }
  }
  const before = text.slice(0, first.offset);
  const line = before.split('\n').length;
  const column = first.offset - before.lastIndexOf('\n');
  return `${what} at line ${line}, column ${column}`;
}

/** Parses JSON text that must be an object (size-capped; INVALID_JSON with position, or INVALID_CLAIMS; "__proto__" members refused). */
export function parseJsonObject(text: string, what: string): JsonObject {
  if (typeof text !== 'string') throw new OAuthJwtError('INVALID_JSON', `${what} is ${kindOf(text)}, not JSON text.`, 'Give the JSON as text.');
  if (text.length > MAX_JSON_CHARS) {
    throw new OAuthJwtError('INPUT_TOO_LARGE', `${what} is ${text.length} characters long; at most ${MAX_JSON_CHARS} are accepted.`, 'Give a smaller JSON object.');
  }
  const source = text.replace(/^\uFEFF/, '');
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch {
    throw new OAuthJwtError('INVALID_JSON', `${what} is not valid JSON: ${describeJsonError(source)}.`, 'Fix the JSON there; names and strings need double quotes, and trailing commas are not allowed.');
  }
  if (!isPlainObject(value)) throw new OAuthJwtError('INVALID_CLAIMS', `${what} must be a JSON object ({…}), not ${kindOf(value)}.`, 'Wrap the members in {"name": value, …}.');
  assertNoProtoKeys(value, what);
  return value;
}
