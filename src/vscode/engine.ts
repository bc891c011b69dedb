/**
 * The extension's engine: everything beyond activation — the command handlers, the claim editor,
 * and the core they run on (signing with jose, the flows, HTTP, key import, certificates). It is
 * the entry of dist/engine.js, which engineLoader.ts loads on first use: activate() hands it down
 * as a {@link LoadEngine} to TokenService, KeyRing and the command dispatch, so nothing below
 * activation looks it up, and dist/extension.js holds none of it.
 */
import { assertNoBlockingFinding, checkExchange } from '../core/checks';
import { resolveTokenEndpoint } from '../core/discovery';
import { buildTokenRequest, exchangeToken, planExchange } from '../core/exchange';
import { lifetimeCap } from '../core/lifetimeCap';
import { generateKeyPair, importPrivateKey, privateKeyPem } from '../core/keys';
import { callWithToken } from '../core/apiCall';
import { nodeHttpClient, validateEndpointUrl } from '../core/http';
import { callForTerminal } from './apiRequest';
import { assertCertificateMatchesKey, readCertificate } from '../core/x509';
import { ClaimEditorPanel, registerClaimEditor } from './claimEditorPanel';
import { commandHandlers } from './commands/handlers';
import { isDecodableJwt, jwtHoverMarkdown } from './jwtInText/jwtHover';
import { importSandboxSecrets } from './sandboxProvisioning';

export const engine = {
  /** For TokenService: what an exchange runs. */
  exchange: { planExchange, checkExchange, assertNoBlockingFinding, buildTokenRequest, exchangeToken, resolveTokenEndpoint, lifetimeCap, http: nodeHttpClient },
  /** For KeyRing: PEM in and out, certificates read. */
  keys: { importPrivateKey, privateKeyPem, readCertificate, assertCertificateMatchesKey },
  /** For TokenService: a profile's DPoP key (EC P-256, RFC 9449), made once; API calls with Bearer or DPoP tokens. */
  dpop: { newKey: () => generateKeyPair({ type: 'ec', curve: 'P-256' }), callWithToken },
  /** For `oauth-jwt request` in integrated terminals (terminal/terminalAccess.ts): the API call, by Send Test Request's rules. */
  terminal: { validateUrl: validateEndpointUrl, call: callForTerminal },
  /** For the command dispatch (commands/index.ts): every command's handler, by id. */
  commandHandlers,
  /** For the claim editor's serializer (claimEditorRestore.ts). */
  claimEditor: { register: registerClaimEditor, revive: ClaimEditorPanel.revive.bind(ClaimEditorPanel) },
  /** For the hover and CodeLens on JWTs in any file (jwtInText/jwtInTextProviders.ts). */
  jwtInText: { hoverMarkdown: jwtHoverMarkdown, decodes: isDecodableJwt },
  /** For activate() in an `npm start` Extension Development Host only. */
  importSandboxSecrets,
};

export type Engine = typeof engine;

/** The engine, loaded on the first call: what activate() hands to the adapters that need it. */
export type LoadEngine = () => Engine;
