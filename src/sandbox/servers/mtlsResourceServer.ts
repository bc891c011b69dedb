import { X509Certificate } from 'node:crypto';
import { createServer, get } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { listen, sendJson, type RunningServer } from './localServer';

export interface MtlsResourceServerOptions {
  /** The authorization server whose JWT access tokens are accepted. */
  issuer: string;
  /** Its signing keys (see {@link fetchJwks}). */
  jwks: JSONWebKeySet;
  /** This server's own TLS key and certificate (PEM). */
  tls: { key: string; cert: string };
}

export interface MtlsResourceServer extends RunningServer {
  /** GET here over TLS with a client certificate and a token bound to it: 200, else 401. */
  apiUrl: string;
  /** How many requests were answered 200. */
  accepted: () => number;
}

/**
 * A protected resource for certificate-bound access tokens (RFC 8705 §3), over HTTPS that asks
 * every client for its certificate: `Authorization: Bearer <JWT>` verified with the issuer's keys,
 * and its `cnf.x5t#S256` equal to the base64url SHA-256 of the certificate presented on this
 * connection. 200 then, else 401 with what was wrong.
 */
export async function startMtlsResourceServer(options: MtlsResourceServerOptions): Promise<MtlsResourceServer> {
  const keys = createLocalJWKSet(options.jwks);
  let accepted = 0;
  const running = await listen(createServer({ key: options.tls.key, cert: options.tls.cert, requestCert: true, rejectUnauthorized: false }, (req, res) => {
    void (async () => {
      const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
      const peer = (req.socket as TLSSocket).getPeerCertificate();
      if (!token || !peer?.raw) return sendJson(res, 401, { error: 'invalid_token', error_description: 'a token and a client certificate are needed' });
      try {
        const { payload } = await jwtVerify(token, keys, { issuer: options.issuer });
        const presented = Buffer.from(new X509Certificate(peer.raw).fingerprint256.replace(/:/g, ''), 'hex').toString('base64url');
        if ((payload.cnf as Record<string, unknown> | undefined)?.['x5t#S256'] !== presented) {
          return sendJson(res, 401, { error: 'invalid_token', error_description: 'the token is not bound to this client certificate (cnf.x5t#S256)' });
        }
        accepted++;
        return sendJson(res, 200, { ok: true, client_id: payload.client_id });
      } catch (error) {
        return sendJson(res, 401, { error: 'invalid_token', error_description: (error as Error).message });
      }
    })();
  }));
  const url = running.url.replace('http:', 'https:');
  return { url, close: running.close, apiUrl: `${url}/api`, accepted: () => accepted };
}

/** Reads a JWKS over HTTPS trusting `ca` (the sandbox's own certificate): for an issuer behind mutual TLS. */
export function fetchJwks(url: string, ca: string): Promise<JSONWebKeySet> {
  return new Promise((resolve, reject) => {
    get(url, { ca }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        try {
          if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}`);
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as JSONWebKeySet);
        } catch (error) {
          reject(error as Error);
        }
      });
    }).on('error', reject);
  });
}
