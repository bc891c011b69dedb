import * as vscode from 'vscode';
import { ClaimEditorPanel } from '../claimEditorPanel';
import type { Services } from '../services';
import { pickProfile, profileOrActive } from './pickProfile';

/**
 * Opens the claim editor of the named profile, else of a profile the user picks (the active one
 * first), else — with no profile configured — the editor without a profile (decode, templates).
 * Resolves to the profile name the editor belongs to ('' for none), or undefined when cancelled.
 */
export async function openClaimEditorCommand(services: Services, name?: unknown): Promise<string | undefined> {
  let profile: string | undefined;
  if (typeof name === 'string' && name) {
    profile = profileOrActive(services, name).name; // PROFILE_NOT_FOUND for an unknown name
  } else if (services.config.profiles().profiles.length > 0) {
    const picked = await pickProfile(services, vscode.l10n.t('Open the claim editor of which profile?'));
    if (!picked) return undefined;
    profile = picked.name;
  }
  ClaimEditorPanel.show(services, profile);
  return profile ?? '';
}
