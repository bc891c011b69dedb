import { importPrivateKey, type PrivateKey } from '../core/keys';
import { assertCertificateMatchesKey, readCertificate, type CertificateInfo } from '../core/x509';
import { MAX_PEM_CHARS } from '../core/limits';
import { readTextFile, secretFromEnv } from './args';
import type { CliIo } from './io';

/** Reads --key FILE, with the passphrase of an encrypted key from --passphrase-env VAR. */
export async function readPrivateKey(io: CliIo, file: string, passphraseEnv: string | undefined): Promise<PrivateKey> {
  const text = await readTextFile(io.cwd, file, 'key', MAX_PEM_CHARS);
  const passphrase = secretFromEnv(io, passphraseEnv, '--passphrase-env');
  return importPrivateKey(text, passphrase);
}

/** Reads --cert FILE: the certificate of the --key, refused (CERTIFICATE_MISMATCH) when it holds another public key. */
export async function readCertificateFor(io: CliIo, file: string, key: PrivateKey): Promise<CertificateInfo> {
  const certificate = readCertificate(await readTextFile(io.cwd, file, 'certificate', MAX_PEM_CHARS));
  assertCertificateMatchesKey(certificate, key, `The certificate ${file}`);
  return certificate;
}
