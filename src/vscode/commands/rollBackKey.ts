import * as vscode from 'vscode';
import { publicJwk } from '../../core/keys';
import { confirm } from '../confirm';
import { noKeyError, slotLabel } from '../keySlots';
import type { Services } from '../services';
import { requireTrust } from '../trust';
import { forgetTokensOf, type KeySlotArgs } from './activateNextKey';
import { pickStoredSlot } from './keySlotArgs';

/** Roll Back Key (confirmed): the previous key signs again; the replaced one waits as next. Returns the kid signing now. */
export async function rollBackKeyCommand(services: Services, args: KeySlotArgs = {}): Promise<string | undefined> {
  requireTrust(vscode.l10n.t('Rolling back keys'));
  const slot = await pickStoredSlot(services, args.slot, vscode.l10n.t('Roll back the key of…'));
  if (!slot) return undefined;
  const previous = await services.keys.role(slot, 'previous');
  if (!previous) throw noKeyError(vscode.l10n.t('as the previous key for {0} (nothing to roll back to)', slotLabel(slot)));
  const kid = publicJwk(previous.key).kid;
  if (!args.confirmed && !(await confirm(vscode.l10n.t('Roll back {0} to the previous key?', slotLabel(slot)), vscode.l10n.t('Tokens are signed with kid {0} again; the current key waits as the next key.', kid), vscode.l10n.t('Roll Back')))) return undefined;
  await services.keys.rollBack(slot);
  forgetTokensOf(services, slot);
  services.log.info('keys', `rolled back ${slotLabel(slot)} to kid ${kid}`);
  void vscode.window.showInformationMessage(vscode.l10n.t('OAuth JWT: {0} signs with the previous key again.', slotLabel(slot)));
  return kid;
}
