/**
 * The hover and CodeLens on JWTs in any file, registered at activation and kept light: finding a
 * JWT-shaped string is core/jwtShape.ts (a line at a time, bounded); decoding it and building the
 * hover happen in the engine, handed down as a {@link LoadEngine}. Decoding only, so both work in
 * Restricted Mode. Opt out with oauthJwt.jwtHover.enabled / oauthJwt.jwtCodeLens.enabled.
 */
import * as vscode from 'vscode';
import { jwtSpanAt, jwtSpans } from '../../core/jwtShape';
import { Command } from '../commandIds';
import type { LoadEngine } from '../engine';

export const JWT_HOVER_SETTING = 'oauthJwt.jwtHover.enabled';
export const JWT_CODELENS_SETTING = 'oauthJwt.jwtCodeLens.enabled';
/** A log file can hold thousands of tokens; CodeLens shows the first ones, in the first lines. */
const MAX_LENSED_TOKENS = 100;
const MAX_LINES_SCANNED = 50_000;

const enabled = (setting: string, document: vscode.TextDocument) => vscode.workspace.getConfiguration(undefined, document).get<boolean>(setting, true);

export function registerJwtInText(engine: LoadEngine): vscode.Disposable {
  const lensesChanged = new vscode.EventEmitter<void>();
  const hover: vscode.HoverProvider = {
    provideHover(document, position) {
      if (!enabled(JWT_HOVER_SETTING, document)) return undefined;
      const span = jwtSpanAt(document.lineAt(position.line).text, position.character);
      const markdown = span && engine().jwtInText.hoverMarkdown(span.token);
      return markdown && new vscode.Hover(markdown, new vscode.Range(position.line, span.start, position.line, span.end));
    },
  };
  const codeLens: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: lensesChanged.event,
    provideCodeLenses(document, cancellation) {
      if (!enabled(JWT_CODELENS_SETTING, document)) return [];
      const lenses: vscode.CodeLens[] = [];
      const lines = Math.min(document.lineCount, MAX_LINES_SCANNED);
      for (let line = 0; line < lines && lenses.length < MAX_LENSED_TOKENS * 2 && !cancellation.isCancellationRequested; line++) {
        for (const span of jwtSpans(document.lineAt(line).text, MAX_LENSED_TOKENS)) {
          if (!engine().jwtInText.decodes(span.token)) continue;
          const range = new vscode.Range(line, span.start, line, span.end);
          lenses.push(
            new vscode.CodeLens(range, { title: `$(symbol-property) ${vscode.l10n.t('Decode JWT')}`, tooltip: vscode.l10n.t('Open it in the claim editor: header, claims, times, and verify with a key or JWKS'), command: Command.DecodeJwt, arguments: [span.token] }),
            new vscode.CodeLens(range, { title: `$(copy) ${vscode.l10n.t('Copy Claims as JSON')}`, command: Command.CopyJwtClaims, arguments: [span.token] }),
          );
          if (lenses.length >= MAX_LENSED_TOKENS * 2) break;
        }
      }
      return lenses;
    },
  };
  return vscode.Disposable.from(
    lensesChanged,
    vscode.languages.registerHoverProvider('*', hover),
    vscode.languages.registerCodeLensProvider('*', codeLens),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(JWT_CODELENS_SETTING) && lensesChanged.fire()),
  );
}
