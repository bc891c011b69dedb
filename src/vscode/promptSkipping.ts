/**
 * Command arguments that skip a prompt — overwrite without asking, forget without confirming, send
 * a token to a given URL — are honoured only while the extension's own tests run. Any other
 * extension, or a `command:` link in trusted Markdown, can call our commands with arguments, so
 * outside test mode those arguments are ignored and the command asks as if they were absent.
 * No vscode import, so the gate itself is unit-tested.
 */

/** `vscode.ExtensionMode.Test`: the API fixes the values (Production 1, Development 2, Test 3). */
export const EXTENSION_MODE_TEST = 3;

/** Whether prompt-skipping arguments count in this extension mode: only in test mode. */
export function honoursPromptSkipping(extensionMode: number): boolean {
  return extensionMode === EXTENSION_MODE_TEST;
}

/** `value` when the extension runs in test mode, else undefined (so the command asks). */
export function promptSkipping<T>(context: { readonly extensionMode: number }, value: T): T | undefined {
  return honoursPromptSkipping(context.extensionMode) ? value : undefined;
}
