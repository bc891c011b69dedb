import * as vscode from 'vscode';

/**
 * Asks a yes/no question as a quick pick with "Cancel" first, so Enter or Escape never confirms by
 * accident. A quick pick, not a modal dialog: it stays keyboard-driven, survives focus changes
 * (ignoreFocusOut), and VS Code refuses modal dialogs while extension tests run. `detail` explains
 * the confirming choice; `cancelDetail`, when given, what Cancel guards against.
 */
export async function confirm(question: string, detail: string, confirmLabel: string, options: { cancelDetail?: string } = {}): Promise<boolean> {
  const items: Array<vscode.QuickPickItem & { yes: boolean }> = [
    { label: vscode.l10n.t('Cancel'), detail: options.cancelDetail, yes: false },
    { label: confirmLabel, detail, yes: true },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: question, placeHolder: question, ignoreFocusOut: true });
  return picked?.yes === true;
}
