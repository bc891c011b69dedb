import * as vscode from 'vscode';
import { OAuthJwtError } from '../../core/errors';
import type { Profile } from '../../core/profile';
import { displayOrigin } from '../../core/urlDisplay';
import { DEFAULT_KEY_SLOT } from '../keySlots';
import type { Services } from '../services';

/** The named profile, else the active one; PROFILE_NOT_FOUND saying how to make one. */
export function profileOrActive(services: Services, name?: unknown): Profile {
  const profile = typeof name === 'string' && name ? services.config.profile(name) : services.config.activeProfile();
  if (!profile) {
    throw new OAuthJwtError(
      'PROFILE_NOT_FOUND',
      typeof name === 'string' && name ? vscode.l10n.t('No valid profile named "{0}".', name) : vscode.l10n.t('No profile is configured yet.'),
      vscode.l10n.t('Create one with "OAuth JWT: New Profile".'),
    );
  }
  return profile;
}

/** Asks for a profile (the active one first); undefined when the user cancels. */
export async function pickProfile(services: Services, placeHolder: string): Promise<Profile | undefined> {
  const { profiles } = services.config.profiles();
  if (profiles.length === 0) profileOrActive(services);
  if (profiles.length === 1) return profiles[0];
  const active = services.config.activeProfile()?.name;
  const items = profiles
    .map((p) => ({ label: p.name, description: p.name === active ? vscode.l10n.t('active') : undefined, detail: `${p.flow} · ${displayOrigin(p.tokenUrl)}`, profile: p }))
    .sort((a, b) => Number(b.profile.name === active) - Number(a.profile.name === active));
  return (await vscode.window.showQuickPick(items, { placeHolder, matchOnDetail: true }))?.profile;
}

/** Asks which key slot to use: the default slot or one profile's own. */
export async function pickKeySlot(services: Services, placeHolder: string): Promise<string | undefined> {
  const { profiles } = services.config.profiles();
  if (profiles.length === 0) return DEFAULT_KEY_SLOT;
  const items = [
    { label: vscode.l10n.t('Default key'), detail: vscode.l10n.t('Used by every profile that has no key of its own'), slot: DEFAULT_KEY_SLOT },
    ...profiles.map((p) => ({ label: p.name, detail: vscode.l10n.t('Only for profile "{0}"', p.name), slot: p.name })),
  ];
  return (await vscode.window.showQuickPick(items, { placeHolder }))?.slot;
}
