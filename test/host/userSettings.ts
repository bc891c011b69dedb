/** The user settings every host session starts from, code-server and Electron alike. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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
