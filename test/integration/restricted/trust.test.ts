import * as assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { activateExtension } from '../extensionUnderTest';

suite('Restricted Mode', () => {
  test('the workspace opens untrusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
    assert.equal(vscode.workspace.workspaceFolders?.length, 1);
  });

  test('the extension still loads and activates (decoding must work here)', async () => {
    await activateExtension();
  });
});
