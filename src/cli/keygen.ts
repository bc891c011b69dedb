import { resolve } from 'node:path';
import { certificateExpiry, describeExpiry } from '../core/certificateExpiry';
import { systemClock } from '../core/clock';
import { OAuthJwtError } from '../core/errors';
import { existingFiles, insideGitWorkTree, jsonFileText, JWKS_FILE, writeFiles, writeKeyFiles } from '../core/keyFiles';
import { generateKeyMaterial, keyFileContents } from '../core/keyMaterial';
import type { Curve, KeyType, RsaBits } from '../core/keys';
import { MAX_JSON_CHARS } from '../core/limits';
import { jwksWith } from '../core/rotation';
import { oneOf, parse, positiveInteger, readTextFile, UsageError } from './args';
import type { CliIo } from './io';
import { readCertificate } from '../core/x509';

export const keygenUsage = `oauth-jwt keygen [--type rsa|ec|ed25519] [--bits 2048|3072|4096] [--curve P-256|P-384|P-521]
                 [--cert] [--cn NAME] [--days N] [--jwks FILE] [--out DIR] [--force]
    writes DIR/private.key (PKCS#8 PEM, mode 0600), DIR/public.pem, DIR/public.jwk.json and,
    with --cert, DIR/certificate_pub.crt (self-signed, any key type) and its expiry; refuses to
    overwrite without --force; inside a Git work tree, adds private.key to DIR/.gitignore;
    with --jwks FILE (the key set registered so far), also DIR/jwks.json: those keys and the new one`;

export async function keygen(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, {
    type: { type: 'string' },
    bits: { type: 'string' },
    curve: { type: 'string' },
    cert: { type: 'boolean' },
    cn: { type: 'string' },
    days: { type: 'string' },
    out: { type: 'string' },
    force: { type: 'boolean' },
    jwks: { type: 'string' },
  });
  const type = oneOf<KeyType>(values.type, ['rsa', 'ec', 'ed25519'], '--type') ?? 'rsa';
  const bits = oneOf(values.bits, ['2048', '3072', '4096'] as const, '--bits');
  const curve = oneOf<Curve>(values.curve, ['P-256', 'P-384', 'P-521'], '--curve');
  const days = positiveInteger(values.days, '--days', 36500) ?? 365;
  if (bits && type !== 'rsa') throw new UsageError('--bits goes with --type rsa');
  if (curve && type !== 'ec') throw new UsageError('--curve goes with --type ec');
  if ((values.cn !== undefined || values.days !== undefined) && !values.cert) throw new UsageError('--cn and --days go with --cert');
  const commonName = values.cn ?? 'oauth-jwt';
  if (commonName.trim() === '' || commonName.length > 64) throw new UsageError('--cn must be 1 to 64 characters');

  const material = await generateKeyMaterial({ type, bits: bits ? (Number(bits) as RsaBits) : undefined, curve }, values.cert ? { commonName, days } : undefined);
  const files = keyFileContents(material, { privateKeyFile: true });
  const dir = resolve(io.cwd, values.out ?? '.');
  // The key set is built and its file checked before anything is written: a bad JWKS leaves no half-written folder.
  const jwks = values.jwks === undefined ? undefined : jsonFileText(jwksWith(await readTextFile(io.cwd, values.jwks, 'JWKS', MAX_JSON_CHARS), material.key));
  if (jwks !== undefined && !values.force && (await existingFiles(dir, [JWKS_FILE])).length > 0) {
    throw new OAuthJwtError('FILE_EXISTS', `Not overwriting ${JWKS_FILE} in ${dir}.`, 'Choose another folder, or allow overwriting (--force).');
  }
  const written = await writeKeyFiles(dir, files, { force: values.force ?? false, ignorePrivateKey: await insideGitWorkTree(dir) });
  if (jwks !== undefined) written.push(...(await writeFiles(dir, [{ name: JWKS_FILE, content: jwks }], { force: values.force ?? false })));
  for (const path of written) io.stdout(`wrote ${path}\n`);
  io.stdout(`kid ${files.publicJwk.kid}\n`);
  if (material.certificatePem) io.stdout(`certificate ${describeExpiry(certificateExpiry(readCertificate(material.certificatePem), systemClock, 0))}\n`);
  return 0;
}
