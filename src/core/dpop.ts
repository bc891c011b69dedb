import { createHash, randomUUID } from 'node:crypto';
import type { Clock } from './clock';
import { systemClock } from './clock';
import { defaultAlgorithm } from './algorithms';
import type { HttpResponse } from './http';
import type { JsonObject } from './jsonObject';
import { signJwt } from './jwt';
import { publicJwk, type PrivateKey } from './keys';

/** What one DPoP proof (RFC 9449 §4.2) is for: the request's method and URL, a server nonce, the token presented. */
export interface DpopProofInput {
  key: PrivateKey;
  method: string;
  url: string;
  /** The server's last `DPoP-Nonce`, when it asked for one (§8, §9). */
  nonce?: string;
  /** The access token the request presents: its hash becomes `ath` (§4.2). */
  accessToken?: string;
  clock?: Clock;
}

/** `ath`: "the base64url-encoded SHA-256 hash of the ASCII encoding of the associated access token's value" (RFC 9449 §4.2). */
export function accessTokenHash(accessToken: string): string {
  return createHash('sha256').update(accessToken, 'ascii').digest('base64url');
}

/** `htu`: "the HTTP target URI …, without query and fragment parts" (RFC 9449 §4.2). */
export function dpopTargetUri(url: string): string {
  const target = new URL(url);
  target.search = '';
  target.hash = '';
  return target.href;
}

/**
 * A fresh DPoP proof JWT (RFC 9449 §4.2): header `typ` dpop+jwt, `alg` from the key, `jwk` = the
 * public key (never a private member); claims `jti` (new each time), `htm`, `htu`, `iat`, plus
 * `nonce` and `ath` when given.
 */
export async function createDpopProof(input: DpopProofInput): Promise<string> {
  const { kid: _kid, ...jwk } = publicJwk(input.key);
  const header: JsonObject = { typ: 'dpop+jwt', jwk: jwk as JsonObject };
  const claims: JsonObject = {
    jti: randomUUID(),
    htm: input.method.toUpperCase(),
    htu: dpopTargetUri(input.url),
    iat: Math.floor((input.clock ?? systemClock)() / 1000),
  };
  if (input.nonce !== undefined) claims.nonce = input.nonce;
  if (input.accessToken !== undefined) claims.ath = accessTokenHash(input.accessToken);
  return signJwt(header, claims, input.key, defaultAlgorithm(input.key));
}

function headerOf(response: HttpResponse, name: string): string | undefined {
  const value = response.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The nonce a server asks the proof to carry, or undefined: an authorization server answers 400
 * `{"error": "use_dpop_nonce"}` (RFC 9449 §8), a resource server 401 with `WWW-Authenticate: DPoP
 * error="use_dpop_nonce"` (§9); both give it in the `DPoP-Nonce` header.
 */
export function requestedDpopNonce(response: HttpResponse): string | undefined {
  if (response.status !== 400 && response.status !== 401) return undefined;
  const nonce = headerOf(response, 'dpop-nonce');
  // A nonce is NQCHAR (§8.1): printable ASCII without quotes or backslash; anything else is ignored.
  if (!nonce || !/^[\x21\x23-\x5b\x5d-\x7e]{1,512}$/.test(nonce)) return undefined;
  const challenge = headerOf(response, 'www-authenticate') ?? '';
  let asked = /error="?use_dpop_nonce"?/.test(challenge);
  if (!asked) {
    try {
      asked = (JSON.parse(response.body) as { error?: unknown }).error === 'use_dpop_nonce';
    } catch {
      asked = false;
    }
  }
  return asked ? nonce : undefined;
}
