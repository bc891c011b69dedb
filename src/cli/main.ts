import { isOAuthJwtError } from '../core/errors';
import { redact } from '../core/redact';
import { UsageError } from './args';
import { check, checkUsage } from './check';
import { csr, csrUsage } from './csr';
import { decode, decodeUsage } from './decode';
import type { CliIo } from './io';
import { keygen, keygenUsage } from './keygen';
import { rotate, rotateUsage } from './rotate';
import { sign, signUsage } from './sign';
import { token, tokenUsage } from './token';
import { verify, verifyUsage } from './verify';

const commands: Record<string, { run: (argv: string[], io: CliIo) => Promise<number>; usage: string }> = {
  keygen: { run: keygen, usage: keygenUsage },
  sign: { run: sign, usage: signUsage },
  decode: { run: decode, usage: decodeUsage },
  verify: { run: verify, usage: verifyUsage },
  token: { run: token, usage: tokenUsage },
  csr: { run: csr, usage: csrUsage },
  check: { run: check, usage: checkUsage },
  rotate: { run: rotate, usage: rotateUsage },
};

const overview = `oauth-jwt — keys, certificates, signed JWTs and token exchanges (OAuth JWT Bearer)

${Object.values(commands).map((c) => c.usage).join('\n')}

Exit codes: 0 success, 1 failure (message on standard error), 2 usage error.
Secrets come from environment variables only (--client-secret-env, --passphrase-env; for the
workfront flow the client secret also from OAUTH_JWT_CLIENT_SECRET); they are never printed.
`;

/** Runs one CLI invocation and returns its exit code. Never throws. */
export async function main(argv: string[], io: CliIo, version = '0.0.0'): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr(overview);
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(overview);
    return 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${version}\n`);
    return 0;
  }
  // Own names only: "constructor" or "__proto__" must not find something on Object.prototype.
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    io.stderr(`oauth-jwt: unknown command "${name.slice(0, 40)}"\n\n${overview}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    return report(error, io, command.usage);
  }
}

function report(error: unknown, io: CliIo, usage: string): number {
  // Defence in depth: the core never puts a secret in a message, and this scrubs them anyway.
  const scrub = (text: string) => redact(text, io.secrets);
  if (error instanceof UsageError) {
    io.stderr(`oauth-jwt: ${scrub(error.message)}\n\nusage: ${usage}\n`);
    return 2;
  }
  if (isOAuthJwtError(error)) {
    io.stderr(`oauth-jwt: ${scrub(error.message)}\n${error.hint ? `  ${scrub(error.hint)}\n` : ''}`);
    return 1;
  }
  io.stderr(`oauth-jwt: unexpected ${(error as Error)?.name ?? 'error'}: ${scrub(String((error as Error)?.message ?? error))}\n  Please report this, with the command you ran (without secrets).\n`);
  return 1;
}
