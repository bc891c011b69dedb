import * as vscode from 'vscode';
import type { Services } from '../services';
import { pickProfile, profileOrActive } from './pickProfile';

export async function selectProfileCommand(services: Services, name?: unknown): Promise<string | undefined> {
  const profile = typeof name === 'string' && name ? profileOrActive(services, name) : await pickProfile(services, vscode.l10n.t('Select the active profile'));
  if (!profile) return undefined;
  await services.config.setActiveProfile(profile.name);
  void services.tokens.restore(profile.name);
  void vscode.window.setStatusBarMessage(vscode.l10n.t('OAuth JWT: active profile "{0}"', profile.name), 3000);
  return profile.name;
}
