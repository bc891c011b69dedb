/**
 * The webview's translations: the extension sends its loaded bundle (vscode.l10n.bundle: message →
 * translation, none for English) in `init`, and main.ts builds the page only after that. Strings go
 * through `l10n.t('English text {0}', value)` as in the extension (npm run l10n collects them).
 */
import { bundleL10n, type L10n } from '../../src/shared/l10n';

let current: L10n = bundleL10n(undefined);

export const l10n: L10n = { t: (message, ...args) => current.t(message, ...args) };

/** Uses `bundle` from now on (English for a message it lacks). */
export function useBundle(bundle: Readonly<Record<string, string>> | undefined): void {
  current = bundleL10n(bundle);
}
