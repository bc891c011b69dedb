/**
 * A new key pair as `oauth-jwt keygen` and the Generate Key Pair command make it: the key, its
 * self-signed certificate when asked for, and the files that hold them (see keyFiles.ts).
 */
import type { KeyFileContents } from './keyFiles';
import { generateKeyPair, privateKeyPem, publicJwk, publicKeyPem, type KeySpec, type PrivateKey } from './keys';
import { createSelfSignedCertificate, type CertificateOptions } from './x509';

export interface KeyMaterial {
  key: PrivateKey;
  certificatePem?: string;
}

/** Generates the key, then its self-signed certificate when `certificate` is given. */
export async function generateKeyMaterial(spec: KeySpec, certificate?: CertificateOptions): Promise<KeyMaterial> {
  const key = await generateKeyPair(spec);
  return { key, certificatePem: certificate ? await createSelfSignedCertificate(key, certificate) : undefined };
}

/** The files of the key material; private.key only when `privateKeyFile` is set. */
export function keyFileContents(material: KeyMaterial, options: { privateKeyFile: boolean }): KeyFileContents & { publicJwk: ReturnType<typeof publicJwk> } {
  return {
    privateKeyPem: options.privateKeyFile ? privateKeyPem(material.key) : undefined,
    publicKeyPem: publicKeyPem(material.key),
    publicJwk: publicJwk(material.key),
    certificatePem: material.certificatePem,
  };
}
