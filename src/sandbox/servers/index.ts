/**
 * Real local servers on 127.0.0.1 (OS-chosen ports): the identity sandbox of `npm start`, and the
 * servers the unit, CLI and VS Code host tests talk to (test/servers adds the fault and TLS servers).
 * Each start…() resolves to { url, close(), … }; always close() them.
 */
export { closedPortUrl, param, type RecordedRequest, type RunningServer } from './localServer';
export { startOidcProvider, type OidcClientOptions, type OidcProviderOptions, type OidcProviderServer } from './oidcProvider';
export { startAuth0Server, type Auth0Server, type Auth0ServerOptions } from './auth0Server';
export { startDocuSignServer, type DocuSignServer, type DocuSignServerOptions } from './docusignServer';
export { startBoxServer, type BoxServer, type BoxServerOptions } from './boxServer';
export { startWorkfrontServer, WORKFRONT_EXCHANGE_PATH, type WorkfrontServer, type WorkfrontServerOptions } from './workfrontServer';
export { startLogicNetsServer, type LogicNetsServer, type LogicNetsServerOptions } from './logicNetsServer';
export { startJwtBearerServer, type JwtBearerServer, type JwtBearerServerOptions } from './jwtBearerServer';
export { type PublicKeyInput } from './verifyAssertion';
export { startGitHubAppServer, type GitHubAppServer, type GitHubAppServerOptions } from './githubAppServer';
export { startSelfSignedApiServer, type SelfSignedApiServer, type SelfSignedApiServerOptions, type SelfSignedPreset } from './selfSignedApiServer';
export { fetchJwks, startMtlsResourceServer, type MtlsResourceServer, type MtlsResourceServerOptions } from './mtlsResourceServer';
export { startDpopResourceServer, type DpopResourceServer, type DpopResourceServerOptions } from './dpopResourceServer';
export { startEntraServer, type EntraServer, type EntraServerOptions } from './entraServer';
export { startOktaServer, type OktaServer, type OktaServerOptions } from './oktaServer';
export { startSalesforceServer, type SalesforceServer, type SalesforceServerOptions } from './salesforceServer';
export { startKeycloakServer, type KeycloakServer, type KeycloakServerOptions } from './keycloakServer';
