/**
 * The servers the tests talk to: the identity servers (in src/sandbox/servers, so that `npm start`
 * ships them as a tool) plus the test-only fault and TLS servers.
 */
export * from '../../src/sandbox/servers';
export { startFaultServer, FAULT_MODES, MARKUP_DESCRIPTION, type FaultMode, type FaultServer, type FaultServerOptions } from './faultServer';
export { selfSignedFor127, startCertificateBoundApi, startTlsServer, testCertificateAuthority, type TestCertificateAuthority, type TlsServer } from './tlsServer';
export { startRegisteredKeysServer, type RegisteredKeysServer } from './registeredKeysServer';
