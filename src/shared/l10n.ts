/**
 * Translation for code shared by the extension, the webview and the CLI (no vscode import): a
 * function takes an `L10n` and calls `l10n.t('English text with {0}', value)`. The extension passes
 * `vscode.l10n`, the webview its bundle (claimEditor's host.ts), the CLI nothing (English, the
 * default). `npm run l10n` collects every `l10n.t('…')` literal into l10n/bundle.l10n.json.
 */
export interface L10n {
  t(message: string, ...args: Array<string | number | boolean>): string;
}

/** `{0}`, `{1}` … replaced by the arguments, as vscode.l10n.t does; an index without an argument stays as written. */
export function formatMessage(message: string, args: ReadonlyArray<string | number | boolean>): string {
  return message.replace(/\{(\d+)\}/g, (whole, index: string) => (Number(index) < args.length ? String(args[Number(index)]) : whole));
}

/** English: the message itself, with its arguments. */
export const english: L10n = { t: (message, ...args) => formatMessage(message, args) };

/** A bundle's translations (message → translation), falling back to English for a message it lacks. */
export function bundleL10n(bundle: Readonly<Record<string, string>> | undefined): L10n {
  // Own strings only: a message named like an Object.prototype member finds no translation there.
  return { t: (message, ...args) => formatMessage(bundle && Object.hasOwn(bundle, message) && typeof bundle[message] === 'string' ? bundle[message] : message, args) };
}
