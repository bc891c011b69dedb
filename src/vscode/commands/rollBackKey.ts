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
  requireTrust('Rolling back keys');
  const slot = await pickStoredSlot(services, args.slot, 'Roll back the key of…');
  if (!slot) return undefined;
  const previous = await services.keys.role(slot, 'previous');
  if (!previous) throw noKeyError(`as the previous key for ${slotLabel(slot)} (nothing to roll back to)`);
  const kid = publicJwk(previous.key).kid;
  if (!args.confirmed && !(await confirm(`Roll back ${slotLabel(slot)} to the previous key?`, `Tokens are signed with kid ${kid} again; the current key waits as the next key.`, 'Roll Back'))) return undefined;
  await services.keys.rollBack(slot);
  forgetTokensOf(services, slot);
  services.log.info('keys', `rolled back ${slotLabel(slot)} to kid ${kid}`);
  void vscode.window.showInformationMessage(`OAuth JWT: ${slotLabel(slot)} signs with the previous key again.`);
  return kid;
}
