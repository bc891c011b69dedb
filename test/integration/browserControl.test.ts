import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { suite, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { browser, browserAvailable } from './browser';

/** A throwaway webview with one button that posts a message back. */
function pingPanel(): vscode.WebviewPanel {
  const panel = vscode.window.createWebviewPanel('oauthJwtTest.ping', 'Ping', vscode.ViewColumn.One, { enableScripts: true });
  const nonce = randomBytes(16).toString('base64');
  panel.webview.html = `<!DOCTYPE html><html><head>
    <meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}';">
    </head><body><p id="state">idle</p><button id="ping">Ping</button>
    <script nonce="${nonce}">
      const vscode = acquireVsCodeApi();
      document.getElementById('ping').addEventListener('click', () => {
        document.getElementById('state').textContent = 'clicked';
        vscode.postMessage({ type: 'ping' });
      });
    </script></body></html>`;
  return panel;
}

suite('browser control', () => {
  const disposables: vscode.Disposable[] = [];
  teardown(() => {
    for (const d of disposables.splice(0)) d.dispose();
  });

  test('reads the status bar', async function () {
    if (!browserAvailable) this.skip();
    const item = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 1000);
    disposables.push(item);
    item.text = 'oauth-jwt status check';
    item.show();
    const texts = await browser.waitFor('.statusbar-item', { hasText: 'oauth-jwt status check' });
    assert.ok(texts.some((t) => t.includes('oauth-jwt status check')));
  });

  test('clicks inside a webview, whose message reaches the extension host', async function () {
    if (!browserAvailable) this.skip();
    const panel = pingPanel();
    disposables.push(panel);
    const pinged = new Promise<unknown>((resolve) => disposables.push(panel.webview.onDidReceiveMessage(resolve)));
    await browser.click('#ping', { frame: 'webview' });
    assert.deepEqual(await pinged, { type: 'ping' });
    assert.deepEqual(await browser.waitFor('#state', { frame: 'webview', hasText: 'clicked' }), ['clicked']);
  });

  test('saves a screenshot of the workbench', async function () {
    if (!browserAvailable) this.skip();
    const path = await browser.screenshot('browser-control-check');
    assert.match(path, /browser-control-check\.png$/);
  });

  test('reports a failed request as an error', async function () {
    if (!browserAvailable) this.skip();
    await assert.rejects(browser.click('#no-such-element', { frame: 'page', hasText: 'nothing', timeoutMs: 500 }), /browser click/);
  });
});
