/**
 * How `oauth-jwt request` prints an API's answer, whether it called the API itself (--key) or the
 * VS Code window did (terminalClient.ts). The answer is a server's, so hostile: on a terminal, its
 * control characters (escape sequences that could retitle the window, rewrite earlier lines or
 * hide text) are shown as \xHH instead of being written raw. Piped or redirected output stays
 * byte for byte what the server sent, like curl's.
 */
import type { CliIo } from './io';

export interface PrintableResponse {
  status: number;
  headers: Array<[string, string]>;
  body: string;
}

/** C0 controls but tab and newline, DEL, and the C1 controls (U+009B is a CSI to many terminals). */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

/** `text` with its control characters made visible (a CR before LF is dropped: line ends stay line ends). */
export function visibleControls(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/**
 * Prints the status line (and `explanation`, when a refusal is explained) on standard error, the headers first with `include`, then the body on
 * standard output; returns the exit code: 0 for a 2xx status, else 1.
 */
export function printResponse(io: CliIo, method: string, url: URL, response: PrintableResponse, include: boolean, explanation?: string): number {
  const shown = io.stdoutIsTTY ? visibleControls : (text: string) => text;
  io.stderr(`${method} ${url.origin}${url.pathname} → ${response.status}\n`);
  if (explanation) io.stderr(`oauth-jwt: ${visibleControls(explanation)}\n`);
  if (include) {
    const lines = [`HTTP ${response.status}`, ...response.headers.map(([name, value]) => `${name}: ${value}`)];
    io.stdout(shown(`${lines.join('\n')}\n\n`));
  }
  const body = shown(response.body);
  io.stdout(body.endsWith('\n') || body === '' ? body : `${body}\n`);
  return response.status >= 200 && response.status < 300 ? 0 : 1;
}
