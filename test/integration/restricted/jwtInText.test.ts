import * as assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { hoverText, jwtFor } from '../jwtInTextSupport';
import { terminalAccess } from '../support';

suite('Restricted Mode: JWT hover and CodeLens decode; terminals get no handle', () => {
  test('the hover and CodeLens work untrusted (decoding only)', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const token = jwtFor({ alg: 'RS256' }, { sub: 'untrusted-hover' });
    const document = await vscode.workspace.openTextDocument({ language: 'plaintext', content: `token=${token}` });
    assert.match(await hoverText(document, new vscode.Position(0, 10)), /"sub": "untrusted-hover"[\s\S]*/);
    assert.match(await hoverText(document, new vscode.Position(0, 10)), /no expiry \(exp absent\)/);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
    assert.equal(lenses.filter((l) => l.command?.command === 'oauthJwt.decodeJwt').length, 1);
  });

  test('integrated terminals of an untrusted workspace get no handle to ask for tokens', async () => {
    assert.equal((await terminalAccess()).handle, undefined);
  });
});
