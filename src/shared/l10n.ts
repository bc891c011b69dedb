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

// ---- texts made where no l10n is at hand (src/core), translated where they are shown -----------
// The core stays English and free of vscode: it marks a text with `localizable('…')` (here) or
// `msg('… {0} …', arg)` (src/core/errors.ts), whose literal `npm run l10n` collects like an l10n.t message; the
// extension translates it with `localize(vscode.l10n, text)` when it shows it, the CLI prints the
// English as it is. `localize` is the one place that hands l10n.t a message that is not a literal.

declare const localizableBrand: unique symbol;
/** An English text in the bundle (made by `localizable('…')`): a string that the extension may translate as a whole. */
export type Localizable = string & { readonly [localizableBrand]: true };

/** Marks a fixed English text for translation: returns it unchanged (`npm run l10n` collects the literal). */
export function localizable(text: string): Localizable {
  return text as Localizable;
}

/** A name, number or server text as it is, or a marked message (translated as well, like "token URL"). */
export type MessageArgument = string | number | boolean | MessageTemplate;

/**
 * An English message template with its arguments, as the core's `msg('… {0} …', value)` makes it
 * (the Message class lives in src/core/errors.ts, whose bundle exists once at run time).
 */
export interface MessageTemplate {
  readonly template: string;
  readonly args: readonly MessageArgument[];
}

/** A marked text as `l10n` shows it: translated where the bundle has it, else English. */
export function localize(l10n: L10n, text: MessageTemplate | Localizable): string {
  return typeof text === 'string' ? l10n.t(text) : l10n.t(text.template, ...text.args.map((arg) => (typeof arg === 'object' ? localize(l10n, arg) : arg)));
}
