import { OAuthJwtError } from '../core/errors';
import { verifyJwt, type VerifyKeySource } from '../core/jwtVerify';
import { MAX_JSON_CHARS, MAX_PEM_CHARS } from '../core/limits';
import { parse, readTextFile, required, UsageError } from './args';
import { tokenFromStdin } from './decode';
import type { CliIo } from './io';
import { readPrivateKey } from './keyInput';

export const verifyUsage = `oauth-jwt verify TOKEN|- (--cert FILE | --key FILE | --jwks FILE) [--iss S] [--aud S] [--allow-no-exp]
    exit 0 and the payload when valid; never accepts alg "none"; "-" reads the token from standard
    input (keeps it out of the process list); a token without "exp" only with --allow-no-exp`;

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
      'allow-no-exp': { type: 'boolean' },
    },
    1,
  );
  const tokenArgument = required(positionals[0], 'TOKEN (or - for standard input)');
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
  const token = tokenArgument === '-' ? await tokenFromStdin(io) : tokenArgument;
  const { payload } = await verifyJwt(token, source, { issuer: values.iss, audience: values.aud });
  // A signed token without exp is valid forever: not what anyone verifying a bearer token expects.
  if (payload.exp === undefined && !values['allow-no-exp']) {
    throw new OAuthJwtError('CLAIM_CHECK_FAILED', 'The signature is valid, but the token has no "exp" claim: it never expires.', 'Ask the issuer for a token with an expiry, or pass --allow-no-exp if a token without one is expected.');
  }
  io.stdout(`${JSON.stringify(payload, null, 2)}\n`);
  return 0;
}
