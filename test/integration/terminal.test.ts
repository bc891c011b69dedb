/**
 * Tokens in the integrated terminal (issue 17 §1): a real terminal of this window runs the
 * `oauth-jwt` that the extension put on PATH, which asks the window over its handle; the key stays
 * in SecretStorage. Terminal output is read through files (shell redirection): the proposed API
 * for terminal data is not available to the tests.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import { generateKeyPair, publicJwk, publicKeyPem } from '../../src/core/keys';
import type { Services } from '../../src/vscode/services';
import { startDpopResourceServer, startLogicNetsServer, startOidcProvider, type DpopResourceServer, type LogicNetsServer, type OidcProviderServer } from '../servers';
import { browser, browserAvailable } from './browser';
import { answerConfirm, confirmOrigins, eventually, logText, services, setProfiles, terminalAccess } from './support';

const CLIENT = 'terminal-client';
const question = (profile: string) => `A terminal asks for an access token of profile "${profile}"`;
const callQuestion = (profile: string) => `with the access token of profile "${profile}"`;

suite('Tokens in the integrated terminal', function () {
  this.timeout(90_000);
  let s: Services;
  let server: LogicNetsServer;
  /** An API on an origin never confirmed for any token. */
  let elsewhere: LogicNetsServer;
  /** The real oidc-provider issuing DPoP-bound tokens, and an API that verifies the proof. */
  let oidc: OidcProviderServer;
  let dpopApi: DpopResourceServer;
  /** An API that echoes the Authorization header it received, in its body and in a header. */
  let echo: Server;
  let echoUrl: string;
  let dir: string;
  let terminal: vscode.Terminal;
  let runs = 0;

  /** Runs `oauth-jwt ARGS` in the terminal; resolves with its exit code and output once it wrote them. */
  async function runInTerminal(args: string, answer?: { profile: string; choice: string } | Array<{ question: string; choice: string }>): Promise<{ code: number; stdout: string; stderr: string }> {
    const n = ++runs;
    const [out, err, rc] = ['out', 'err', 'rc'].map((f) => join(dir, `${f}${n}.txt`)) as [string, string, string];
    terminal.sendText(`oauth-jwt ${args} > '${out}' 2> '${err}'; echo $? > '${rc}.tmp' && mv '${rc}.tmp' '${rc}'`);
    for (const { question: asked, choice } of Array.isArray(answer) ? answer : answer ? [{ question: question(answer.profile), choice: answer.choice }] : []) {
      await answerConfirm(asked, choice);
    }
    await eventually(() => existsSync(rc), `oauth-jwt ${args} to finish in the terminal`, 60_000);
    return { code: Number(readFileSync(rc, 'utf8').trim()), stdout: readFileSync(out, 'utf8'), stderr: readFileSync(err, 'utf8') };
  }

  suiteSetup(async function () {
    // The question is answered in the workbench's quick pick, which needs the browser.
    if (!browserAvailable || process.platform === 'win32') this.skip();
    s = await services();
    const key = await generateKeyPair({ type: 'rsa' });
    server = await startLogicNetsServer({ company: 'logicnets', clientId: CLIENT, issuer: CLIENT, publicKey: publicKeyPem(key) });
    elsewhere = await startLogicNetsServer({ company: 'elsewhere', clientId: CLIENT, issuer: CLIENT, publicKey: publicKeyPem(key) });
    oidc = await startOidcProvider({ clients: [{ clientId: 'term-dpop', algorithm: 'RS256', jwks: { keys: [publicJwk(key, 'RS256')] }, dpopBoundAccessTokens: true }], accessTokenFormat: 'jwt', dpopNonceRequired: true });
    dpopApi = await startDpopResourceServer({ issuer: oidc.issuer, jwksUrl: oidc.jwksUrl, audience: oidc.resource, requireNonce: true });
    echo = createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain', 'X-Echo': String(req.headers.authorization) });
      res.end(`you sent: ${req.headers.authorization}\n`);
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    echoUrl = `http://127.0.0.1:${(echo.address() as { port: number }).port}/echo`;
    for (const name of ['TermAllow', 'TermDeny', 'TermRequest', 'TermDpop', 'TermEcho']) await s.keys.save(name, key);
    const profile = (name: string) => ({ name, flow: 'client-assertion', method: 'GET', tokenUrl: server.tokenUrl, audience: server.audience, clientId: CLIENT, subject: CLIENT, issuer: CLIENT, header: { nonce: '' } });
    const dpopProfile = { name: 'TermDpop', flow: 'client-assertion', tokenUrl: oidc.tokenUrl, clientId: 'term-dpop', algorithm: 'RS256', dpop: true, apiUrl: dpopApi.apiUrl };
    await setProfiles([profile('TermAllow'), profile('TermDeny'), profile('TermRequest'), dpopProfile, { ...profile('TermEcho'), apiUrl: echoUrl }], 'TermAllow');
    await eventually(() => s.config.profile('TermEcho'), 'the profiles to load');
    // The origin prompts of issue 12 are origins.test.ts's subject; here only the terminal's question is
    // asked (and, for the API on another origin, the origin question that Send Test Request asks too).
    await confirmOrigins('TermAllow', 'TermDeny', 'TermRequest', 'TermDpop', 'TermEcho');
    const access = await terminalAccess();
    await eventually(() => access.handle, 'the terminal handle to open');
    dir = mkdtempSync(join(tmpdir(), 'oauth-jwt-terminal-'));
    // Opened after the handle: the environment variable collection applies to new terminals.
    terminal = vscode.window.createTerminal({ name: 'oauth-jwt test', cwd: dir });
    terminal.show(true);
  });

  suiteTeardown(async () => {
    terminal?.dispose();
    await server?.close();
    await elsewhere?.close();
    await dpopApi?.close();
    await new Promise((resolve) => (echo ? echo.close(resolve) : resolve(undefined)));
    await oidc?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('Deny: exit 1, nothing on stdout, and the token endpoint received nothing', async () => {
    const before = server.requests.length;
    const run = await runInTerminal('token --profile TermDeny', { profile: 'TermDeny', choice: 'Deny' });
    assert.equal(run.code, 1, run.stderr);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /denied in VS Code; nothing was sent/);
    assert.equal(server.requests.length, before, 'a request reached the token endpoint');
  });

  test('Allow once: oauth-jwt token --profile NAME (no --key) prints the token the endpoint issued', async () => {
    const before = server.requests.length;
    const run = await runInTerminal('token --profile TermAllow', { profile: 'TermAllow', choice: 'Allow once' });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(server.requests.length, before + 1);
    assert.equal(run.stdout, `${server.issued.at(-1)}\n`);
  });

  test('Allow for this window: the next request is not asked again and gets the cached token', async () => {
    const first = await runInTerminal('token --profile TermAllow', { profile: 'TermAllow', choice: 'Allow for this window' });
    assert.equal(first.code, 0, first.stderr);
    const before = server.requests.length;
    const second = await runInTerminal('token --profile TermAllow --json');
    assert.equal(second.code, 0, second.stderr);
    assert.equal(JSON.parse(second.stdout).access_token, first.stdout.trim());
    assert.equal(server.requests.length, before, 'the cached token was not used');
  });

  test('Ctrl-C while VS Code is asking: the question goes away, and nothing is sent', async () => {
    const before = server.requests.length;
    terminal.sendText('oauth-jwt token --profile TermDeny');
    await browser.waitFor('.quick-input-widget', { hasText: question('TermDeny') });
    terminal.sendText('\u0003', false);
    // Logged once the quick pick was cancelled through its cancellation token (which hides it).
    await eventually(() => /profile "TermDeny": Deny \(the terminal stopped waiting\)/.test(logText(s)), 'the question to be withdrawn');
    assert.equal(server.requests.length, before);
  });

  test('oauth-jwt request --profile NAME URL (no --key), Allow once: VS Code calls the API with the token and the terminal prints its body', async () => {
    const before = server.requests.length;
    const run = await runInTerminal(`request --profile TermRequest ${server.apiUrl}`, [{ question: callQuestion('TermRequest'), choice: 'Allow once' }]);
    assert.equal(run.code, 0, run.stderr);
    // The endpoint answers its data only to a bearer token it issued.
    assert.deepEqual(JSON.parse(run.stdout), server.exampleData);
    assert.match(run.stderr, /^GET http:\/\/127\.0\.0\.1:\d+\/logicnets\/WebAPIExample\/function_1 → 200\n$/);
    const paths = server.requests.slice(before).map((r) => r.path);
    assert.deepEqual(paths, ['/logicnets/oauth2token', '/logicnets/WebAPIExample/function_1'], 'one exchange, then the call');
    assert.equal(server.requests.at(-1)!.headers.authorization, `Bearer ${server.issued.at(-1)}`);
    assert.ok(!run.stdout.includes(server.issued.at(-1)!) && !run.stderr.includes(server.issued.at(-1)!), 'the token reached the terminal');
  });

  test('oauth-jwt request, Deny: exit 1, and neither the token endpoint nor the API received anything', async () => {
    const before = server.requests.length;
    const run = await runInTerminal(`request --profile TermRequest ${server.apiUrl}`, [{ question: callQuestion('TermRequest'), choice: 'Deny' }]);
    assert.equal(run.code, 1, run.stderr);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /denied in VS Code; nothing was sent/);
    assert.equal(server.requests.length, before, 'a request was sent after Deny');
  });

  test('oauth-jwt request to an origin not confirmed for the token: VS Code asks (Cancel first); Cancel sends nothing', async () => {
    const before = server.requests.length;
    const run = await runInTerminal(`request --profile TermRequest ${elsewhere.apiUrl}`, [
      { question: callQuestion('TermRequest'), choice: 'Allow once' },
      { question: `Send the access token of profile "TermRequest"`, choice: 'Cancel' },
    ]);
    assert.equal(run.code, 1, run.stderr);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /Nothing was sent: the API origin http:\/\/127\.0\.0\.1:\d+ was not confirmed for the access token of "TermRequest"/);
    assert.equal(elsewhere.requests.length, 0, 'the unconfirmed origin received a request');
    assert.equal(server.requests.length, before, 'no exchange either: the cached token stays unused');
  });

  test('oauth-jwt request with a DPoP profile: VS Code adds a proof by the DPoP key in SecretStorage (with the API\'s nonce); the API verifies it → 200', async () => {
    const run = await runInTerminal(`request --profile TermDpop --include ${dpopApi.apiUrl}`, [{ question: callQuestion('TermDpop'), choice: 'Allow once' }]);
    assert.equal(run.code, 0, `${run.stderr}\n${run.stdout}`);
    const [head, body] = run.stdout.split('\n\n');
    assert.match(head!, /^HTTP 200\n/);
    const answer = JSON.parse(body!) as { ok: boolean; client_id: string; jkt: string };
    assert.deepEqual([answer.ok, answer.client_id], [true, 'term-dpop']);
    const sent = dpopApi.requests.at(-1)!;
    assert.match(String(sent.headers.authorization), /^DPoP /);
    assert.ok(sent.headers.dpop, 'a DPoP proof was sent');
    // The proof's key is the profile's DPoP key from SecretStorage: its thumbprint is the token's cnf.jkt.
    const token = s.tokens.peek('TermDpop')!;
    const cnf = JSON.parse(Buffer.from(token.accessToken.split('.')[1]!, 'base64url').toString('utf8')).cnf as { jkt: string };
    assert.equal(answer.jkt, cnf.jkt);
    assert.ok(await s.secrets.getDpopKey('TermDpop'));
  });

  test('oauth-jwt request to an API that echoes the request: the token itself is blanked out of the answer the terminal gets', async () => {
    const run = await runInTerminal(`request --profile TermEcho --include ${echoUrl}`, [{ question: callQuestion('TermEcho'), choice: 'Allow once' }]);
    assert.equal(run.code, 0, run.stderr);
    const token = s.tokens.peek('TermEcho')!.accessToken;
    assert.ok(!run.stdout.includes(token), 'the echoed token reached the terminal');
    assert.match(run.stdout, /^x-echo: Bearer \[access token\]$/m);
    assert.match(run.stdout, /^you sent: Bearer \[access token\]$/m);
  });

  test('every request is logged, and no token or secret reaches the log', async () => {
    const text = await eventually(() => {
      const t = logText(s);
      return /\[terminal\] profile "TermDeny": Deny/.test(t) && /gave a terminal the cached token of profile "TermAllow"/.test(t) ? t : undefined;
    }, 'the terminal requests in the log');
    assert.match(text, /a terminal asks for a token of profile "TermAllow"/);
    assert.match(text, /a terminal asks to call GET "http:\/\/127\.0\.0\.1:\d+\/logicnets\/WebAPIExample\/function_1" with the token of profile "TermRequest"/);
    assert.match(text, /GET "http:\/\/127\.0\.0\.1:\d+\/logicnets\/WebAPIExample\/function_1" → 200 for a terminal \(profile "TermRequest"\)/);
    for (const token of server.issued) assert.ok(!text.includes(token), 'an access token reached the log');
    // The window's secret, as the terminal's environment has it.
    const secretFile = join(dir, 'secret.txt');
    terminal.sendText(`printenv OAUTH_JWT_IPC_SECRET > '${secretFile}.tmp' && mv '${secretFile}.tmp' '${secretFile}'`);
    const secret = await eventually(() => (existsSync(secretFile) ? readFileSync(secretFile, 'utf8').trim() : undefined), 'the terminal to print its secret');
    assert.ok(secret.length >= 40);
    assert.ok(!text.includes(secret), 'the handle\'s secret reached the log');
  });
});
