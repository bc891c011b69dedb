/**
 * The driver's side of browser control: a loopback HTTP endpoint, behind an unguessable path,
 * that carries out {@link BrowserRequest}s on the workbench page with Playwright.
 */
import { createServer, type IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { WEBVIEW_FRAMES, type BrowserFrame, type BrowserReply, type BrowserRequest } from './browserProtocol';

export interface BrowserControl {
  /** Goes into the host's environment as OAUTH_JWT_TEST_BROWSER. */
  readonly url: string;
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024;

export async function startBrowserControl(page: Page, screenshotDir: string): Promise<BrowserControl> {
  const path = `/browser/${randomUUID()}`;
  const server = createServer((req, res) => {
    const reply = (status: number, body: BrowserReply) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || req.url !== path) return reply(404, { ok: false, error: 'not found' });
    readJson(req)
      .then((request) => perform(page, screenshotDir, request))
      .then((result) => reply(200, { ok: true, ...result }))
      .catch((error: unknown) => reply(500, { ok: false, error: plain(error instanceof Error ? error.message : String(error)) }));
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** Playwright's messages carry terminal colours: drop them. */
function plain(text: string): string {
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}

async function readJson(req: IncomingMessage): Promise<BrowserRequest> {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > MAX_BODY) throw new Error('request too large');
  }
  const parsed: unknown = JSON.parse(body);
  if (typeof parsed !== 'object' || parsed === null || typeof (parsed as { action?: unknown }).action !== 'string') {
    throw new Error('expected a JSON object with an "action"');
  }
  return parsed as BrowserRequest;
}

function root(page: Page, frame: BrowserFrame | undefined): Page | FrameLocator {
  if (frame === undefined || frame === 'page') return page;
  if (frame === 'webview') return WEBVIEW_FRAMES.reduce<Page | FrameLocator>((at, selector) => at.frameLocator(selector), page);
  throw new Error(`unknown frame ${JSON.stringify(frame)}`);
}

function locate(page: Page, frame: BrowserFrame | undefined, selector: string, hasText?: string): Locator {
  const all = root(page, frame).locator(selector);
  return hasText === undefined ? all : all.filter({ hasText });
}

async function perform(page: Page, screenshotDir: string, request: BrowserRequest): Promise<{ texts?: string[]; path?: string }> {
  switch (request.action) {
    case 'press':
      await page.keyboard.press(request.key);
      return {};
    case 'type':
      await page.keyboard.type(request.text);
      return {};
    case 'click':
      // The mouse still rests where the last click left it; on a slow machine VS Code has had time
      // to open that spot's hover (a quick pick row's, a status bar item's), which can cover the
      // element to click now. Moving the mouse off first lets that hover close.
      await page.mouse.move(0, 0);
      await locate(page, request.frame, request.selector, request.hasText).first().click({ timeout: request.timeoutMs ?? 10_000 });
      return {};
    case 'hover':
      await locate(page, request.frame, request.selector, request.hasText).first().hover({ timeout: request.timeoutMs ?? 10_000 });
      return {};
    case 'text':
      return { texts: await locate(page, request.frame, request.selector).allInnerTexts() };
    case 'waitFor': {
      const matches = locate(page, request.frame, request.selector, request.hasText);
      await matches.first().waitFor({ state: 'visible', timeout: request.timeoutMs ?? 10_000 });
      return { texts: await matches.allInnerTexts() };
    }
    case 'screenshot': {
      if (!/^[\w-]{1,80}$/.test(request.name)) throw new Error('screenshot name: letters, digits, "-" and "_" only');
      const file = join(screenshotDir, `${request.name}.png`);
      await page.screenshot({ path: file });
      return { path: file };
    }
    default:
      throw new Error(`unknown action ${JSON.stringify((request as { action: unknown }).action)}`);
  }
}
