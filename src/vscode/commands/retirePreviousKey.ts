import * as vscode from 'vscode';
import { publicJwk } from '../../core/keys';
import { confirm } from '../confirm';
import { noKeyError, slotLabel } from '../keySlots';
import type { Services } from '../services';
import { requireTrust } from '../trust';
import type { KeySlotArgs } from './activateNextKey';
import { pickStoredSlot } from './keySlotArgs';

/** Retire Previous Key (confirmed): forgets the key the last activation replaced; no rollback after this. Returns its kid. */
export async function retirePreviousKeyCommand(services: Services, args: KeySlotArgs = {}): Promise<string | undefined> {
  requireTrust('Retiring keys');
  const slot = await pickStoredSlot(services, args.slot, 'Retire the previous key of…');
  if (!slot) return undefined;
  const previous = await services.keys.role(slot, 'previous');
  if (!previous) throw noKeyError(`as the previous key for ${slotLabel(slot)}`);
  const kid = publicJwk(previous.key).kid;
  if (!args.confirmed && !(await confirm(`Retire the previous key of ${slotLabel(slot)}?`, `Key ${kid} is forgotten; a rollback is no longer possible. Remove it from the provider's registered keys too.`, 'Retire Previous Key'))) return undefined;
  await services.keys.retirePrevious(slot);
  services.log.info('keys', `previous key retired for ${slotLabel(slot)} (kid ${kid})`);
  void vscode.window.showInformationMessage(`OAuth JWT: the previous key of ${slotLabel(slot)} is retired. Remove kid ${kid} from the provider's registered keys.`);
  return kid;
}
