// CONTRACT STUB — to be implemented (jwt helper). Signatures are fixed; see TSDoc.
import type { KeyObject } from 'node:crypto';
import type { Clock } from './clock';
import type { PrivateKey, SigningAlgorithm } from './keys';

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

/**
 * Builds header and payload: `typ: "JWT"` (unless set), `iat` = now and `exp` = iat + lifetime in whole
 * seconds unless the template's claims set them, a fresh `jti` when asked. `alg` is NOT set here.
 * Validates: claims and header are plain objects (INVALID_CLAIMS), `__proto__`-style keys are refused,
 * iat/exp/nbf are integers (seconds), exp > iat, lifetime a positive integer.
 */
export declare function buildJwt(template: JwtTemplate, clock?: Clock): { header: JsonObject; payload: JsonObject };

/**
 * Signs with jose. `alg` defaults from the key (keys.defaultAlgorithm) and must suit it
 * (keys.assertAlgorithmSuitsKey). Header `alg` is always the one used. Returns a compact JWS.
 */
export declare function signJwt(header: JsonObject, payload: JsonObject, key: PrivateKey, alg?: SigningAlgorithm | string): Promise<string>;

export interface DecodedJwt {
  header: JsonObject;
  payload: JsonObject;
  /** base64url signature part as given. */
  signature: string;
  /** Always false: decoding never checks the signature. */
  verified: false;
}

/**
 * Decodes without verifying. Size-capped (MAX_TOKEN_CHARS) before parsing; white space around the
 * token and a leading "Bearer " are ignored. INVALID_TOKEN (saying exactly what is wrong) for: not three
 * segments (a five-segment JWE is named as such), bad base64url, header or payload not a JSON object.
 */
export declare function decodeJwt(token: string): DecodedJwt;

export interface VerifyKeySource {
  /** PEM certificate. */
  certificate?: string;
  /** SPKI PEM / PKCS#1 public PEM / public JWK JSON; a private key's public half is accepted too. */
  publicKey?: string | KeyObject;
  /** JWKS JSON text ({"keys":[…]}). */
  jwks?: string;
}

export interface VerifyOptions {
  /** Allow-list; default all SIGNING_ALGORITHMS. `none` is never admitted (ALG_NONE). */
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

/**
 * Verifies signature and claims with jose. Errors: ALG_NONE, ALG_MISMATCH, SIGNATURE_INVALID,
 * CLAIM_CHECK_FAILED (expired, not yet valid, iss/aud mismatch — saying which), INVALID_TOKEN.
 */
export declare function verifyJwt(token: string, source: VerifyKeySource, options?: VerifyOptions): Promise<VerifiedJwt>;

/** Parses JSON text that must be an object (size-capped; INVALID_JSON with position, or INVALID_CLAIMS). */
export declare function parseJsonObject(text: string, what: string): JsonObject;
