import { verifyJwt, type VerifyKeySource } from '../core/jwtVerify';
import { MAX_JSON_CHARS, MAX_PEM_CHARS } from '../core/limits';
import { parse, readTextFile, required, UsageError } from './args';
import type { CliIo } from './io';
import { readPrivateKey } from './keyInput';

export const verifyUsage = `oauth-jwt verify TOKEN (--cert FILE | --key FILE | --jwks FILE) [--iss S] [--aud S]
    exit 0 and the payload when valid; never accepts alg "none"`;

export async function verify(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      cert: { type: 'string' },
      key: { type: 'string' },
      jwks: { type: 'string' },
      'passphrase-env': { type: 'string' },
      iss: { type: 'string' },
      aud: { type: 'string' },
    },
    1,
  );
  const token = required(positionals[0], 'TOKEN');
  const given = [values.cert, values.key, values.jwks].filter((v) => v !== undefined).length;
  if (given !== 1) throw new UsageError('give exactly one of --cert FILE, --key FILE or --jwks FILE');
  const source: VerifyKeySource = {};
  if (values.cert !== undefined) source.certificate = await readTextFile(io.cwd, values.cert, 'certificate', MAX_PEM_CHARS);
  if (values.jwks !== undefined) source.jwks = await readTextFile(io.cwd, values.jwks, 'JWKS', MAX_JSON_CHARS);
  if (values.key !== undefined) {
    const text = await readTextFile(io.cwd, values.key, 'key', MAX_PEM_CHARS);
    // A public key is what verification needs; a private key file is accepted too (its public half is used).
    source.publicKey = /PRIVATE KEY-----|"d"\s*:/.test(text) ? (await readPrivateKey(io, values.key, values['passphrase-env'])).key : text;
  }
  const { payload } = await verifyJwt(token, source, { issuer: values.iss, audience: values.aud });
  io.stdout(`${JSON.stringify(payload, null, 2)}\n`);
  return 0;
}
