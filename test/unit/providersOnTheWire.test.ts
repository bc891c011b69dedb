/**
 * Issue 13, part a: each provider's documented rules, enforced by a local endpoint that answers like
 * the provider (src/sandbox/servers), driven through the core and the CLI. Each rule test quotes
 * the documentation it enforces. The tests marked "(failed on main)" failed before the fix.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { planExchange, exchangeToken } from '../../src/core/exchange';
import type { ExchangeConfig } from '../../src/core/exchangeConfig';
import { nodeHttpClient, type HttpClient } from '../../src/core/http';
import { generateKeyPair, privateKeyPem, publicJwk, type PrivateKey } from '../../src/core/keys';
import { providerById, providerForProfile } from '../../src/core/providers';
import { createSelfSignedCertificate, readCertificate } from '../../src/core/x509';
import { param, startEntraServer, startKeycloakServer, startOktaServer, startSalesforceServer, type EntraServer, type KeycloakServer, type OktaServer, type SalesforceServer } from '../servers';
import { runCli } from '../support/cli';

const ENTRA_CLIENT = '11111111-2222-3333-4444-555555555555';
const OKTA_CLIENT = '0oa1okta2client3';
const SF_KEY = '3MVG9consumer.key';
const SF_USER = 'integration@example.com';

let dir: string;
let rsa: PrivateKey;
let other: PrivateKey;
let ec: PrivateKey;
let ed: PrivateKey;
let certificate: string;
let otherCertificate: string;
let entra: EntraServer;
let entraSha1Only: EntraServer;
let okta: OktaServer;
let oktaDpop: OktaServer;
let salesforce: SalesforceServer;
let salesforceSandbox: SalesforceServer;
let salesforceSite: SalesforceServer;
let keycloak: KeycloakServer;
let keycloakStrict: KeycloakServer;
const file = (name: string) => join(dir, name);
const last = <T>(list: T[]) => list[list.length - 1]!;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'oauth-jwt-providers-'));
  [rsa, other, ec, ed] = await Promise.all([
    generateKeyPair({ type: 'rsa' }), generateKeyPair({ type: 'rsa' }), generateKeyPair({ type: 'ec', curve: 'P-256' }), generateKeyPair({ type: 'ed25519' }),
  ]);
  certificate = await createSelfSignedCertificate(rsa, { commonName: 'providers test', days: 90 });
  otherCertificate = await createSelfSignedCertificate(other, { commonName: 'another key', days: 90 });
  writeFileSync(file('rsa.key'), privateKeyPem(rsa), { mode: 0o600 });
  writeFileSync(file('ec.key'), privateKeyPem(ec), { mode: 0o600 });
  writeFileSync(file('ed.key'), privateKeyPem(ed), { mode: 0o600 });
  writeFileSync(file('certificate_pub.crt'), certificate);
  writeFileSync(file('other.crt'), otherCertificate);
  [entra, entraSha1Only, okta, oktaDpop, salesforce, salesforceSandbox, salesforceSite, keycloak, keycloakStrict] = await Promise.all([
    startEntraServer({ tenant: 'contoso.onmicrosoft.com', clientId: ENTRA_CLIENT, certificate }),
    startEntraServer({ tenant: 'contoso.onmicrosoft.com', clientId: ENTRA_CLIENT, certificate, acceptSha256: false }),
    startOktaServer({ clientId: OKTA_CLIENT, keys: [publicJwk(rsa, 'RS256'), publicJwk(ec, 'ES256'), { ...publicJwk(rsa, 'RS256'), kid: 'okta-key-2026' }] }),
    startOktaServer({ clientId: OKTA_CLIENT, keys: [publicJwk(rsa, 'RS256')], requireDpop: true }),
    startSalesforceServer({ consumerKey: SF_KEY, username: SF_USER, certificate }),
    startSalesforceServer({ consumerKey: SF_KEY, username: SF_USER, certificate, audience: 'https://test.salesforce.com' }),
    startSalesforceServer({ consumerKey: SF_KEY, username: SF_USER, certificate, audience: 'https://acme.my.site.com/partners' }),
    startKeycloakServer({ realm: 'demo', clientId: 'kc-client', publicKey: certificate }),
    startKeycloakServer({ realm: 'demo', clientId: 'kc-client', publicKey: certificate, maxExpirationSeconds: 30 }),
  ]);
});

after(async () => {
  await Promise.all([entra, entraSha1Only, okta, oktaDpop, salesforce, salesforceSandbox, salesforceSite, keycloak, keycloakStrict].map((s) => s?.close()));
  rmSync(dir, { recursive: true, force: true });
});

/** The assertion the server received last (form body). */
function lastAssertion(requests: { form: [string, string][] }[], name = 'client_assertion') {
  const jwt = param(last(requests).form, name)!;
  return { header: decodeProtectedHeader(jwt), claims: decodeJwt(jwt) };
}

/** Sends every request to `target` instead, keeping path and body: a provider's real host name, served locally. */
function redirectTo(target: string): HttpClient {
  return { request: (request) => nodeHttpClient.request({ ...request, url: target + new URL(request.url).pathname }) };
}

/** A workspace whose .vscode/settings.json holds these profiles. */
function workspace(name: string, profiles: object[]): string {
  const root = file(name);
  mkdirSync(join(root, '.vscode'), { recursive: true });
  writeFileSync(join(root, '.vscode', 'settings.json'), JSON.stringify({ 'oauthJwt.profiles': profiles }));
  return root;
}

describe('provider identity', () => {
  test('--provider with an unknown id: a usage error listing the ids (failed on main)', async () => {
    const run = await runCli(['token', '--provider', 'azure', '--token-url', entra.tokenUrl, '--key', file('rsa.key')]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--provider must be one of workfront, logicnets, entra, okta, keycloak, google, salesforce/);
  });

  test('a profile naming an unknown provider: INVALID_OPTION listing the ids; one of another flow names the flow (failed on main)', async () => {
    const root = workspace('unknown-provider', [
      { name: 'p', provider: 'auth-zero', flow: 'client-assertion', tokenUrl: entra.tokenUrl, clientId: 'c' },
      { name: 'q', provider: 'salesforce', flow: 'client-assertion', tokenUrl: entra.tokenUrl, clientId: 'c' },
    ]);
    const unknown = await runCli(['token', '--profile', 'p', '--workspace', root, '--key', file('rsa.key')]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /"provider" is "auth-zero", which is not a known provider/);
    assert.match(unknown.stderr, /Use one of workfront, logicnets, entra, okta/);
    const wrongFlow = await runCli(['token', '--profile', 'q', '--workspace', root, '--key', file('rsa.key')]);
    assert.equal(wrongFlow.code, 1);
    assert.match(wrongFlow.stderr, /salesforce, which uses the jwt-bearer flow/);
  });

  test('the profile\'s provider wins over URL recognition; recognition stays the fallback, sovereign clouds included', () => {
    assert.equal(providerForProfile({ flow: 'client-assertion', tokenUrl: okta.tokenUrl }).id, 'generic-assertion');
    assert.equal(providerForProfile({ flow: 'client-assertion', tokenUrl: okta.tokenUrl, provider: 'okta' }).id, 'okta');
    // Microsoft: national clouds have their own login hosts (US Government, China operated by 21Vianet).
    for (const host of ['login.microsoftonline.com', 'login.microsoftonline.us', 'login.chinacloudapi.cn', 'login.partner.microsoftonline.cn']) {
      assert.equal(providerForProfile({ flow: 'client-assertion', tokenUrl: `https://${host}/t/oauth2/v2.0/token` }).id, 'entra', host);
    }
  });
});

describe('Microsoft Entra ID (entra)', () => {
  const args = ['token', '--provider', 'entra', '--token-url', '', '--client-id', ENTRA_CLIENT, '--scope', 'api://resource/.default', '--key', ''];
  const entraArgs = (server: EntraServer, extra: string[] = []) => {
    const a = [...args, ...extra];
    a[4] = server.tokenUrl;
    a[10] = file('rsa.key');
    return a;
  };

  // Microsoft identity platform, "certificate credentials": header "alg: Should be PS256",
  // "x5t#S256: Base64url-encoded SHA-256 thumbprint of the X.509 certificate's DER encoding";
  // claims aud = the token endpoint, iss = sub = {ClientID}, jti, "nbf (not before)", exp.
  // Client credentials request: "client_id — Required. The application ID that's assigned to your app."
  test('--cert: PS256 with x5t#S256 of the certificate, client_id in the form, nbf = iat; the endpoint issues a token (failed on main)', async () => {
    const run = await runCli(entraArgs(entra, ['--cert', file('certificate_pub.crt')]));
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, `${last(entra.issued)}\n`);
    const { header, claims } = lastAssertion(entra.requests);
    const der = new X509Certificate(certificate).raw;
    assert.equal(header.alg, 'PS256');
    assert.equal(header['x5t#S256'], createHash('sha256').update(der).digest('base64url'));
    assert.equal(claims.nbf, claims.iat);
    assert.equal(param(last(entra.requests).form, 'client_id'), ENTRA_CLIENT);
  });

  test('a profile with provider "entra" through token --profile, with the certificate from --cert (failed on main)', async () => {
    const root = workspace('entra', [{ name: 'Entra', provider: 'entra', flow: 'client-assertion', tokenUrl: entra.tokenUrl, clientId: ENTRA_CLIENT, scope: 'api://resource/.default' }]);
    const run = await runCli(['token', '--profile', 'Entra', '--workspace', root, '--key', file('rsa.key'), '--cert', file('certificate_pub.crt')]);
    assert.equal(run.code, 0, run.stderr);
  });

  // Microsoft's older page: "alg: Should be RS256", "x5t: Base64url-encoded SHA-1 thumbprint of the X.509
  // certificate's DER encoding" — and a published report of x5t#S256 refused where x5t worked.
  test('thumbprint "x5t": RS256 with the SHA-1 thumbprint, for setups that refuse x5t#S256 (failed on main)', async () => {
    const refused = await runCli(entraArgs(entraSha1Only, ['--cert', file('certificate_pub.crt')]));
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /invalid_client/);
    assert.match(refused.stderr, /AADSTS700027/);
    const root = workspace('entra-x5t', [{ name: 'Old', provider: 'entra', thumbprint: 'x5t', flow: 'client-assertion', tokenUrl: entraSha1Only.tokenUrl, clientId: ENTRA_CLIENT, scope: 'api://resource/.default' }]);
    const run = await runCli(['token', '--profile', 'Old', '--workspace', root, '--key', file('rsa.key'), '--cert', file('certificate_pub.crt')]);
    assert.equal(run.code, 0, run.stderr);
    const { header } = lastAssertion(entraSha1Only.requests);
    assert.equal(header.alg, 'RS256');
    assert.equal(header.x5t, createHash('sha1').update(new X509Certificate(certificate).raw).digest('base64url'));
    assert.equal(header['x5t#S256'], undefined);
  });

  test('no certificate: refused before sending, saying how to attach one (failed on main)', async () => {
    const before = entra.requests.length;
    const run = await runCli(entraArgs(entra));
    assert.equal(run.code, 1);
    assert.match(run.stderr, /thumbprint/);
    assert.match(run.stderr, /--cert FILE|Import Certificate/);
    assert.equal(entra.requests.length, before, 'nothing was sent');
  });

  // "Client credential flows must have a scope value with /.default suffixed to the resource identifier" (AADSTS1002012).
  test('a scope without /.default: refused before sending (failed on main)', async () => {
    const a = entraArgs(entra, ['--cert', file('certificate_pub.crt')]);
    a[8] = 'https://graph.microsoft.com/User.Read';
    const before = entra.requests.length;
    const run = await runCli(a);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /\/\.default/);
    assert.equal(entra.requests.length, before);
  });

  // "scope — Required. The value passed for the scope parameter in this request should be the resource identifier ... affixed with the .default suffix."
  test('no scope: refused before sending (the endpoint would answer AADSTS900144)', async () => {
    const run = await runCli(['token', '--provider', 'entra', '--token-url', entra.tokenUrl, '--client-id', ENTRA_CLIENT, '--key', file('rsa.key'), '--cert', file('certificate_pub.crt')]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /requires a scope/);
  });

  test('--cert of another key is refused, naming the mismatch (failed on main)', async () => {
    const run = await runCli(entraArgs(entra, ['--cert', file('other.crt')]));
    assert.equal(run.code, 1);
    assert.match(run.stderr, /belongs to another key/);
  });

  test('sign --cert adds the x5t#S256 of the certificate (--thumbprint x5t the SHA-1 one) (failed on main)', async () => {
    const run = await runCli(['sign', '--key', file('rsa.key'), '--cert', file('certificate_pub.crt'), '--alg', 'PS256']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(decodeProtectedHeader(run.stdout.trim())['x5t#S256'], readCertificate(certificate).x5tS256);
    const sha1 = await runCli(['sign', '--key', file('rsa.key'), '--cert', file('certificate_pub.crt'), '--thumbprint', 'x5t']);
    assert.equal(decodeProtectedHeader(sha1.stdout.trim()).x5t, readCertificate(certificate).x5t);
  });

  test('core: the plan carries the stored certificate\'s thumbprint; the exchange gets a token', async () => {
    const config: ExchangeConfig = { provider: 'entra', flow: 'client-assertion', tokenUrl: entra.tokenUrl, clientId: ENTRA_CLIENT, scope: 'api://resource/.default' };
    const result = await exchangeToken(config, { key: rsa }, { http: nodeHttpClient }, planExchange(config, { key: rsa, certificate: readCertificate(certificate) }));
    assert.equal(result.accessToken, last(entra.issued));
    assert.equal(result.tokenType, 'Bearer');
  });
});

describe('Okta (okta)', () => {
  // Okta, "Build a JWT for client authentication" / private_key_jwt: the key is looked up in the
  // app's JWKS by "kid" (Okta's JWK: "Kid — The unique identifier of the key"); aud = the token URL;
  // iss = sub = client_id; "exp — ... must be a maximum of only an hour in the future";
  // "Okta supports both RSA and Elliptic Curve (EC) keys".
  test('kid = the key\'s RFC 7638 thumbprint (as Export Public JWK writes it) by default; the endpoint issues a token (failed on main)', async () => {
    const run = await runCli(['token', '--provider', 'okta', '--token-url', okta.tokenUrl, '--client-id', OKTA_CLIENT, '--key', file('rsa.key')]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(lastAssertion(okta.requests).header.kid, publicJwk(rsa).kid);
  });

  test('an EC key (ES256) works; the profile\'s keyId is sent as kid (failed on main)', async () => {
    const es = await runCli(['token', '--provider', 'okta', '--token-url', okta.tokenUrl, '--client-id', OKTA_CLIENT, '--key', file('ec.key')]);
    assert.equal(es.code, 0, es.stderr);
    assert.equal(lastAssertion(okta.requests).header.alg, 'ES256');
    const root = workspace('okta', [{ name: 'Okta', provider: 'okta', flow: 'client-assertion', tokenUrl: okta.tokenUrl, clientId: OKTA_CLIENT, keyId: 'okta-key-2026' }]);
    const run = await runCli(['token', '--profile', 'Okta', '--workspace', root, '--key', file('rsa.key')]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(lastAssertion(okta.requests).header.kid, 'okta-key-2026');
  });

  test('an Ed25519 key (EdDSA) is refused before sending (failed on main)', async () => {
    const before = okta.requests.length;
    const run = await runCli(['token', '--provider', 'okta', '--token-url', okta.tokenUrl, '--client-id', OKTA_CLIENT, '--key', file('ed.key')]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /Okta needs an RSA key \(RS256\) or an EC key|not EdDSA/);
    assert.equal(okta.requests.length, before);
  });

  test('an app that requires DPoP: invalid_dpop_proof comes with a hint naming the DPoP option (failed on main)', async () => {
    const run = await runCli(['token', '--provider', 'okta', '--token-url', oktaDpop.tokenUrl, '--client-id', OKTA_CLIENT, '--key', file('rsa.key')]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /invalid_dpop_proof/);
    assert.match(run.stderr, /Require Demonstrating Proof of Possession \(DPoP\)/);
  });

  test('--ttl beyond an hour: refused before sending', async () => {
    const run = await runCli(['token', '--provider', 'okta', '--token-url', okta.tokenUrl, '--client-id', OKTA_CLIENT, '--key', file('rsa.key'), '--ttl', '3700']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /at most 1 hour/);
  });
});

describe('Salesforce (salesforce)', () => {
  // Salesforce, "OAuth 2.0 JWT Bearer Flow for Server-to-Server Integration": "iss: the OAuth client_id
  // or the connected app's consumer key"; "aud: ... https://login.salesforce.com,
  // https://test.salesforce.com, or (if implementing for an Experience Cloud site) the site URL";
  // "sub: the username"; "exp: ... the expiration time of the assertion within 3 minutes".
  // The ambient Workfront secret is refused with the jwt-bearer grant (W3): these runs have none.
  const noSecret = { env: { OAUTH_JWT_CLIENT_SECRET: '' } };
  const sfArgs = (server: SalesforceServer, extra: string[] = []) => ['token', '--provider', 'salesforce', '--token-url', server.tokenUrl, '--iss', SF_KEY, '--sub', SF_USER, '--key', file('rsa.key'), ...extra];

  test('production: aud https://login.salesforce.com, 180 s by default; the token response has no expires_in (failed on main)', async () => {
    const run = await runCli(sfArgs(salesforce, ['--json']), noSecret);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).instance_url, salesforce.url);
    const { claims } = lastAssertion(salesforce.requests, 'assertion');
    assert.equal(claims.aud, 'https://login.salesforce.com');
    assert.equal(claims.exp! - claims.iat!, 180);
  });

  test('a lifetime beyond 3 minutes is refused before sending (failed on main)', async () => {
    const before = salesforce.requests.length;
    const run = await runCli(sfArgs(salesforce, ['--ttl', '300']), noSecret);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /at most 3 minutes/);
    assert.equal(salesforce.requests.length, before);
  });

  test('sandboxes (test.salesforce.com and *.sandbox.my.salesforce.com): aud https://test.salesforce.com (failed on main)', async () => {
    for (const host of ['test.salesforce.com', 'acme--uat.sandbox.my.salesforce.com']) {
      const config: ExchangeConfig = { provider: 'salesforce', flow: 'jwt-bearer', tokenUrl: `https://${host}/services/oauth2/token`, issuer: SF_KEY, subject: SF_USER };
      const result = await exchangeToken(config, { key: rsa }, { http: redirectTo(salesforceSandbox.url) });
      assert.equal(result.accessToken, last(salesforceSandbox.issued), host);
      assert.equal(lastAssertion(salesforceSandbox.requests, 'assertion').claims.aud, 'https://test.salesforce.com');
    }
    // The New Profile preset for a My Domain sandbox login host leaves aud to the token URL.
    const built = providerById('salesforce')!.build({ login: 'acme--uat.sandbox.my.salesforce.com', consumerKey: SF_KEY, username: SF_USER, site: '' });
    const plan = planExchange({ ...built, provider: 'salesforce' }, { key: rsa });
    assert.equal(plan.claims.aud, 'https://test.salesforce.com');
  });

  test('an Experience Cloud site: New Profile\'s site URL becomes aud', async () => {
    const built = providerById('salesforce')!.build({ login: 'login.salesforce.com', consumerKey: SF_KEY, username: SF_USER, site: 'https://acme.my.site.com/partners' });
    const config: ExchangeConfig = { ...built, tokenUrl: salesforceSite.tokenUrl, provider: 'salesforce' };
    const result = await exchangeToken(config, { key: rsa }, { http: nodeHttpClient });
    assert.equal(result.accessToken, last(salesforceSite.issued));
  });

  test('the endpoint answers a wrong aud as Salesforce does: invalid_grant "audience is invalid"', async () => {
    const run = await runCli(sfArgs(salesforce, ['--aud', 'https://test.salesforce.com']), noSecret);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /invalid_grant/);
    assert.match(run.stderr, /audience is invalid/);
  });
});

describe('Keycloak (keycloak)', () => {
  // Keycloak, "Securing applications", client authentication with signed JWT: the client sends
  // client_id with client_assertion; aud: "the realm issuer URL or the token endpoint URL" are both
  // accepted; the client's signed JWT "Max expiration" (60 s by default) limits how old an assertion may be.
  const kcArgs = (server: KeycloakServer, extra: string[] = []) => ['token', '--provider', 'keycloak', '--token-url', server.tokenUrl, '--client-id', 'kc-client', '--key', file('rsa.key'), ...extra];

  test('aud = the token URL (the flow\'s default) and aud = the realm issuer are both accepted; client_id is sent', async () => {
    const byUrl = await runCli(kcArgs(keycloak));
    assert.equal(byUrl.code, 0, byUrl.stderr);
    assert.equal(param(last(keycloak.requests).form, 'client_id'), 'kc-client');
    const byIssuer = await runCli(kcArgs(keycloak, ['--aud', keycloak.issuer]));
    assert.equal(byIssuer.code, 0, byIssuer.stderr);
  });

  test('without --ttl the assertion lives Keycloak\'s 60 s (failed on main: 300 s, refused)', async () => {
    const run = await runCli(kcArgs(keycloak));
    assert.equal(run.code, 0, run.stderr);
    const { claims } = lastAssertion(keycloak.requests);
    assert.equal(claims.exp! - claims.iat!, 60);
  });

  test('another aud is refused before sending, naming the two accepted', async () => {
    const run = await runCli(kcArgs(keycloak, ['--aud', 'https://elsewhere.example/realms/demo']));
    assert.equal(run.code, 1);
    assert.match(run.stderr, /realm issuer/);
  });

  test('invalid_client comes with the iat + 60 s hint (failed on main)', async () => {
    const run = await runCli(kcArgs(keycloakStrict));
    assert.equal(run.code, 1);
    assert.match(run.stderr, /invalid_client/);
    assert.match(run.stderr, /iat \+ 60 s/);
  });
});
