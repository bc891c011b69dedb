import type * as vscode from 'vscode';

/** Builds the adapters and registers their disposables — nothing else. */
export function activate(_context: vscode.ExtensionContext): void {
  // The VS Code surface is built over src/core in src/vscode/ (issue: the extension).
}

export function deactivate(): void {}
