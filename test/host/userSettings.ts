/** The user settings every host session starts from, code-server and Electron alike. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Quiet, offline, no prompts; Restricted Mode opens without asking. */
const USER_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'workbench.startupEditor': 'none',
  'workbench.enableExperiments': false,
  'security.workspace.trust.startupPrompt': 'never',
};

export function writeUserSettings(userDataDir: string): void {
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
}

/**
 * Makes `locale` a display language VS Code accepts without downloading a language pack: VS Code
 * resolves `--locale` through `languagepacks.json` in the user-data folder (the cache its language
 * pack service keeps) and otherwise falls back to English, extensions included. The entry points at
 * an empty translation of VS Code's own strings, so the workbench stays English while
 * `vscode.env.language` is `locale` and extensions load their `package.nls.<locale>.json` and
 * `l10n/bundle.l10n.<locale>.json`: exactly what the extension's own translations need.
 */
export function registerDisplayLanguage(userData: string, locale: string): void {
  const translations = join(userData, 'test-language-pack', 'main.i18n.json');
  mkdirSync(dirname(translations), { recursive: true });
  writeFileSync(translations, JSON.stringify({ version: '1.0.0', contents: {} }));
  const extensions = [{ extensionIdentifier: { id: `oauth-jwt-bearer-test.language-pack-${locale}` }, version: '1.0.0' }];
  const packs = { [locale]: { hash: `test-${locale}`, extensions, translations: { vscode: translations }, label: locale } };
  writeFileSync(join(userData, 'languagepacks.json'), JSON.stringify(packs));
}
