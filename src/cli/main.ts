import { isOAuthJwtError } from '../core/errors';
import { redact } from '../core/redact';
import { UsageError } from './args';
import type { CliIo } from './io';

interface Command {
  run: (argv: string[], io: CliIo) => Promise<number>;
  usage: string;
}

/**
 * The commands, each loaded when it runs: a process loads the one module it uses (decode no jose
 * and no HTTP, keygen no jose). esbuild.mjs makes every module imported here a bundle of its own,
 * dist/cli/<name>.js. Adding a command is one line.
 */
// require(), not import(): Node would start its ES module loader for import() (10 ms and more).
const commands: Record<string, () => Command> = {
  keygen: () => { const m = require('./keygen') as typeof import('./keygen'); return { run: m.keygen, usage: m.keygenUsage }; },
  sign: () => { const m = require('./sign') as typeof import('./sign'); return { run: m.sign, usage: m.signUsage }; },
  decode: () => { const m = require('./decode') as typeof import('./decode'); return { run: m.decode, usage: m.decodeUsage }; },
  verify: () => { const m = require('./verify') as typeof import('./verify'); return { run: m.verify, usage: m.verifyUsage }; },
  token: () => { const m = require('./token') as typeof import('./token'); return { run: m.token, usage: m.tokenUsage }; },
  request: () => { const m = require('./request') as typeof import('./request'); return { run: m.request, usage: m.requestUsage }; },
  csr: () => { const m = require('./csr') as typeof import('./csr'); return { run: m.csr, usage: m.csrUsage }; },
  check: () => { const m = require('./check') as typeof import('./check'); return { run: m.check, usage: m.checkUsage }; },
  rotate: () => { const m = require('./rotate') as typeof import('./rotate'); return { run: m.rotate, usage: m.rotateUsage }; },
};

/** The help text: it names every command, so it is the one place that loads them all. */
function overview(): string {
  const all = Object.values(commands).map((load) => load());
  return `oauth-jwt — keys, certificates, signed JWTs and token exchanges (OAuth JWT Bearer)

${all.map((c) => c.usage).join('\n')}

Exit codes: 0 success, 1 failure (message on standard error), 2 usage error.
Secrets come from environment variables only (--client-secret-env, --passphrase-env; for the
workfront flow the client secret also from OAUTH_JWT_CLIENT_SECRET); they are never printed.
`;
}

/** Runs one CLI invocation and returns its exit code. Never throws. */
export async function main(argv: string[], io: CliIo, version = '0.0.0'): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr(overview());
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(overview());
    return 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${version}\n`);
    return 0;
  }
  // Own names only: "constructor" or "__proto__" must not find something on Object.prototype.
  const load = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!load) {
    io.stderr(`oauth-jwt: unknown command "${name.slice(0, 40)}"\n\n${overview()}`);
    return 2;
  }
  const command = load();
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
