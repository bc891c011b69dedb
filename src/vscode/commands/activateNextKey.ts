import * as vscode from 'vscode';
import { publicJwk } from '../../core/keys';
import { confirm } from '../confirm';
import { noKeyError, slotLabel } from '../keySlots';
import type { Services } from '../services';
import { requireTrust } from '../trust';
import { pickStoredSlot } from './keySlotArgs';

export interface KeySlotArgs {
  slot?: string;
  /** Skip the confirmation (tests, other extensions). */
  confirmed?: boolean;
}

/** Activate Next Key (confirmed): the next key signs from now on; the current one is kept as previous for a rollback. Returns the new kid. */
export async function activateNextKeyCommand(services: Services, args: KeySlotArgs = {}): Promise<string | undefined> {
  requireTrust(vscode.l10n.t('Activating keys'));
  const slot = await pickStoredSlot(services, args.slot, vscode.l10n.t('Activate the next key of…'));
  if (!slot) return undefined;
  const next = await services.keys.role(slot, 'next');
  if (!next) throw noKeyError(vscode.l10n.t('as the next key for {0} (run "OAuth JWT: Rotate Key" first)', slotLabel(slot)));
  const kid = publicJwk(next.key).kid;
  if (!args.confirmed && !(await confirm(vscode.l10n.t('Activate the next key of {0}?', slotLabel(slot)), vscode.l10n.t('Tokens are signed with kid {0} from now on. Register it with the provider first; the current key is kept as previous until Retire Previous Key.', kid), vscode.l10n.t('Activate Next Key')))) return undefined;
  await services.keys.activateNext(slot);
  forgetTokensOf(services, slot);
  services.log.info('keys', `next key activated for ${slotLabel(slot)} (kid ${kid}); the previous key is kept for a rollback`);
  void vscode.window.showInformationMessage(vscode.l10n.t('OAuth JWT: the next key now signs for {0}. Run "Retire Previous Key" once the provider no longer needs the old one, or "Roll Back Key" to undo.', slotLabel(slot)));
  return kid;
}

/** Tokens obtained with the old key are dropped from memory for every profile signing with this slot. */
export function forgetTokensOf(services: Services, slot: string): void {
  for (const profile of services.config.profiles().profiles) {
    if (services.keys.slotFor(profile.name) === slot) services.tokens.forgetCached(profile.name);
  }
}
