/**
 * Entry of dist/features.js, loaded on first use through lazy.ts — never during activation. What
 * the activation code (tokenService, keyRing, commands/index, extension) needs from the heavy side
 * goes through here, so that the activation bundle holds none of it.
 */
export { commandHandlers } from './commands/handlers';
export { CLAIM_EDITOR_VIEW_TYPE, ClaimEditorPanel, registerClaimEditor } from './claimEditorPanel';
export { assertNoBlockingFinding, checkExchange } from '../core/checks';
export { buildTokenRequest, exchangeToken, planExchange } from '../core/exchange';
export { nodeHttpClient } from '../core/http';
export { importPrivateKey, privateKeyPem } from '../core/keys';
export { readCertificate } from '../core/x509';
export { importSandboxSecrets } from './sandboxProvisioning';
