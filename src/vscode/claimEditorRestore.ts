import * as vscode from 'vscode';
import { CLAIM_EDITOR_VIEW_TYPE } from './commandIds';
import type { EngineLoader } from './engineLoader';
import type { Services } from './services';

/**
 * Registers the claim editor's serializer at activation without loading the claim editor. The
 * first restore — or the engine's first load for any other reason — hands over to
 * registerClaimEditor (claimEditorPanel.ts), the one place that knows how editors are restored
 * and refreshed; until then no claim editor can be open, so nothing needs refreshing.
 */
export function registerClaimEditorLazily(services: Services, engine: EngineLoader): vscode.Disposable {
  let placeholder: vscode.Disposable | undefined = vscode.window.registerWebviewPanelSerializer(CLAIM_EDITOR_VIEW_TYPE, {
    async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
      engine.load().claimEditor.revive(panel, services, state);
    },
  });
  let registered: vscode.Disposable | undefined;
  engine.whenLoaded((loaded) => {
    placeholder?.dispose();
    placeholder = undefined;
    registered = loaded.claimEditor.register(services);
  });
  return new vscode.Disposable(() => {
    placeholder?.dispose();
    registered?.dispose();
  });
}
