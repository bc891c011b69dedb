/**
 * The local oidc-provider in a process of its own, so that a benchmark's event-loop figures and
 * timings are ours alone: in the measuring process the provider's own work (verifying the
 * assertion, issuing a token) would block the same event loop and be counted against us.
 * Listens on 127.0.0.1 only (startOidcProvider does).
 *
 * As a child: reads the client list as JSON from argv[2], prints `{"tokenUrl": …}` and serves
 * until its stdin closes; after each request it prints `{"endpointMs": …}`: the endpoint's own time,
 * from the request's arrival to the last byte of its response handed to the socket.
 */
import { fork } from 'node:child_process';
import { Server, type ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { startOidcProvider, type OidcClientOptions, type OidcProviderOptions } from '../../test/servers';

export interface OidcServerProcess {
  tokenUrl: string;
  /** The endpoint's own time for each request so far, measured in its process (ms). */
  endpointMs: number[];
  close(): Promise<void>;
}

/**
 * Starts the provider in a child process (this file run with Node) and resolves with its token URL;
 * `options`: the provider's other options (mutual TLS, nonces …), as JSON.
 */
export function startOidcServerProcess(clients: OidcClientOptions[], options: Omit<OidcProviderOptions, 'clients'> = {}): Promise<OidcServerProcess> {
  // In the extension host process.execPath is not a plain Node: ask for the one that runs us.
  const child = fork(__filename, [JSON.stringify(clients), JSON.stringify(options)], { stdio: ['pipe', 'pipe', 'pipe', 'ipc'], execArgv: [] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    let stdout = '';
    const onData = (chunk: Buffer): void => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      child.stdout!.off('data', onData);
      const { tokenUrl } = JSON.parse(line) as { tokenUrl: string };
      const endpointMs: number[] = [];
      let rest = '';
      child.stdout!.on('data', (more: Buffer) => {
        const lines = (rest + more.toString()).split('\n');
        rest = lines.pop()!;
        for (const l of lines) if (l.startsWith('{"endpointMs"')) endpointMs.push((JSON.parse(l) as { endpointMs: number }).endpointMs);
      });
      resolve({
        tokenUrl,
        endpointMs,
        close: () => new Promise<void>((done) => {
          if (child.exitCode !== null) return done();
          child.once('exit', () => done());
          child.stdin!.end();
        }),
      });
    };
    child.stdout!.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the oidc-provider process exited with ${String(code)}: ${stderr.trim()}`)));
  });
}

async function serve(): Promise<void> {
  // Every request of every server in this process is timed: the provider's is the only one.
  const emit = Server.prototype.emit;
  Server.prototype.emit = function (this: Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'request') {
      const started = performance.now();
      (args[1] as ServerResponse).once('finish', () => process.stdout.write(`${JSON.stringify({ endpointMs: performance.now() - started })}\n`));
    }
    return (emit as (this: Server, event: string | symbol, ...args: unknown[]) => boolean).call(this, event, ...args);
  } as typeof emit;
  const options = JSON.parse(process.argv[3] ?? '{}') as Omit<OidcProviderOptions, 'clients'>;
  const provider = await startOidcProvider({ ...options, clients: JSON.parse(process.argv[2]!) as OidcClientOptions[] });
  process.stdout.write(`${JSON.stringify({ tokenUrl: provider.tokenUrl })}\n`);
  process.stdin.resume();
  process.stdin.once('end', () => void provider.close().finally(() => process.exit(0)));
  process.once('disconnect', () => void provider.close().finally(() => process.exit(0)));
}

if (require.main === module) {
  serve().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
