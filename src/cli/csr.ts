import { basename, dirname, resolve } from 'node:path';
import { createCertificateSigningRequest } from '../core/csr';
import { writeFiles } from '../core/keyFiles';
import { parse, required } from './args';
import type { CliIo } from './io';
import { readPrivateKey } from './keyInput';

export const csrUsage = `oauth-jwt csr --key FILE --subject "/CN=NAME[/O=ORG…]" [--san TYPE:VALUE]… [--out FILE] [--force]
                 [--passphrase-env VAR]
    a PKCS#10 certificate signing request signed with the key (RSA, EC or Ed25519) for your CA;
    subject attributes CN, O, OU, L, ST, C, serialNumber, emailAddress; --san DNS:…, URI:…,
    email:…, IP:… (repeatable); PEM to standard output, or to FILE (not overwritten without --force)`;

export async function csr(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, {
    key: { type: 'string' },
    subject: { type: 'string' },
    san: { type: 'string', multiple: true },
    out: { type: 'string' },
    force: { type: 'boolean' },
    'passphrase-env': { type: 'string' },
  });
  const subject = required(values.subject, '--subject');
  const key = await readPrivateKey(io, required(values.key, '--key'), values['passphrase-env']);
  const pem = createCertificateSigningRequest(key, { subject, subjectAltNames: values.san ?? [] });
  if (values.out === undefined) {
    io.stdout(pem);
    return 0;
  }
  const path = resolve(io.cwd, values.out);
  const [written] = await writeFiles(dirname(path), [{ name: basename(path), content: pem }], { force: values.force ?? false });
  io.stdout(`wrote ${written}\n`);
  return 0;
}
