import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as a test server saw it, for field-by-field assertions. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Query string pairs in the order sent. */
  query: [string, string][];
  headers: IncomingHttpHeaders;
  body: string;
  /** Form body pairs in the order sent (empty unless the body is application/x-www-form-urlencoded). */
  form: [string, string][];
}

/** What every local test server returns: its base URL (no trailing slash) and a way to stop it. */
export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export type Handler = (request: RecordedRequest, res: ServerResponse, raw: IncomingMessage) => void | Promise<void>;

/** Request bodies above this are refused: the servers only ever expect small forms. */
const MAX_REQUEST_BYTES = 256 * 1024;

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) resolve(undefined);
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Sends a JSON body with the given status. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(text);
}

/** Sends an RFC 6749 §5.2 error. */
export function sendOAuthError(res: ServerResponse, status: number, error: string, description: string): void {
  sendJson(res, status, { error, error_description: description });
}

/** Starts a plain HTTP server on 127.0.0.1 with an OS-chosen port. */
export async function listenLocal(handler: Handler, requests: RecordedRequest[] = []): Promise<RunningServer & { port: number; server: Server }> {
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      if (body === undefined) {
        sendOAuthError(res, 413, 'invalid_request', 'request body too large');
        return;
      }
      const parsed = new URL(req.url ?? '/', 'http://127.0.0.1');
      const isForm = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase() === 'application/x-www-form-urlencoded';
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path: parsed.pathname,
        query: [...parsed.searchParams],
        headers: req.headers,
        body,
        form: isForm ? [...new URLSearchParams(body)] : [],
      };
      requests.push(recorded);
      await handler(recorded, res, req);
    })().catch((error: unknown) => {
      if (!res.headersSent) sendOAuthError(res, 500, 'server_error', String(error));
      else res.destroy();
    });
  });
  return listen(server);
}

/** Listens on 127.0.0.1:0 and gives a close() that also drops kept-alive and stalled connections. */
export function listen<S extends Server>(server: S): Promise<RunningServer & { port: number; server: S }> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        port,
        server,
        close: () => new Promise<void>((done) => {
          server.close(() => done());
          server.closeAllConnections();
        }),
      });
    });
  });
}

/** A URL on 127.0.0.1 where nothing listens (the port was just released), for connection-refused tests. */
export async function closedPortUrl(path = '/token'): Promise<string> {
  const probe = await listen(createServer());
  await probe.close();
  return `http://127.0.0.1:${probe.port}${path}`;
}

/** First value of a parameter in recorded pairs. */
export function param(pairs: [string, string][], name: string): string | undefined {
  return pairs.find(([key]) => key === name)?.[1];
}
