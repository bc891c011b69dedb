/**
 * Browser control: the messages a test inside the extension host sends to the driver, which
 * carries them out with Playwright on the workbench page (see test/host/README.md).
 * Each request is one JSON POST to the URL in OAUTH_JWT_TEST_BROWSER; the reply is a
 * {@link BrowserReply}.
 */

/** Where a selector is looked up: the workbench page, or the content of the active webview. */
export type BrowserFrame = 'page' | 'webview';

export interface PressRequest {
  readonly action: 'press';
  /** A Playwright key name or chord: 'F1', 'Enter', 'Escape', 'ArrowDown', 'Control+Shift+P'. */
  readonly key: string;
}

export interface TypeRequest {
  readonly action: 'type';
  /** Typed into whatever has focus, one key at a time. */
  readonly text: string;
}

export interface ClickRequest {
  readonly action: 'click';
  readonly selector: string;
  readonly frame?: BrowserFrame;
  /** Only elements whose text contains this. */
  readonly hasText?: string;
  /** How long to wait for a match to be clickable; default 10 000 ms. */
  readonly timeoutMs?: number;
}

export interface HoverRequest {
  readonly action: 'hover';
  readonly selector: string;
  readonly frame?: BrowserFrame;
  readonly hasText?: string;
  /** Default 10 000 ms. */
  readonly timeoutMs?: number;
}

export interface TextRequest {
  readonly action: 'text';
  readonly selector: string;
  readonly frame?: BrowserFrame;
}

export interface WaitForRequest {
  readonly action: 'waitFor';
  readonly selector: string;
  readonly frame?: BrowserFrame;
  /** Wait for a visible match whose text contains this. */
  readonly hasText?: string;
  /** Default 10 000 ms. */
  readonly timeoutMs?: number;
}

export interface ScreenshotRequest {
  readonly action: 'screenshot';
  /** File name stem: letters, digits, '-' and '_'. */
  readonly name: string;
}

export type BrowserRequest = PressRequest | TypeRequest | ClickRequest | HoverRequest | TextRequest | WaitForRequest | ScreenshotRequest;

export type BrowserReply =
  | { readonly ok: true; /** innerText of every match ('text', 'waitFor'). */ readonly texts?: string[]; /** Where a screenshot was saved. */ readonly path?: string }
  | { readonly ok: false; readonly error: string };

/** How a webview's content is reached from the page: two iframes deep. */
export const WEBVIEW_FRAMES = ['iframe.webview.ready', 'iframe#active-frame'] as const;
