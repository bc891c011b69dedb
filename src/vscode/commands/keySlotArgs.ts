import { noKeyError, slotLabel } from '../keySlots';
import type { SlotKey } from '../keyRing';
import type { Services } from '../services';
import * as vscode from 'vscode';

/** The slot a key-lifecycle command works on: the one given, the only one, or the one picked among those holding a key. */
export async function pickStoredSlot(services: Services, slot: string | undefined, placeHolder: string): Promise<string | undefined> {
  if (slot !== undefined) return slot;
  const slots = services.keys.slots();
  if (slots.length === 0) throw noKeyError(vscode.l10n.t('yet'));
  if (slots.length === 1) return slots[0];
  return (await vscode.window.showQuickPick(slots.map((s) => ({ label: slotLabel(s), slot: s })), { placeHolder }))?.slot;
}

/** The slot's current key, or NO_KEY saying how to get one. */
export async function requireSlotKey(services: Services, slot: string): Promise<SlotKey> {
  const stored = await services.keys.get(slot);
  if (!stored) throw noKeyError(vscode.l10n.t('for {0}', slotLabel(slot)));
  return stored;
}
