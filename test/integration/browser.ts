/**
 * Browser control for tests inside the extension host: asks the driver (test/host/run.ts) to act
 * on the workbench page with Playwright — press keys, type, click, read text, take screenshots.
 * Only the code-server driver offers it; elsewhere {@link browserAvailable} is false and tests
 * that need it skip themselves.
 */
import type { BrowserFrame, BrowserReply, BrowserRequest } from '../host/browserProtocol';
import { BROWSER_ENV } from '../host/suites';

const url = process.env[BROWSER_ENV];

export const browserAvailable = url !== undefined && url !== '';

async function send(request: BrowserRequest): Promise<Extract<BrowserReply, { ok: true }>> {
  if (!browserAvailable) throw new Error(`no browser control (${BROWSER_ENV} is not set)`);
  const response = await fetch(url!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
  const reply = (await response.json()) as BrowserReply;
  if (!reply.ok) throw new Error(`browser ${request.action}: ${reply.error}`);
  return reply;
}

export interface Where {
  readonly frame?: BrowserFrame;
  readonly hasText?: string;
}

export const browser = {
  /** A Playwright key name or chord: 'F1', 'Enter', 'Escape', 'ArrowDown', 'Control+Shift+P'. */
  press: async (key: string): Promise<void> => void (await send({ action: 'press', key })),
  /** Types into whatever has focus. */
  type: async (text: string): Promise<void> => void (await send({ action: 'type', text })),
  click: async (selector: string, where: Where & { timeoutMs?: number } = {}): Promise<void> => void (await send({ action: 'click', selector, ...where })),
  /** Moves the mouse over the first match (tooltips, hovers), waiting for it. */
  hover: async (selector: string, where: Where & { timeoutMs?: number } = {}): Promise<void> => void (await send({ action: 'hover', selector, ...where })),
  /** innerText of every element matching the selector now (no waiting). */
  text: async (selector: string, frame?: BrowserFrame): Promise<string[]> =>
    (await send({ action: 'text', selector, ...(frame ? { frame } : {}) })).texts ?? [],
  /** Waits until a match is visible, then returns the innerText of every match. */
  waitFor: async (selector: string, where: Where & { timeoutMs?: number } = {}): Promise<string[]> =>
    (await send({ action: 'waitFor', selector, ...where })).texts ?? [],
  /** Saves a PNG of the whole workbench under .test-tmp/host/ and returns its path. */
  screenshot: async (name: string): Promise<string> => (await send({ action: 'screenshot', name })).path ?? '',
};
