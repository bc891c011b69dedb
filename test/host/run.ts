/**
 * Runs the integration tests inside a real VS Code extension host, offline: code-server (VS Code's
 * web build with a Node extension host) opened in Debian's Chromium through playwright-core, one
 * session per suite of suites.ts. See test/host/README.md.
 *
 *   node out/test/host/run.js [suite …]      (default: every suite)
 *
 * Environment: OAUTH_JWT_HOST_TIMEOUT_S (whole run, default 600), OAUTH_JWT_HOST_VERBOSE=1 (print
 * the workbench's own log lines too), OAUTH_JWT_TEST_* (passed on to the extension host).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { format } from 'node:util';
import { chromium, type BrowserContext } from 'playwright-core';
import { startBrowserControl, type BrowserControl } from './browserControl';
import { startCodeServer, type CodeServer } from './codeServer';
import { HostLog, type SuiteCounts } from './hostLog';
import { BROWSER_ENV, defaultHostSuites, forwardedEnvironment, SUITE_ENV, suiteNamed, type HostSuite } from './suites';
import { ensureToolchain, type Toolchain } from './toolchain';

const repoRoot = resolve(__dirname, '..', '..', '..');
const artifactsDir = join(repoRoot, '.test-tmp', 'host');
const timeoutSeconds = Number(process.env.OAUTH_JWT_HOST_TIMEOUT_S ?? 600);
const verbose = process.env.OAUTH_JWT_HOST_VERBOSE === '1';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  // Nothing but loopback resolves: the workbench cannot reach the internet.
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
];

/** Things to undo when the run ends, however it ends. */
const cleanups = new Set<() => Promise<void> | void>();

async function cleanUp(): Promise<void> {
  const pending = [...cleanups].reverse();
  cleanups.clear();
  for (const cleanup of pending) {
    try {
      await cleanup();
    } catch (error) {
      console.error('cleanup failed:', error);
    }
  }
}

class Deadline {
  readonly #end = Date.now() + timeoutSeconds * 1000;
  remainingMs(): number {
    return Math.max(0, this.#end - Date.now());
  }
  expired<T>(): Promise<T> {
    return new Promise((_resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`TIMEOUT: the host tests did not finish within ${timeoutSeconds} s (OAUTH_JWT_HOST_TIMEOUT_S)`)),
        this.remainingMs(),
      );
      cleanups.add(() => clearTimeout(timer));
    });
  }
}

const seconds = (from: number) => `${((performance.now() - from) / 1000).toFixed(1)} s`;

/** The variables the extension host gets on top of code-server's own environment. */
function hostEnvironment(suite: HostSuite, control: BrowserControl): Record<string, string> {
  return { ...forwardedEnvironment(process.env), [SUITE_ENV]: suite.name, [BROWSER_ENV]: control.url };
}

function workbenchUrl(port: number, workspace: string, environment: Record<string, string>): string {
  const remote = (path: string) => `vscode-remote://127.0.0.1:${port}${path}`;
  const payload = [
    ['extensionDevelopmentPath', remote(repoRoot)],
    ['extensionTestsPath', remote(join(repoRoot, 'out', 'test', 'integration', 'index.js'))],
    ['extensionEnvironment', JSON.stringify(environment)],
    ['skipWelcome', 'true'],
    ['skipReleaseNotes', 'true'],
  ];
  return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** One host session: returns the suite's exit code and its counts. */
async function runSuite(suite: HostSuite, toolchain: Toolchain, deadline: Deadline): Promise<{ code: number; counts: SuiteCounts | undefined }> {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), `oauth-jwt-host-${suite.name}-`));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  cleanups.add(removeDir);
  process.once('exit', removeDir); // even if the driver itself crashes
  const workspace = join(dir, 'workspace');
  mkdirSync(workspace);
  const log = new HostLog(join(artifactsDir, `${suite.name}.log`), verbose);

  console.log(`\n=== host suite "${suite.name}" (${suite.trusted ? 'trusted workspace' : 'Restricted Mode'}) ===`);
  const server: CodeServer = await startCodeServer({ toolchain, dir, trusted: suite.trusted, locale: suite.locale, onOutput: (line) => log.server(line) });
  cleanups.add(() => server.stop());
  process.once('exit', () => server.stop()); // even if the driver itself crashes
  console.log(`code-server listening on 127.0.0.1:${server.port} after ${seconds(started)}`);

  const context: BrowserContext = await chromium.launchPersistentContext(join(dir, 'chromium-profile'), {
    executablePath: toolchain.chromium,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
    // Chromium keeps its crash database under HOME: keep it in the session's folder too.
    env: { ...process.env, HOME: join(dir, 'home'), XDG_CONFIG_HOME: join(dir, 'home', '.config'), XDG_CACHE_HOME: join(dir, 'home', '.cache') },
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  cleanups.add(() => context.close());
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (message) => log.browser(`[console.${message.type()}] ${message.text()}`));
  page.on('pageerror', (error) => log.browser(`[pageerror] ${error.message}`));

  const control = await startBrowserControl(page, artifactsDir);
  cleanups.add(() => control.close());

  const exitCode = new Promise<number>((resolveExit) => {
    void page.exposeFunction('codeAutomationExit', (code: number) => resolveExit(Number(code)));
  });
  let hostReady = false;
  await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
    const line = format(...(Array.isArray(args) ? args : [args]));
    if (!hostReady && log.isTestOutput(line)) {
      hostReady = true;
      console.log(`workbench and extension host ready after ${seconds(started)}`);
    }
    log.automation(type, line);
  });
  const crashed = new Promise<never>((_resolve, reject) => page.once('crash', () => reject(new Error('the workbench page crashed'))));
  const serverGone = server.exited.then((why): never => {
    throw new Error(why);
  });

  await page.goto(workbenchUrl(server.port, workspace, hostEnvironment(suite, control)));
  try {
    const code = await Promise.race([exitCode, crashed, serverGone, deadline.expired<never>()]);
    if (code !== 0) await saveScreenshot(page, suite);
    console.log(`suite "${suite.name}" exited with ${code} after ${seconds(started)}`);
    return { code, counts: log.counts };
  } catch (error) {
    console.log(`suite "${suite.name}" failed: ${error instanceof Error ? error.message : String(error)}`);
    await saveScreenshot(page, suite);
    return { code: 1, counts: log.counts };
  } finally {
    await cleanUp();
    log.close();
  }
}

async function saveScreenshot(page: { screenshot(options: { path: string; timeout: number }): Promise<unknown> }, suite: HostSuite) {
  const path = join(artifactsDir, `${suite.name}-failure.png`);
  try {
    await page.screenshot({ path, timeout: 10_000 });
    console.log(`screenshot of the workbench: ${path}; full log: ${join(artifactsDir, `${suite.name}.log`)}`);
  } catch {
    // the page may be gone
  }
}

async function main(): Promise<number> {
  const started = performance.now();
  const suites = process.argv.length > 2 ? process.argv.slice(2).map(suiteNamed) : defaultHostSuites;
  const deadline = new Deadline();
  const toolchain = ensureToolchain(repoRoot);
  console.log(`toolchain ready after ${seconds(started)}`);
  rmSync(artifactsDir, { recursive: true, force: true });
  mkdirSync(artifactsDir, { recursive: true });

  let failed = 0;
  let ran = 0;
  const total = { passed: 0, failed: 0, pending: 0 };
  for (const suite of suites) {
    const { code, counts } = await runSuite(suite, toolchain, deadline);
    ran++;
    if (code !== 0) failed++;
    total.passed += counts?.passed ?? 0;
    total.failed += counts?.failed ?? (code !== 0 ? 1 : 0);
    total.pending += counts?.pending ?? 0;
    if (deadline.remainingMs() === 0) break;
  }
  const notRun = suites.length - ran;
  console.log(`\nhost tests took ${seconds(started)}; ${failed} of ${suites.length} suites failed${notRun ? `, ${notRun} not run` : ''}`);
  console.log(`host: ${total.passed} passed, ${total.failed} failed, ${total.pending} skipped`);
  return failed === 0 && notRun === 0 ? 0 : 1;
}

for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the host tests`);
    void cleanUp().finally(() => process.exit(code));
  });
}

main().then(
  (code) => cleanUp().then(() => process.exit(code)),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    return cleanUp().then(() => process.exit(1));
  },
);
