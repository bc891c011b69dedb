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
  requireTrust(vscode.l10n.t('Retiring keys'));
  const slot = await pickStoredSlot(services, args.slot, vscode.l10n.t('Retire the previous key of…'));
  if (!slot) return undefined;
  const previous = await services.keys.role(slot, 'previous');
  if (!previous) throw noKeyError(vscode.l10n.t('as the previous key for {0}', slotLabel(slot)));
  const kid = publicJwk(previous.key).kid;
  if (!args.confirmed && !(await confirm(vscode.l10n.t('Retire the previous key of {0}?', slotLabel(slot)), vscode.l10n.t('Key {0} is forgotten; a rollback is no longer possible. Remove it from the provider\'s registered keys too.', kid), vscode.l10n.t('Retire Previous Key')))) return undefined;
  await services.keys.retirePrevious(slot);
  services.log.info('keys', `previous key retired for ${slotLabel(slot)} (kid ${kid})`);
  void vscode.window.showInformationMessage(vscode.l10n.t('OAuth JWT: the previous key of {0} is retired. Remove kid {1} from the provider\'s registered keys.', slotLabel(slot), kid));
  return kid;
}
