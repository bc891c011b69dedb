/**
 * The extension's engine: everything beyond activation — the command handlers, the claim editor,
 * and the core they run on (signing with jose, the flows, HTTP, key import, certificates). It is
 * the entry of dist/engine.js, which engineLoader.ts loads on first use: activate() hands it down
 * as a {@link LoadEngine} to TokenService, KeyRing and the command dispatch, so nothing below
 * activation looks it up, and dist/extension.js holds none of it.
 */
import { validateEndpointUrl } from '../core/http';
import { importPrivateKey, privateKeyPem } from '../core/keys';
import { callForTerminal } from './apiRequest';
import { assertCertificateMatchesKey, readCertificate } from '../core/x509';
import { ClaimEditorPanel, registerClaimEditor } from './claimEditorPanel';
import { commandHandlers } from './commands/handlers';
import { isDecodableJwt, jwtHoverMarkdown } from './jwtInText/jwtHover';
import { showError } from './notify';
import { OriginTrust } from './originTrust';
import { loadSlotKey, promote } from './keyRotation';
import { importSandboxSecrets } from './sandboxProvisioning';
import { TokenExchange } from './tokenExchange';

export const engine = {
  /** For KeyRing: PEM in and out, certificates read, a slot's key loaded, a rotation's promotion (keyRotation.ts). */
  keys: { importPrivateKey, privateKeyPem, readCertificate, assertCertificateMatchesKey, loadSlotKey, promote },
  /** For `oauth-jwt request` in integrated terminals (terminal/terminalAccess.ts): the API call, by Send Test Request's rules. */
  terminal: { validateUrl: validateEndpointUrl, call: callForTerminal },
  /** For the command dispatch (commands/index.ts): every command's handler, by id. */
  commandHandlers,
  /** For the command dispatch: a failed command's notification, with the actions that help. */
  showError,
  /** For the claim editor's serializer (claimEditorRestore.ts). */
  claimEditor: { register: registerClaimEditor, revive: ClaimEditorPanel.revive.bind(ClaimEditorPanel) },
  /** For the hover and CodeLens on JWTs in any file (jwtInText/jwtInTextProviders.ts). */
  jwtInText: { hoverMarkdown: jwtHoverMarkdown, decodes: isDecodableJwt },
  /** For TokenService: the work of its exchanges (checks, confirmations, the request, the save), made on the first. */
  TokenExchange,
  /** For activate(): the origins confirmed for each key, client secret and token, made on first use. */
  OriginTrust,
  /** For activate() in an `npm start` Extension Development Host only. */
  importSandboxSecrets,
};

export type Engine = typeof engine;

/** The engine, loaded on the first call: what activate() hands to the adapters that need it. */
export type LoadEngine = () => Engine;
