/**
 * Auth0, DocuSign and Box (issue 13): each preset's rules, quoted from the provider's documentation,
 * and a token from a local endpoint that enforces those rules — through the core, and through
 * `oauth-jwt token --profile` with the profile New Profile builds (the provider object's build).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkAssertion, type Finding } from '../../src/core/checks';
import { exchangeToken, planExchange } from '../../src/core/exchange';
import type { ExchangeConfig } from '../../src/core/exchangeConfig';
import { nodeHttpClient } from '../../src/core/http';
import { generateKeyPair, privateKeyPem, publicKeyPem, type PrivateKey } from '../../src/core/keys';
import { providerById, providerForProfile } from '../../src/core/providers';
import type { Provider } from '../../src/core/providers/provider';
import { parseProfile, type Profile } from '../../src/core/profile';
import { startAuth0Server, startBoxServer, startDocuSignServer, param, type Auth0Server, type BoxServer, type DocuSignServer } from '../servers';
import { assertNoSecretPrinted, runCli } from '../support/cli';

const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);
const nowSeconds = NOW / 1000;
const BOX_SECRET = 'box-client-secret-9c1e';
const auth0 = providerById('auth0')!;
const docusign = providerById('docusign')!;
const box = providerById('box')!;

let rsa: PrivateKey;
let ec: PrivateKey;
let dir: string;
let auth0Server: Auth0Server;
let docusignServer: DocuSignServer;
let boxServer: BoxServer;

before(async () => {
  [rsa, ec] = await Promise.all([generateKeyPair({ type: 'rsa' }), generateKeyPair({ type: 'ec' })]);
  dir = mkdtempSync(join(tmpdir(), 'oauth-jwt-new-providers-'));
  writeFileSync(join(dir, 'rsa.key'), privateKeyPem(rsa), { mode: 0o600 });
  [auth0Server, docusignServer, boxServer] = await Promise.all([
    startAuth0Server({ clientId: 'auth0-client', publicKey: publicKeyPem(rsa), keyId: 'cred-1', audiences: ['https://api.example.com'] }),
    startDocuSignServer({ integrationKey: 'ik-7f1b', userId: 'user-guid-42', publicKey: publicKeyPem(rsa) }),
    startBoxServer({ clientId: 'box-client', clientSecret: BOX_SECRET, publicKeyId: 'pk-4ab2', publicKey: publicKeyPem(rsa), enterpriseId: '1234567', userIds: ['98765'] }),
  ]);
});

after(async () => {
  await Promise.all([auth0Server?.close(), docusignServer?.close(), boxServer?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

function errors(provider: Provider, header: Record<string, unknown>, payload: Record<string, unknown>, key = rsa): Finding[] {
  return checkAssertion({ provider, header, payload, key, now: NOW }).filter((f) => f.severity === 'error');
}
const fieldsOf = (findings: Finding[]) => findings.map((f) => f.field);

/**
 * The profile New Profile builds from these answers, pointed at a local endpoint: the token URL's
 * https:// origin swapped for the server's, and the audience too where it is the tenant's URL (Auth0;
 * Box's aud stays https://api.box.com/oauth2/token whatever URL the request goes to).
 */
function localProfile(provider: Provider, name: string, answers: Record<string, string>, origin: string, server: string, options: { audience?: boolean } = {}): Profile {
  const built = provider.build(answers);
  const swap = (value: unknown) => (typeof value === 'string' && value.startsWith(origin) ? server + value.slice(origin.length) : value);
  return parseProfile({ name, ...built, tokenUrl: swap(built.tokenUrl), audience: options.audience ? swap(built.audience) : built.audience });
}

async function token(profile: ExchangeConfig, clientSecret?: string) {
  return exchangeToken(profile, { key: rsa, clientSecret }, { http: nodeHttpClient });
}

function writeSettings(profiles: Profile[]): string {
  const workspace = mkdtempSync(join(dir, 'ws-'));
  mkdirSync(join(workspace, '.vscode'));
  writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'oauthJwt.profiles': profiles }, null, 2));
  return workspace;
}

describe('Auth0 (auth0)', () => {
  const answers = { domain: 'tenant.example', clientId: 'auth0-client', keyId: 'cred-1', audience: 'https://api.example.com' };

  test('the preset: aud = https://{tenant}/ (not the token URL), the audience request parameter, kid, at most 5 minutes', () => {
    const built = auth0.build(answers);
    assert.equal(built.tokenUrl, 'https://tenant.example/oauth/token');
    assert.equal(built.audience, 'https://tenant.example/');
    assert.deepEqual(built.params, { audience: 'https://api.example.com' });
    assert.equal(built.keyId, 'cred-1');
    assert.equal(auth0.maxLifetimeSeconds, 300);
    assert.equal(providerForProfile({ flow: 'client-assertion', tokenUrl: 'https://acme.us.auth0.com/oauth/token' }).id, 'auth0');
  });

  test('rules from "Authenticate with Private Key JWT"', () => {
    const ok = { iss: 'c', sub: 'c', aud: 'https://tenant.example/', iat: nowSeconds, exp: nowSeconds + 60, jti: 'a-uuid' };
    assert.deepEqual(errors(auth0, { alg: 'RS256' }, ok), []);
    // "aud: The URL of the Auth0 tenant or custom domain that receives the assertion. For example:
    // https://{yourTenant}.auth0.com/. Include the trailing slash."
    assert.deepEqual(fieldsOf(errors(auth0, { alg: 'RS256' }, { ...ok, aud: 'https://tenant.example' })), ['aud']);
    assert.deepEqual(fieldsOf(errors(auth0, { alg: 'RS256' }, { ...ok, aud: 'https://tenant.example/oauth/token' })), ['aud']);
    // "The client assertion is a one-time use token, and we recommend the shortest possible expiry
    // time. Auth0 supports a maximum of 5 minutes for the lifetime of a token."
    assert.deepEqual(fieldsOf(errors(auth0, { alg: 'RS256' }, { ...ok, exp: nowSeconds + 301 })), ['exp']);
    // "jti: A unique claim ID created by the client." (and its limits: "jti: 64 characters")
    assert.deepEqual(fieldsOf(errors(auth0, { alg: 'RS256' }, { ...ok, jti: undefined })), ['jti']);
    assert.deepEqual(fieldsOf(errors(auth0, { alg: 'RS256' }, { ...ok, jti: 'x'.repeat(65) })), ['jti']);
  });

  test('the endpoint enforces the documented rules and answers like Auth0', async () => {
    const base = localProfile(auth0, 'Auth0', answers, 'https://tenant.example', auth0Server.url, { audience: true });
    // The token URL as aud, the usual RFC 7523 default, is refused: Auth0 wants the tenant URL.
    await assert.rejects(token({ ...base, audience: auth0Server.tokenUrl }), (e: Error & { code?: string }) => e.code === 'OAUTH_ERROR' && /invalid_client/.test(e.message) && /aud/.test(e.message));
    await assert.rejects(token({ ...base, lifetimeSeconds: 600 }), /5 minutes|exp/);
    await assert.rejects(token({ ...base, params: undefined }), /access_denied.*No audience parameter/s);
  });

  test('core: a token with the preset\'s profile; the request has the audience parameter and no client_secret', async () => {
    const profile = localProfile(auth0, 'Auth0', answers, 'https://tenant.example', auth0Server.url, { audience: true });
    const result = await token(profile);
    assert.match(result.accessToken, /^[0-9a-f]{48}$/);
    const form = auth0Server.requests.at(-1)!.form;
    assert.equal(param(form, 'audience'), 'https://api.example.com');
    assert.equal(param(form, 'client_secret'), undefined);
    const plan = planExchange(profile, { key: rsa });
    assert.equal(plan.header.kid, 'cred-1');
    assert.equal(plan.claims.aud, auth0Server.tenantUrl);
  });

  test('CLI: oauth-jwt token --profile with the profile New Profile builds', async () => {
    const workspace = writeSettings([localProfile(auth0, 'Auth0', answers, 'https://tenant.example', auth0Server.url, { audience: true })]);
    const run = await runCli(['token', '--profile', 'Auth0', '--workspace', workspace, '--key', join(dir, 'rsa.key')]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^[0-9a-f]{48}\n$/);
  });
});

describe('DocuSign (docusign)', () => {
  const answers = { environment: 'account-d.docusign.com', integrationKey: 'ik-7f1b', userId: 'user-guid-42', scopes: 'signature impersonation' };

  test('the preset: POST https://account-d.docusign.com/oauth/token, aud the bare host, scope "signature impersonation", RS256', () => {
    const built = docusign.build(answers);
    assert.deepEqual(
      [built.flow, built.tokenUrl, built.audience, built.issuer, built.subject, built.scope, built.algorithm],
      ['jwt-bearer', 'https://account-d.docusign.com/oauth/token', 'account-d.docusign.com', 'ik-7f1b', 'user-guid-42', 'signature impersonation', 'RS256'],
    );
    assert.equal(docusign.build({ ...answers, environment: 'account.docusign.com' }).tokenUrl, 'https://account.docusign.com/oauth/token');
    assert.equal(providerForProfile({ flow: 'jwt-bearer', tokenUrl: built.tokenUrl }).id, 'docusign');
  });

  test('rules from "JWT Grant" (How to get an access token with JWT Grant)', () => {
    const ok = { iss: 'ik', sub: 'u', aud: 'account-d.docusign.com', scope: 'signature impersonation', iat: nowSeconds, exp: nowSeconds + 3600, jti: 'j' };
    assert.deepEqual(errors(docusign, { alg: 'RS256' }, ok), []);
    // aud: "The URI of the authentication service instance to be used": account-d.docusign.com for
    // the developer environment, account.docusign.com for production — the host, without https://.
    assert.deepEqual(fieldsOf(errors(docusign, { alg: 'RS256' }, { ...ok, aud: 'https://account-d.docusign.com' })), ['aud']);
    // scope: "The scopes requested. … signature impersonation" — impersonation is what the JWT Grant needs.
    assert.deepEqual(fieldsOf(errors(docusign, { alg: 'RS256' }, { ...ok, scope: 'signature' })), ['scope']);
    // The header is { "alg": "RS256", "typ": "JWT" }: RSA keys only.
    assert.deepEqual(fieldsOf(errors(docusign, { alg: 'ES256' }, ok, ec)), ['key', 'alg']);
  });

  test('the endpoint enforces aud, scope and consent, with DocuSign\'s error codes', async () => {
    const base = localProfile(docusign, 'DocuSign', answers, 'https://account-d.docusign.com', docusignServer.url);
    await assert.rejects(token({ ...base, audience: 'https://account-d.docusign.com' }), /issuer_not_found/);
    await assert.rejects(token({ ...base, scope: 'signature' }), /invalid_scope/);
    const noConsent = await startDocuSignServer({ integrationKey: 'ik-7f1b', userId: 'user-guid-42', publicKey: publicKeyPem(rsa), consented: false });
    try {
      await assert.rejects(token({ ...base, tokenUrl: noConsent.tokenUrl }), /consent_required/);
    } finally {
      await noConsent.close();
    }
  });

  test('core and CLI: a token with the preset\'s profile', async () => {
    const profile = localProfile(docusign, 'DocuSign', answers, 'https://account-d.docusign.com', docusignServer.url);
    assert.equal(profile.audience, 'account-d.docusign.com');
    assert.ok((await token(profile)).accessToken);
    const workspace = writeSettings([profile]);
    const run = await runCli(['token', '--profile', 'DocuSign', '--workspace', workspace, '--key', join(dir, 'rsa.key'), '--json'], { env: { OAUTH_JWT_CLIENT_SECRET: '' } });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).expires_in, 3600);
  });
});

describe('Box (box)', () => {
  const answers = { clientId: 'box-client', publicKeyId: 'pk-4ab2', subjectType: 'enterprise', boxSubject: '1234567' };

  test('the preset: aud https://api.box.com/oauth2/token, kid, box_sub_type, 45 s, client secret asked for', () => {
    const built = box.build(answers);
    assert.deepEqual(
      [built.flow, built.tokenUrl, built.audience, built.issuer, built.subject, built.keyId, built.claims, built.lifetimeSeconds],
      ['jwt-bearer', 'https://api.box.com/oauth2/token', 'https://api.box.com/oauth2/token', 'box-client', '1234567', 'pk-4ab2', { box_sub_type: 'enterprise' }, 45],
    );
    assert.equal(box.needsClientSecret, true);
    assert.equal(providerForProfile({ flow: 'jwt-bearer', tokenUrl: built.tokenUrl }).id, 'box');
  });

  test('rules from "JWT without SDKs"', () => {
    const ok = { iss: 'c', sub: '1', box_sub_type: 'enterprise', aud: 'https://api.box.com/oauth2/token', iat: nowSeconds, exp: nowSeconds + 45, jti: 'x'.repeat(36) };
    const header = { alg: 'RS256', kid: 'pk' };
    assert.deepEqual(errors(box, header, ok), []);
    // "jti, required: A universally unique identifier specified by the application for this JWT. A
    // unique string of at least 16 characters and at most 128 characters."
    assert.deepEqual(fieldsOf(errors(box, header, { ...ok, jti: 'short' })), ['jti']);
    assert.deepEqual(fieldsOf(errors(box, header, { ...ok, jti: 'x'.repeat(129) })), ['jti']);
    // "exp, required: The Unix time when this JWT is to expire. Can be set to a maximum value of 60
    // seconds beyond the issue time."
    assert.deepEqual(fieldsOf(errors(box, header, { ...ok, exp: nowSeconds + 61 })), ['exp']);
    // "box_sub_type, required: enterprise or user depending on the type of token being requested in the sub claim"
    assert.deepEqual(fieldsOf(errors(box, header, { ...ok, box_sub_type: 'app' })), ['box_sub_type']);
    // Header "keyid … The ID of the public key used to sign the JWT"; "algorithm … one of RS256, RS384, or RS512".
    assert.deepEqual(fieldsOf(errors(box, { alg: 'RS256' }, ok)), ['kid']);
    assert.deepEqual(fieldsOf(errors(box, { alg: 'PS256', kid: 'pk' }, ok)), ['alg']);
  });

  test('the endpoint enforces client credentials, kid, aud, box_sub_type and the 60-second exp, in Box\'s error format', async () => {
    const base = localProfile(box, 'Box', answers, 'https://api.box.com', boxServer.url);
    // aud stays Box's token URL even though the request goes to the local endpoint.
    assert.equal(base.audience, 'https://api.box.com/oauth2/token');
    await assert.rejects(token(base, 'wrong-secret'), /invalid_client/);
    await assert.rejects(token({ ...base, keyId: 'other' }, BOX_SECRET), /'kid'/);
    await assert.rejects(token({ ...base, audience: boxServer.tokenUrl }, BOX_SECRET), /'aud' claim/);
    await assert.rejects(token({ ...base, lifetimeSeconds: 120 }, BOX_SECRET), /exp/);
    await assert.rejects(token({ ...base, claims: { box_sub_type: 'user' } }, BOX_SECRET), /'sub' and 'box_sub_type'/);
  });

  test('core: a token with the preset\'s profile; client_id and client_secret in the body', async () => {
    const profile = localProfile(box, 'Box', answers, 'https://api.box.com', boxServer.url);
    assert.ok((await token(profile, BOX_SECRET)).accessToken);
    const form = boxServer.requests.at(-1)!.form;
    assert.deepEqual([param(form, 'client_id'), param(form, 'client_secret')], ['box-client', BOX_SECRET]);
    const user = localProfile(box, 'Box user', { ...answers, subjectType: 'user', boxSubject: '98765' }, 'https://api.box.com', boxServer.url);
    assert.ok((await token(user, BOX_SECRET)).accessToken);
  });

  test('CLI: oauth-jwt token --profile with the profile New Profile builds, the secret from --client-secret-env', async () => {
    const workspace = writeSettings([localProfile(box, 'Box', answers, 'https://api.box.com', boxServer.url)]);
    const run = await runCli(['token', '--profile', 'Box', '--workspace', workspace, '--key', join(dir, 'rsa.key'), '--client-secret-env', 'BOX_SECRET'], { env: { BOX_SECRET, OAUTH_JWT_CLIENT_SECRET: '' } });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^[0-9a-f]{48}\n$/);
    assertNoSecretPrinted([BOX_SECRET], [privateKeyPem(rsa)]);
  });
});
