import { X509Certificate, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { algorithmsForKeyObject, assertAlgorithmSuitsKeyObject } from './algorithms';
import { systemClock, type Clock } from './clock';
import { type Message, msg, OAuthJwtError } from './errors';
import { parseJsonObject, type JsonObject } from './jsonObject';
import { decodeJwt, invalidToken, normalizeToken } from './jwtDecode';
import { SIGNING_ALGORITHMS, type SigningAlgorithm } from './keys';
import { MAX_PEM_CHARS } from './limits';

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

function assertPemSize(text: string, what: 'public key' | 'certificate'): void {
  if (text.length > MAX_PEM_CHARS) {
    throw what === 'certificate'
      ? new OAuthJwtError('INPUT_TOO_LARGE', msg('The certificate is {0} characters long; at most {1} are accepted.', text.length, MAX_PEM_CHARS), msg('Give only the certificate itself.'))
      : new OAuthJwtError('INPUT_TOO_LARGE', msg('The public key is {0} characters long; at most {1} are accepted.', text.length, MAX_PEM_CHARS), msg('Give only the public key itself.'));
  }
}

function publicKeyFrom(value: string | KeyObject): KeyObject {
  if (typeof value !== 'string') {
    if (value.type === 'secret') throw new OAuthJwtError('UNSUPPORTED_KEY', msg('A shared secret cannot verify these signatures.'), msg('Give the signer\'s public key, certificate or JWKS.'));
    return value.type === 'private' ? createPublicKey(value) : value;
  }
  assertPemSize(value, 'public key');
  const text = value.trim();
  try {
    if (text.startsWith('{')) {
      const jwk = parseJsonObject(text, msg('The public JWK'));
      if (typeof jwk.kty !== 'string' || jwk.kty === 'oct') throw new Error('not an asymmetric JWK');
      return createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
    }
    return createPublicKey(text);
  } catch (error) {
    if (error instanceof OAuthJwtError) throw error;
    throw new OAuthJwtError(text.startsWith('{') ? 'INVALID_JWK' : 'INVALID_PEM', msg('The public key could not be read.'),
      msg('Give an SPKI PEM ("BEGIN PUBLIC KEY"), a PKCS#1 public PEM, a certificate or a public JWK.'), { cause: error });
  }
}

function certificateKey(pem: string): KeyObject {
  assertPemSize(pem, 'certificate');
  try {
    return new X509Certificate(pem.trim()).publicKey;
  } catch (error) {
    throw new OAuthJwtError('INVALID_PEM', msg('The certificate could not be read.'), msg('Give a PEM certificate ("BEGIN CERTIFICATE"), such as certificate_pub.crt.'), { cause: error });
  }
}

function jwksResolver(text: string): JWTVerifyGetKey {
  const jwks = parseJsonObject(text, msg('The JWKS'));
  if (!Array.isArray(jwks.keys)) throw new OAuthJwtError('INVALID_JWK', msg('The JWKS has no "keys" array.'), msg('Give a JSON Web Key Set: {"keys": [ … ]}.'));
  try {
    return createLocalJWKSet(jwks as unknown as JSONWebKeySet);
  } catch (error) {
    throw new OAuthJwtError('INVALID_JWK', msg('The JWKS is not a valid JSON Web Key Set.'), msg('Each member of "keys" must be a JWK object with a "kty".'), { cause: error });
  }
}

function verificationKey(source: VerifyKeySource): KeyObject | JWTVerifyGetKey {
  const given = [source?.certificate, source?.publicKey, source?.jwks].filter((v) => v !== undefined).length;
  if (given !== 1) {
    throw new OAuthJwtError('INVALID_OPTION', given ? msg('Give only one key to verify with.') : msg('No key was given to verify the token with.'),
      msg('Give exactly one of: a certificate, a public key, or a JWKS.'));
  }
  if (source.certificate !== undefined) return certificateKey(source.certificate);
  if (source.publicKey !== undefined) return publicKeyFrom(source.publicKey);
  return jwksResolver(source.jwks as string);
}

function allowList(requested: readonly string[] | undefined): SigningAlgorithm[] {
  if (requested === undefined) return [...SIGNING_ALGORITHMS];
  // Whatever a caller passes, only the asymmetric algorithms we know can get through: never "none", never HMAC.
  const allowed = SIGNING_ALGORITHMS.filter((alg) => requested.includes(alg));
  if (!allowed.length) throw new OAuthJwtError('INVALID_OPTION', msg('The list of allowed algorithms is empty.'), msg('Allow one or more of {0}.', SIGNING_ALGORITHMS.join(', ')));
  return allowed;
}

const isoTime = (seconds: unknown) => (typeof seconds === 'number' && Number.isFinite(seconds) && Math.abs(seconds) < 8.64e12 ? new Date(seconds * 1000).toISOString() : msg('an unreadable time'));
const shortText = (value: unknown) => {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? 'nothing';
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
};

function claimFailure(error: joseErrors.JWTClaimValidationFailed | joseErrors.JWTExpired, options: VerifyOptions): OAuthJwtError {
  const { claim, reason, payload } = error;
  const fail = (message: Message, hint: Message) => new OAuthJwtError('CLAIM_CHECK_FAILED', message, hint, { cause: error });
  const clockHint = () => msg('Check the clocks of the signer and of this machine, or sign a fresh token.');
  if (reason === 'missing') return fail(msg('The token has no "{0}" claim, which was required.', claim), msg('Sign the token with an "{0}" claim.', claim));
  if (reason === 'invalid') return fail(msg('The token\'s "{0}" claim is not a number of seconds.', claim), msg('Sign the token with numeric iat, nbf and exp claims.'));
  switch (claim) {
    case 'exp': return fail(msg('The token expired at {0}.', isoTime(payload.exp)), clockHint());
    case 'nbf': return fail(msg('The token is not yet valid: it is valid from {0}.', isoTime(payload.nbf)), clockHint());
    case 'iat': return fail(msg('The token\'s "iat" ({0}) is in the future.', isoTime(payload.iat)), clockHint());
    case 'iss': return fail(msg('The token\'s issuer {0} does not match the expected issuer {1}.', shortText(payload.iss), shortText(options.issuer)), msg('Check the "iss" claim or the expected issuer.'));
    case 'aud': return fail(msg('The token\'s audience {0} does not include the expected audience {1}.', shortText(payload.aud), shortText(options.audience)), msg('Check the "aud" claim or the expected audience.'));
    default: return fail(msg('The token\'s "{0}" failed its check.', claim), msg('Check the token\'s claims.'));
  }
}

function mapVerifyError(error: unknown, alg: string, options: VerifyOptions): OAuthJwtError {
  if (error instanceof OAuthJwtError) return error;
  if (error instanceof joseErrors.JWTExpired || error instanceof joseErrors.JWTClaimValidationFailed) return claimFailure(error, options);
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
    return new OAuthJwtError('SIGNATURE_INVALID', msg('The signature does not match: the token was signed with another key, or changed after it was signed.'),
      msg('Verify with the public key, certificate or JWKS of the key that signed the token.'), { cause: error });
  }
  if (error instanceof joseErrors.JWKSNoMatchingKey) {
    return new OAuthJwtError('SIGNATURE_INVALID', msg('No key in the JWKS matches the token (algorithm {0}).', alg),
      msg('Check that the JWKS holds the signer\'s public key and that its "kid" and "alg" match the token\'s header.'), { cause: error });
  }
  if (error instanceof joseErrors.JOSEAlgNotAllowed || error instanceof joseErrors.JOSENotSupported) {
    return new OAuthJwtError('ALG_MISMATCH', msg('The token\'s algorithm {0} is not accepted.', alg), msg('Allowed: {0}.', SIGNING_ALGORITHMS.join(', ')), { cause: error });
  }
  if (error instanceof joseErrors.JWSInvalid || error instanceof joseErrors.JWTInvalid) {
    return new OAuthJwtError('INVALID_TOKEN', msg('The token is not a valid signed JWT.'), msg('Check that the whole token was copied and that its header has no unsupported "crit" or "b64" members.'), { cause: error });
  }
  return new OAuthJwtError('INVALID_TOKEN', msg('The token could not be verified with this key.'), msg('Check that the key suits the token\'s algorithm.'), { cause: error });
}

/**
 * Verifies signature and claims with jose. Errors: ALG_NONE, ALG_MISMATCH, SIGNATURE_INVALID,
 * CLAIM_CHECK_FAILED (expired, not yet valid, iss/aud mismatch — saying which), INVALID_TOKEN.
 */
export async function verifyJwt(token: string, source: VerifyKeySource, options: VerifyOptions = {}): Promise<VerifiedJwt> {
  const { header } = decodeJwt(token);
  const compact = normalizeToken(token);
  const alg = header.alg;
  if (typeof alg !== 'string') throw invalidToken(msg('The token\'s header has no "alg".'), msg('A signed JWT names its algorithm in the header.'));
  // Checked before the allow-list, so no list a caller passes can ever admit an unsigned token.
  if (alg.trim().toLowerCase() === 'none') {
    throw new OAuthJwtError('ALG_NONE', msg('The token is unsigned (alg "none"), so it cannot be trusted.'), msg('Ask the issuer for a signed token.'));
  }
  const algorithms = allowList(options.algorithms);
  const shownAlg = shortText(alg);
  if (!(algorithms as string[]).includes(alg)) {
    throw new OAuthJwtError('ALG_MISMATCH', msg('The token\'s algorithm {0} is not among the allowed algorithms ({1}).', shownAlg, algorithms.join(', ')),
      msg('Verify with an allowed algorithm, or allow the token\'s algorithm.'));
  }
  const key = verificationKey(source);
  if (typeof key !== 'function') {
    if (!algorithmsForKeyObject(key).length) throw new OAuthJwtError('UNSUPPORTED_KEY', msg('This key type cannot verify JWT signatures.'), msg('Use an RSA, EC (P-256, P-384, P-521) or Ed25519 public key.'));
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
