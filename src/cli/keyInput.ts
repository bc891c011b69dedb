import { assertCertificateMatchesKey, readCertificate, type CertificateInfo } from '../core/x509';
import { MAX_PEM_CHARS } from '../core/limits';
import { readTextFile } from './args';
import { resolve } from 'node:path';
import { readBoundedFile } from '../core/boundedRead';
import { MAX_CREDENTIAL_FILE_BYTES, readCredential, type Credential } from '../core/credentialFile';
import type { PrivateKey } from '../core/keys';
import { secretFromEnv } from './args';
import type { CliIo } from './io';

/**
 * Reads --key FILE: PEM, a private JWK, PKCS#12, a Google service-account file or a Box config.json
 * (regular files only, size-capped), with the passphrase or PKCS#12 password from --passphrase-env VAR.
 * A client secret the file carries is added to the run's secrets (never printed).
 */
export async function readKeyFile(io: CliIo, file: string, passphraseEnv: string | undefined): Promise<Credential> {
  const bytes = await readBoundedFile(resolve(io.cwd, file), MAX_CREDENTIAL_FILE_BYTES, `The key file ${file}`);
  const passphrase = secretFromEnv(io, passphraseEnv, '--passphrase-env');
  const credential = readCredential(bytes, passphrase);
  if (credential.clientSecret) io.secrets.push(credential.clientSecret);
  return credential;
}

/** Reads --key FILE for its private key alone. */
export async function readPrivateKey(io: CliIo, file: string, passphraseEnv: string | undefined): Promise<PrivateKey> {
  return (await readKeyFile(io, file, passphraseEnv)).key;
}

/** Reads --cert FILE: the certificate of the --key, refused (CERTIFICATE_MISMATCH) when it holds another public key. */
export async function readCertificateFor(io: CliIo, file: string, key: PrivateKey): Promise<CertificateInfo> {
  return (await readCertificateFileFor(io, file, key)).certificate;
}

/** readCertificateFor, with the PEM as read (the TLS client certificate of an mTLS profile). */
export async function readCertificateFileFor(io: CliIo, file: string, key: PrivateKey): Promise<{ certificate: CertificateInfo; pem: string }> {
  const pem = await readTextFile(io.cwd, file, 'certificate', MAX_PEM_CHARS);
  const certificate = readCertificate(pem);
  assertCertificateMatchesKey(certificate, key, `The certificate ${file}`);
  return { certificate, pem };
}
