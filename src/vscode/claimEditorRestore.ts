import * as vscode from 'vscode';
import { features, whenFeaturesLoaded } from './lazy';
import type { Services } from './services';

/** The claim editor's webview type: claimEditorPanel.ts's CLAIM_EDITOR_VIEW_TYPE (a unit test keeps them equal). */
export const CLAIM_EDITOR_VIEW_TYPE = 'oauthJwt.claimEditor';

/**
 * Registers the claim editor's serializer at activation without loading the claim editor. The
 * first restore — or the features' first load for any other reason — hands over to
 * registerClaimEditor (claimEditorPanel.ts), the one place that knows how editors are restored
 * and refreshed; until then no claim editor can be open, so nothing needs refreshing.
 */
export function registerClaimEditorLazily(services: Services): vscode.Disposable {
  let placeholder: vscode.Disposable | undefined = vscode.window.registerWebviewPanelSerializer(CLAIM_EDITOR_VIEW_TYPE, {
    async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
      features().ClaimEditorPanel.revive(panel, services, state);
    },
  });
  let registered: vscode.Disposable | undefined;
  whenFeaturesLoaded((loaded) => {
    placeholder?.dispose();
    placeholder = undefined;
    registered = loaded.registerClaimEditor(services);
  });
  return new vscode.Disposable(() => {
    placeholder?.dispose();
    registered?.dispose();
  });
}
