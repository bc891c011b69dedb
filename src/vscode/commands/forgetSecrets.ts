import * as vscode from 'vscode';
import { slotLabel } from '../keySlots';
import type { Services } from '../services';
import { confirm } from '../confirm';
import { promptSkipping } from '../promptSkipping';

/** Deletes the stored private key, client secret, token and origin binding of one profile, the default key, or all. */
export async function forgetSecretsCommand(services: Services, slotArg?: unknown, confirmed?: unknown): Promise<string[]> {
  const profiles = services.config.profiles().profiles.map((p) => p.name);
  const slots = [...new Set([...services.keys.slots(), ...profiles])];
  let chosen: string[] | undefined;
  if (typeof slotArg === 'string') chosen = slotArg === '*all*' ? slots : [slotArg];
  else {
    const items = [{ label: vscode.l10n.t('Everything'), detail: vscode.l10n.t('Every key, client secret and token this extension stored'), slots }, ...slots.map((s) => ({ label: slotLabel(s), detail: undefined, slots: [s] }))];
    chosen = (await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Forget the stored secrets of…') }))?.slots;
  }
  if (!chosen?.length) return [];
  if (promptSkipping(services.context, confirmed) !== true) {
    const yes = await confirm(
      chosen.length === 1 ? vscode.l10n.t('Forget the stored secrets of {0}?', slotLabel(chosen[0]!)) : vscode.l10n.t('Forget the stored secrets of {0} profiles and keys?', chosen.length),
      vscode.l10n.t('Private keys kept only in SecretStorage cannot be recovered: the public certificate will no longer match any key you have.'),
      vscode.l10n.t('Forget'),
    );
    if (!yes) return [];
  }
  // Tokens of these slots, to take off the clipboard too: Forget means no copy of them stays behind in VS Code.
  const tokens: string[] = [];
  for (const slot of chosen) {
    const cached = services.tokens.peek(slot)?.accessToken;
    const stored = (await services.secrets.getToken(slot).catch(() => undefined))?.accessToken;
    for (const token of [cached, stored]) if (token && token.length >= 8) tokens.push(token);
  }
  for (const slot of chosen) {
    await services.keys.forget(slot);
    await services.tokens.invalidate(slot);
  }
  const clipboard = await vscode.env.clipboard.readText();
  const clearedClipboard = tokens.some((token) => clipboard.includes(token));
  if (clearedClipboard) await vscode.env.clipboard.writeText('');
  services.log.info('secrets', `forgot the secrets of ${chosen.length} slot(s)${clearedClipboard ? '; the clipboard held one of their tokens and was cleared' : ''}`);
  void vscode.window.showInformationMessage(clearedClipboard ? vscode.l10n.t('OAuth JWT: stored secrets forgotten ({0}); the token on the clipboard was cleared too.', chosen.length) : vscode.l10n.t('OAuth JWT: stored secrets forgotten ({0}).', chosen.length));
  return chosen;
}
