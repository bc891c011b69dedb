import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:https';
import forge from 'node-forge';
import { listen, sendJson, type RunningServer } from '../../src/sandbox/servers/localServer';

/** A throw-away self-signed certificate for 127.0.0.1 (its own CA), made at test time. */
export function selfSignedFor127(): { keyPem: string; certPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  cert.serialNumber = '01' + forge.util.bytesToHex(forge.random.getBytesSync(8));
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 86_400_000);
  const name = [{ name: 'commonName', value: 'oauth-jwt-bearer test server' }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true },
    { name: 'keyUsage', keyCertSign: true, digitalSignature: true, keyEncipherment: true },
    { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()), forge.md.sha256.create());
  return { keyPem, certPem: forge.pki.certificateToPem(cert) };
}

export interface TlsServer extends RunningServer {
  /** The server's self-signed certificate: pass it as the extra trusted CA. */
  caPem: string;
}

/** An HTTPS server on 127.0.0.1 with a self-signed certificate; any request gets a small token JSON. */
export async function startTlsServer(): Promise<TlsServer> {
  const { keyPem, certPem } = selfSignedFor127();
  const running = await listen(createServer({ key: keyPem, cert: certPem }, (_req, res) => {
    sendJson(res, 200, { access_token: 'tls-ok', token_type: 'Bearer' });
  }));
  return { url: running.url.replace('http:', 'https:'), close: running.close, caPem: certPem };
}
