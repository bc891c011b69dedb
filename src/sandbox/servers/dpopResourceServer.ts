import { createHash, randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { calculateJwkThumbprint, createRemoteJWKSet, EmbeddedJWK, jwtVerify } from 'jose';
import { listenLocal, sendJson, type RecordedRequest, type RunningServer } from './localServer';

export interface DpopResourceServerOptions {
  /** The authorization server whose JWT access tokens are accepted (issuer, JWKS URL, audience). */
  issuer: string;
  jwksUrl: string;
  audience: string;
  /** Answer 401 use_dpop_nonce until a proof carries this server's nonce (RFC 9449 §9). */
  requireNonce?: boolean;
}

export interface DpopResourceServer extends RunningServer {
  /** GET here with a DPoP-bound token: 200 when proof and binding hold, else 401. */
  apiUrl: string;
  requests: RecordedRequest[];
  /** The nonce it hands out. */
  nonce: string;
}

function unauthorized(res: ServerResponse, error: string, description: string, headers: Record<string, string> = {}): void {
  // RFC 9449 §7.1: the DPoP challenge names the error and the algorithms a proof may use.
  sendJson(res, 401, { error, error_description: description }, { 'WWW-Authenticate': `DPoP error="${error}", error_description="${description}", algs="ES256 EdDSA"`, ...headers });
}

/**
 * A protected resource for DPoP-bound JWT access tokens (RFC 9449 §7): `Authorization: DPoP <token>`
 * and a `DPoP` proof whose signature verifies with its embedded `jwk`, `typ` dpop+jwt, `htm` and
 * `htu` of this request, a recent `iat`, a `jti` not seen before, `ath` = base64url(SHA-256(token)),
 * the server's nonce when it requires one; the token verified with the issuer's JWKS and its
 * `cnf.jkt` equal to the RFC 7638 thumbprint of the proof's key. 200 then, else 401.
 */
export async function startDpopResourceServer(options: DpopResourceServerOptions): Promise<DpopResourceServer> {
  const jwks = createRemoteJWKSet(new URL(options.jwksUrl));
  const seen = new Set<string>();
  const nonce = randomBytes(16).toString('base64url');
  const requests: RecordedRequest[] = [];
  let base = '';
  const running = await listenLocal(async (request, res) => {
    if (request.path !== '/api') return sendJson(res, 404, { error: 'not_found' });
    const auth = /^(\w+) (\S+)$/.exec(request.headers.authorization ?? '');
    if (!auth) return unauthorized(res, 'invalid_token', 'no access token');
    const [, scheme, token] = auth as unknown as [string, string, string];
    if (scheme.toLowerCase() !== 'dpop') return unauthorized(res, 'invalid_token', `a DPoP-bound token presented with the ${scheme} scheme`);
    const proof = request.headers.dpop;
    if (typeof proof !== 'string') return unauthorized(res, 'invalid_dpop_proof', 'no DPoP proof');
    let jkt: string;
    try {
      const { payload, protectedHeader } = await jwtVerify(proof, EmbeddedJWK, { typ: 'dpop+jwt', algorithms: ['ES256', 'EdDSA'] });
      if (payload.htm !== request.method) throw new Error('htm mismatch');
      if (payload.htu !== `${base}${request.path}`) throw new Error('htu mismatch');
      if (typeof payload.iat !== 'number' || Math.abs(payload.iat - Date.now() / 1000) > 60) throw new Error('iat not recent');
      if (typeof payload.jti !== 'string' || seen.has(payload.jti)) throw new Error('jti missing or replayed');
      seen.add(payload.jti);
      if (payload.ath !== createHash('sha256').update(token, 'ascii').digest('base64url')) throw new Error('ath mismatch');
      if (options.requireNonce && payload.nonce !== nonce) {
        return unauthorized(res, 'use_dpop_nonce', 'Resource server requires nonce in DPoP proof', { 'DPoP-Nonce': nonce });
      }
      jkt = await calculateJwkThumbprint(protectedHeader.jwk!);
    } catch (error) {
      return unauthorized(res, 'invalid_dpop_proof', (error as Error).message);
    }
    try {
      const { payload } = await jwtVerify(token, jwks, { issuer: options.issuer, audience: options.audience });
      const cnf = payload.cnf as { jkt?: unknown } | undefined;
      if (cnf?.jkt !== jkt) return unauthorized(res, 'invalid_token', 'the token is not bound to the proof\'s key (cnf.jkt)');
      return sendJson(res, 200, { ok: true, client_id: payload.client_id, jkt });
    } catch (error) {
      return unauthorized(res, 'invalid_token', (error as Error).message);
    }
  }, requests);
  base = running.url;
  return { url: running.url, close: running.close, apiUrl: `${running.url}/api`, requests, nonce };
}
