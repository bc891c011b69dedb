import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:https';
import type { JSONWebKeySet } from 'jose';
import forge from 'node-forge';
import { listen, sendJson, type RunningServer } from '../../src/sandbox/servers/localServer';
import { startMtlsResourceServer } from '../../src/sandbox/servers/mtlsResourceServer';

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

/** A throw-away certificate authority made at test time, for clients authenticated with tls_client_auth (RFC 8705 §2.1). */
export interface TestCertificateAuthority {
  /** The CA's own certificate: what a server that trusts it is given as `ca`. */
  certPem: string;
  /** A client certificate for `publicKeyPem` (SPKI PEM, RSA) with the subject CN=commonName, O=organization, signed by the CA. */
  issue(publicKeyPem: string, subject: { commonName: string; organization: string }): string;
}

export function testCertificateAuthority(): TestCertificateAuthority {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const caKey = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
  const caName = [{ name: 'commonName', value: 'oauth-jwt-bearer test CA' }];
  const certificate = (subjectKeyPem: string, subject: forge.pki.CertificateField[], extensions: object[]) => {
    const cert = forge.pki.createCertificate();
    cert.publicKey = forge.pki.publicKeyFromPem(subjectKeyPem);
    cert.serialNumber = '01' + forge.util.bytesToHex(forge.random.getBytesSync(8));
    cert.validity.notBefore = new Date(Date.now() - 60_000);
    cert.validity.notAfter = new Date(Date.now() + 86_400_000);
    cert.setSubject(subject);
    cert.setIssuer(caName);
    cert.setExtensions(extensions);
    cert.sign(caKey, forge.md.sha256.create());
    return forge.pki.certificateToPem(cert);
  };
  const certPem = certificate(publicKey.export({ type: 'spki', format: 'pem' }).toString(), caName,
    [{ name: 'basicConstraints', cA: true, critical: true }, { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true }]);
  return {
    certPem,
    issue: (publicKeyPem, { commonName, organization }) => certificate(publicKeyPem, [{ name: 'organizationName', value: organization }, { name: 'commonName', value: commonName }],
      [{ name: 'basicConstraints', cA: false }, { name: 'keyUsage', digitalSignature: true, keyEncipherment: true }, { name: 'extKeyUsage', clientAuth: true }]),
  };
}

/** The sandbox's certificate-bound resource (src/sandbox/servers/mtlsResourceServer.ts), with the test servers' TLS material. */
export async function startCertificateBoundApi(options: { tls: { keyPem: string; certPem: string }; jwks: JSONWebKeySet; issuer: string }): Promise<RunningServer> {
  return startMtlsResourceServer({ issuer: options.issuer, jwks: options.jwks, tls: { key: options.tls.keyPem, cert: options.tls.certPem } });
}
