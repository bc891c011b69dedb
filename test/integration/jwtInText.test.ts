/** JWT hover and CodeLens in any file (issue 17 §2), through VS Code's own provider commands. */
import * as assert from 'node:assert/strict';
import { setup, suite, test } from 'mocha';
import * as vscode from 'vscode';
import { browser, browserAvailable } from './browser';
import { hoverText, jwtFor } from './jwtInTextSupport';

suite('JWT hover and CodeLens in any file', () => {
  let now: number;
  let live: string;
  let expired: string;
  // Made per test: the relative times are checked, and a full run reaches this suite minutes after loading it.
  setup(() => {
    now = Math.floor(Date.now() / 1000);
    live = jwtFor({ alg: 'RS256', typ: 'JWT', kid: 'k1' }, { sub: 'hover-test', aud: 'https://api.example', iat: now - 600, exp: now + 245 });
    expired = jwtFor({ alg: 'ES256' }, { sub: 'old', iat: now - 3 * 3600, exp: now - 2 * 3600 });
  });

  test('a hover on a JWT in a log line shows its header, claims, times, expiry and the signature as not verified', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'log', content: `12:00:01 INFO got Authorization: Bearer ${live} from gateway\nnothing here` });
    const column = document.lineAt(0).text.indexOf(live) + 40;
    const text = await hoverText(document, new vscode.Position(0, column));
    assert.match(text, /\*\*JWT\*\* · `RS256` · signature \*\*not verified\*\* · expires in 4 minutes/);
    assert.match(text, /"sub": "hover-test"/);
    assert.match(text, /"kid": "k1"/);
    assert.match(text, /`iat` \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(10 minutes ago\)/);
    assert.match(text, /`exp` .* \(in 4 minutes\)/);
    assert.match(text, /\[\$\(symbol-property\) Open in Claim Editor\]\(command:oauthJwt\.decodeJwt\?/);
    assert.match(text, /\[\$\(copy\) Copy Claims as JSON\]\(command:oauthJwt\.copyJwtClaims\?/);
    assert.equal(await hoverText(document, new vscode.Position(1, 3)), '', 'a hover on a line without a JWT');
    assert.equal(await hoverText(document, new vscode.Position(0, 3)), '', 'a hover beside the JWT');
  });

  test('an expired token in a JSON file says so', async () => {
    const json = await vscode.workspace.openTextDocument({ language: 'json', content: `{\n  "id_token": "${expired}"\n}` });
    assert.match(await hoverText(json, new vscode.Position(1, 20)), /`ES256` · signature \*\*not verified\*\* · expired 2 hours ago/);
  });

  test('CodeLens: Decode JWT and Copy Claims as JSON above each JWT, carrying the token; a JWT-shaped string that does not decode gets none', async () => {
    const content = `# token\nAuthorization: Bearer ${live}\nx = "eyJub3Q.anNvbg.x"\n${expired}\n`;
    const document = await vscode.workspace.openTextDocument({ language: 'plaintext', content });
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
    const ours = lenses.filter((l) => l.command?.command.startsWith('oauthJwt.'));
    assert.deepEqual(ours.map((l) => [l.range.start.line, l.command!.title, l.command!.command, l.command!.arguments?.[0]]), [
      [1, '$(symbol-property) Decode JWT', 'oauthJwt.decodeJwt', live],
      [1, '$(copy) Copy Claims as JSON', 'oauthJwt.copyJwtClaims', live],
      [3, '$(symbol-property) Decode JWT', 'oauthJwt.decodeJwt', expired],
      [3, '$(copy) Copy Claims as JSON', 'oauthJwt.copyJwtClaims', expired],
    ]);
  });

  test('Copy Claims as JSON puts the claims on the clipboard', async () => {
    assert.equal(await vscode.commands.executeCommand('oauthJwt.copyJwtClaims', live), true);
    assert.deepEqual(JSON.parse(await vscode.env.clipboard.readText()), { sub: 'hover-test', aud: 'https://api.example', iat: now - 600, exp: now + 245 });
  });

  test('opt out: oauthJwt.jwtHover.enabled and oauthJwt.jwtCodeLens.enabled set to false', async () => {
    const config = vscode.workspace.getConfiguration('oauthJwt');
    const document = await vscode.workspace.openTextDocument({ language: 'plaintext', content: live });
    try {
      await config.update('jwtHover.enabled', false, vscode.ConfigurationTarget.Global);
      await config.update('jwtCodeLens.enabled', false, vscode.ConfigurationTarget.Global);
      assert.equal(await hoverText(document, new vscode.Position(0, 5)), '');
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
      assert.equal(lenses.filter((l) => l.command?.command.startsWith('oauthJwt.')).length, 0);
    } finally {
      await config.update('jwtHover.enabled', undefined, vscode.ConfigurationTarget.Global);
      await config.update('jwtCodeLens.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.match(await hoverText(document, new vscode.Position(0, 5)), /hover-test/);
  });

  test('the hover as the workbench renders it (README screenshot: .test-tmp/host/jwt-hover.png)', async function () {
    if (!browserAvailable) this.skip();
    const content = `### Call the API\nGET https://api.example/items\nAuthorization: Bearer ${live}\n`;
    const document = await vscode.workspace.openTextDocument({ language: 'http', content });
    const editor = await vscode.window.showTextDocument(document);
    // The editor alone on screen, as a user would look at it.
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    const at = new vscode.Position(2, 30);
    editor.selection = new vscode.Selection(at, at);
    await vscode.commands.executeCommand('editor.action.showHover');
    const [rendered] = await browser.waitFor('.monaco-hover', { hasText: 'not verified' });
    assert.match(rendered!, /expires in 4 minutes/);
    assert.match(rendered!, /Open in Claim Editor/);
    assert.match(rendered!, /"sub": "hover-test"/);
    try {
      assert.match(await browser.screenshot('jwt-hover'), /jwt-hover\.png$/);
    } finally {
      await vscode.commands.executeCommand('workbench.action.toggleSidebarVisibility');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });

  test('a huge minified line: the hover still answers, quickly', async () => {
    const line = `${'{"a":"b"},'.repeat(200_000)}"t":"${live}"`;
    const document = await vscode.workspace.openTextDocument({ language: 'json', content: line });
    const started = Date.now();
    assert.match(await hoverText(document, new vscode.Position(0, line.length - 20)), /hover-test/);
    assert.ok(Date.now() - started < 5000, `${Date.now() - started} ms`);
  });
});
