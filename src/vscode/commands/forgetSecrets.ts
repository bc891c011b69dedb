import * as vscode from 'vscode';
import { slotLabel } from '../keyRing';
import type { Services } from '../services';
import { confirm } from '../confirm';

/** Deletes the stored private key, client secret, token and origin binding of one profile, the default key, or all. */
export async function forgetSecretsCommand(services: Services, slotArg?: unknown, confirmed?: unknown): Promise<string[]> {
  const profiles = services.config.profiles().profiles.map((p) => p.name);
  const slots = [...new Set([...services.keys.slots(), ...profiles])];
  let chosen: string[] | undefined;
  if (typeof slotArg === 'string') chosen = slotArg === '*all*' ? slots : [slotArg];
  else {
    const items = [{ label: 'Everything', detail: 'Every key, client secret and token this extension stored', slots }, ...slots.map((s) => ({ label: slotLabel(s), detail: undefined, slots: [s] }))];
    chosen = (await vscode.window.showQuickPick(items, { placeHolder: 'Forget the stored secrets of…' }))?.slots;
  }
  if (!chosen?.length) return [];
  if (confirmed !== true) {
    const yes = await confirm(
      `Forget the stored secrets of ${chosen.length === 1 ? slotLabel(chosen[0]!) : `${chosen.length} profiles and keys`}?`,
      'Private keys kept only in SecretStorage cannot be recovered: the public certificate will no longer match any key you have.',
      'Forget',
    );
    if (!yes) return [];
  }
  for (const slot of chosen) {
    await services.secrets.forget(slot);
    await services.keys.forget(slot);
    await services.tokens.invalidate(slot);
  }
  services.log.info('secrets', `forgot the secrets of ${chosen.length} slot(s)`);
  void vscode.window.showInformationMessage(`OAuth JWT: stored secrets forgotten (${chosen.length}).`);
  return chosen;
}
