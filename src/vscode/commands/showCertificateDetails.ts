import * as vscode from 'vscode';
import { certificateDetails } from '../../core/certificateDetails';
import { certificateExpiry, describeExpiry } from '../../core/certificateExpiry';
import { OAuthJwtError } from '../../core/errors';
import { localize, type Localizable } from '../../shared/l10n';
import type { KeyRole } from '../secrets';
import { slotLabel } from '../keySlots';
import type { Services } from '../services';
import { pickStoredSlot } from './keySlotArgs';

export interface CertificateDetailsArgs {
  slot?: string;
  /** The current key's certificate unless asked for the next or previous one. */
  role?: KeyRole;
  /** Copy this row's value without showing the list (tests, other extensions). */
  copy?: string;
}

/**
 * Show Certificate Details: subject, issuer, validity, key, serial, and the thumbprints both as
 * portals list them (SHA-1/SHA-256 hex) and as JWT headers carry them (x5t, x5t#S256); picking a
 * row copies its value. Returns the rows.
 */
export async function showCertificateDetailsCommand(services: Services, args: CertificateDetailsArgs = {}): Promise<Array<{ label: string; value: string }> | undefined> {
  const slot = await pickStoredSlot(services, args.slot, vscode.l10n.t('Show the certificate of…'));
  if (!slot) return undefined;
  const role = args.role ?? 'current';
  const stored = role === 'current' ? await services.keys.get(slot) : await services.keys.role(slot, role);
  if (!stored?.certificate) {
    throw new OAuthJwtError('NO_KEY', role === 'current' ? vscode.l10n.t('No certificate is stored for the current key of {0}.', slotLabel(slot)) : role === 'next' ? vscode.l10n.t('No certificate is stored for the next key of {0}.', slotLabel(slot)) : vscode.l10n.t('No certificate is stored for the previous key of {0}.', slotLabel(slot)), vscode.l10n.t('Generate a key pair with a certificate, rotate the key, or attach a CA-signed certificate with Import Certificate.'));
  }
  const rows = certificateDetails(stored.certificate);
  const expiry = describeExpiry(certificateExpiry(stored.certificate, Date.now, services.config.certificateExpiryWarningDays()), vscode.l10n);
  const copy = async (row: { label: Localizable; value: string }) => {
    await vscode.env.clipboard.writeText(row.value);
    void vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('OAuth JWT: {0} copied', localize(vscode.l10n, row.label))}`, 3000);
  };
  if (args.copy !== undefined) {
    const row = rows.find((r) => r.label === args.copy || r.label.startsWith(`${args.copy} `));
    if (row) await copy(row);
    return rows;
  }
  const picked = await vscode.window.showQuickPick(
    rows.map((row) => ({ label: row.value, description: localize(vscode.l10n, row.label), detail: row.copy ? vscode.l10n.t('Select to copy') : undefined, row })),
    { title: `${role === 'current' ? vscode.l10n.t('Certificate of {0}', slotLabel(slot)) : role === 'next' ? vscode.l10n.t('Certificate of {0} (next key)', slotLabel(slot)) : vscode.l10n.t('Certificate of {0} (previous key)', slotLabel(slot))} — ${expiry}`, placeHolder: vscode.l10n.t('Select a value to copy it'), matchOnDescription: true },
  );
  if (picked) await copy(picked.row);
  return rows;
}
