/** The extension under development, as the host loaded it. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'oauth-jwt-bearer.oauth-jwt-bearer';

/** Finds the extension, activates it and returns it with its exports. */
export async function activateExtension(): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded in the host`);
  await extension.activate();
  assert.equal(extension.isActive, true, `${EXTENSION_ID} did not activate`);
  return extension;
}
