/**
 * Real local servers on 127.0.0.1 (OS-chosen ports) for unit, CLI and VS Code host tests and the
 * sandbox. Each start…() resolves to { url, close(), … }; always close() them.
 */
export { closedPortUrl, param, type RecordedRequest, type RunningServer } from './localServer';
export { startOidcProvider, type OidcClientOptions, type OidcProviderOptions, type OidcProviderServer } from './oidcProvider';
export { startWorkfrontServer, WORKFRONT_EXCHANGE_PATH, type WorkfrontServer, type WorkfrontServerOptions } from './workfrontServer';
export { startLogicNetsServer, type LogicNetsServer, type LogicNetsServerOptions } from './logicNetsServer';
export { startJwtBearerServer, type JwtBearerServer, type JwtBearerServerOptions } from './jwtBearerServer';
export { startFaultServer, FAULT_MODES, type FaultMode, type FaultServer, type FaultServerOptions } from './faultServer';
export { startTlsServer, type TlsServer } from './tlsServer';
export { type PublicKeyInput } from './verifyAssertion';
