import { decodeJwt } from '../core/jwtDecode';
import { MAX_TOKEN_CHARS } from '../core/limits';
import { parse, UsageError } from './args';
import type { CliIo } from './io';

export const decodeUsage = `oauth-jwt decode [TOKEN]            (TOKEN or standard input) prints {"header":…,"payload":…}
    the signature is NOT verified (use oauth-jwt verify)`;

export async function decode(argv: string[], io: CliIo): Promise<number> {
  const { positionals } = parse(argv, {}, 1);
  const token = positionals[0] ?? (await tokenFromStdin(io));
  const { header, payload } = decodeJwt(token);
  io.stdout(`${JSON.stringify({ header, payload }, null, 2)}\n`);
  io.stderr('note: decoded only; the signature was not verified (use oauth-jwt verify)\n');
  return 0;
}

/** A token piped into standard input (decode, verify -); reading stops just past the token cap. */
export async function tokenFromStdin(io: CliIo): Promise<string> {
  if (io.stdinIsTTY) throw new UsageError('give a TOKEN, or pipe one into standard input');
  // Room for a line end and some white space around the longest token the core accepts.
  return (await io.readStdin(MAX_TOKEN_CHARS + 1024, 'The token on standard input')).trim();
}
