import { join, resolve } from 'node:path';
import { certificateExpiry, describeExpiry } from '../core/certificateExpiry';
import { systemClock } from '../core/clock';
import { OAuthJwtError } from '../core/errors';
import { CERTIFICATE_FILE, existingFiles, PRIVATE_KEY_FILE, writeFiles } from '../core/keyFiles';
import { MAX_PEM_CHARS } from '../core/limits';
import { generateNextKey, nextKeyFiles } from '../core/rotation';
import { readCertificate } from '../core/x509';
import { parse, readTextFile } from './args';
import type { CliIo } from './io';
import { readPrivateKey } from './keyInput';
import { publicJwk } from '../core/keys';

export const rotateUsage = `oauth-jwt rotate [--dir DIR] [--force] [--passphrase-env VAR]
    reads DIR/private.key (and DIR/certificate_pub.crt when present) and writes the next key beside
    them: DIR/next.key (mode 0600, same type), DIR/next.crt (same CN and validity length, when the
    current key has a certificate), DIR/next.pem, and DIR/jwks.json holding both public keys —
    register jwks.json (or next.crt) with the provider, then move next.* over the current files`;

export async function rotate(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, { dir: { type: 'string' }, force: { type: 'boolean' }, 'passphrase-env': { type: 'string' } });
  const dir = resolve(io.cwd, values.dir ?? '.');
  const current = await readPrivateKey(io, join(dir, PRIVATE_KEY_FILE), values['passphrase-env']);
  const hasCertificate = (await existingFiles(dir, [CERTIFICATE_FILE])).length > 0;
  const certificate = hasCertificate ? readCertificate(await readTextFile(dir, CERTIFICATE_FILE, 'certificate', MAX_PEM_CHARS)) : undefined;
  if (certificate && publicJwk(certificate.publicKey).kid !== publicJwk(current).kid) {
    throw new OAuthJwtError('INVALID_OPTION', `${CERTIFICATE_FILE} in ${dir} is not the certificate of ${PRIVATE_KEY_FILE}.`, 'Put the key and its own certificate in the folder, or remove the certificate to rotate the key alone.');
  }
  const next = await generateNextKey(current, certificate);
  const written = await writeFiles(dir, nextKeyFiles(current, next, { privateKeyFile: true }), { force: values.force ?? false });
  for (const path of written) io.stdout(`wrote ${path}\n`);
  io.stdout(`current kid ${publicJwk(current).kid}\nnext kid ${publicJwk(next.key).kid}\n`);
  if (next.certificatePem) io.stdout(`next certificate ${describeExpiry(certificateExpiry(readCertificate(next.certificatePem), systemClock, 0))}\n`);
  return 0;
}
