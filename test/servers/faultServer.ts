import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { listenLocal, sendJson, sendOAuthError, type RecordedRequest, type RunningServer } from '../../src/sandbox/servers/localServer';

/** Every misbehaviour the fault server can show, one path each. */
export type FaultMode =
  | 'stall'            // accepts the connection, never answers
  | 'redirect'         // 302 to the redirect target server
  | 'invalid-client'   // 401 {"error":"invalid_client",…}
  | 'invalid-grant'    // 400 {"error":"invalid_grant",…} with a Date header shifted by dateOffsetSeconds
  | 'server-error'     // 500 with a plain text body
  | 'html'             // 200 with an HTML login page
  | 'no-access-token'  // 200 JSON without access_token
  | 'oversized'        // 200 JSON body of oversizedBytes, streamed
  | 'not-json'         // 200 text/plain that is not JSON
  | 'markup-error'     // 400 invalid_request whose error_description carries HTML and link markup
  | 'slow-token';      // 200 with a fresh access token, after slowMs

export const FAULT_MODES: readonly FaultMode[] = [
  'stall', 'redirect', 'invalid-client', 'invalid-grant', 'server-error', 'html', 'no-access-token', 'oversized', 'not-json', 'markup-error', 'slow-token',
];

/** The error_description of 'markup-error': an image with a handler, a script, and links a notification could render. */
export const MARKUP_DESCRIPTION = 'bad <img src=x onerror="globalThis.pwned=1"> <script>globalThis.pwned=2</script> '
  + '[Open settings](command:workbench.action.openSettings) [docs](https://evil.example/phish) **bold**';

export interface FaultServerOptions {
  /** Size of the 'oversized' body; default 5 MB. */
  oversizedBytes?: number;
  /** Shift of the Date header in 'invalid-grant' answers; default 0. */
  dateOffsetSeconds?: number;
  /** Delay of 'slow-token' answers; default 1500 ms. */
  slowMs?: number;
}

export interface FaultServer extends RunningServer {
  /** The URL that shows `mode`. */
  urlFor(mode: FaultMode): string;
  requests: RecordedRequest[];
  /** The second server the 'redirect' mode points at; it records whatever reaches it. */
  redirectTarget: RunningServer & { requests: RecordedRequest[] };
  /** The access tokens 'slow-token' issued, in order. */
  issued: string[];
  /** For the latest 'oversized' request: bytes written before the client went away, and whether the whole body was sent. */
  oversized: { bytesWritten: number; completed: boolean; clientClosedEarly: boolean };
}

function streamOversized(res: ServerResponse, total: number, stats: FaultServer['oversized']): void {
  Object.assign(stats, { bytesWritten: 0, completed: false, clientClosedEarly: false });
  res.writeHead(200, { 'Content-Type': 'application/json' });
  const chunk = Buffer.alloc(64 * 1024, 'a');
  res.on('close', () => { stats.clientClosedEarly = !stats.completed; });
  const pump = () => {
    while (stats.bytesWritten < total && !res.destroyed) {
      const size = Math.min(chunk.length, total - stats.bytesWritten);
      stats.bytesWritten += size;
      if (!res.write(chunk.subarray(0, size))) {
        res.once('drain', pump);
        return;
      }
    }
    if (!res.destroyed) {
      stats.completed = true;
      res.end();
    }
  };
  pump();
}

/** A server that misbehaves on purpose, for the failure paths (SPEC §6). */
export async function startFaultServer(options: FaultServerOptions = {}): Promise<FaultServer> {
  const targetRequests: RecordedRequest[] = [];
  const target = await listenLocal((_request, res) => sendJson(res, 200, { access_token: 'reached-the-redirect-target' }), targetRequests);
  const requests: RecordedRequest[] = [];
  const oversized = { bytesWritten: 0, completed: false, clientClosedEarly: false };
  const issued: string[] = [];

  const running = await listenLocal((request, res) => {
    const mode = request.path.slice(1) as FaultMode;
    switch (mode) {
      case 'stall':
        return; // never answers; close() drops the connection
      case 'redirect':
        // The query stands for state a server might hide in a Location; it must never be shown.
        res.writeHead(302, { Location: `${target.url}/token?session=do-not-show` });
        res.end();
        return;
      case 'invalid-client':
        return sendOAuthError(res, 401, 'invalid_client', 'client authentication failed');
      case 'invalid-grant': {
        const date = new Date(Date.now() + (options.dateOffsetSeconds ?? 0) * 1000).toUTCString();
        res.setHeader('Date', date);
        return sendOAuthError(res, 400, 'invalid_grant', 'JWT is not yet valid or has expired');
      }
      case 'server-error':
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end('Internal Server Error');
        return;
      case 'html':
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end('<!DOCTYPE html><html><head><title>Sign in</title></head><body><form>Sign in</form></body></html>');
        return;
      case 'no-access-token':
        return sendJson(res, 200, { token_type: 'Bearer', expires_in: 3600 });
      case 'oversized':
        return streamOversized(res, options.oversizedBytes ?? 5 * 1024 * 1024, oversized);
      case 'not-json':
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.end('access_token=not-json-canary&token_type=bearer');
        return;
      case 'markup-error':
        return sendOAuthError(res, 400, 'invalid_request', MARKUP_DESCRIPTION);
      case 'slow-token':
        return new Promise<void>((resolve) => setTimeout(() => {
          const token = `slow-token-${issued.length + 1}-${randomUUID()}`;
          issued.push(token);
          sendJson(res, 200, { access_token: token, token_type: 'Bearer', expires_in: 3600 });
          resolve();
        }, options.slowMs ?? 1500));
      default:
        return sendJson(res, 404, { error: 'not_found' });
    }
  }, requests);

  return {
    url: running.url,
    urlFor: (mode) => `${running.url}/${mode}`,
    requests,
    redirectTarget: { ...target, requests: targetRequests },
    oversized,
    issued,
    close: async () => {
      await Promise.all([running.close(), target.close()]);
    },
  };
}
