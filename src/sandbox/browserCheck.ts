/**
 * Checks `npm start` the way a newcomer uses it, in a real browser: starts the sandbox with
 * code-server (`npm start -- --editor code-server`), opens the printed URL in Chromium, gets a
 * token for every sandbox profile by selecting it and clicking the status bar item, calls the API
 * of every profile that names one with Send Test Request (200 each), opens key generation, saves screenshots (the
 * ones in docs/), then stops the sandbox with SIGINT (as Ctrl-C does) and checks that everything
 * it started is gone.
 *
 *   npm run start:check [-- OUTPUT_DIR]     (screenshots; default .sandbox/screenshots)
 *
 * Needs Chromium at /usr/bin/chromium (apt-get install chromium; the host tests install it too).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { SANDBOX_API_PROFILES, SANDBOX_PROFILE_NAMES, SANDBOX_STOPPED } from './identitySandbox';

const repoRoot = resolve(__dirname, '..', '..', '..');
const CHROMIUM = '/usr/bin/chromium';
const outDir = resolve(process.argv[2] ?? join(repoRoot, '.sandbox', 'screenshots'));
const t0 = performance.now();
const ms = (from = t0) => `${Math.round(performance.now() - from)} ms`;

function startSandbox(): Promise<{ url: string; pid: number; exited: Promise<number | null>; output(): string }> {
  // Exactly what a newcomer types (npm start), so npm's own environment reaches the sandbox and
  // any install it starts, as it does for them; code-server even where `code` exists.
  const child = spawn('npm', ['start', '--', '--editor', 'code-server'], { cwd: repoRoot, detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  let text = '';
  const output = () => text;
  return new Promise((resolveStart, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      process.stdout.write(chunk.replace(/^(?=.)/gm, '  | '));
      text += chunk;
      const url = /^\s+(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)$/m.exec(text)?.[1];
      if (url) resolveStart({ url, pid: child.pid!, exited, output });
    });
    void exited.then((code) => reject(new Error(`npm start's sandbox exited early (code ${code})`)));
  });
}

async function runCommand(page: Page, title: string): Promise<void> {
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  // Commands show in the palette once the extension host has registered them: retry.
  for (let attempt = 0; ; attempt++) {
    await page.keyboard.press('F1');
    await page.keyboard.type(title);
    try {
      await row.waitFor({ timeout: 3000 });
      break;
    } catch (error) {
      await page.keyboard.press('Escape');
      if (attempt === 10) throw error;
    }
  }
  await page.keyboard.press('Enter');
}

/** Select Active Profile → `profile` (typed first: the list shows only the rows that fit). */
async function selectProfile(page: Page, profile: string): Promise<void> {
  await runCommand(page, 'OAuth JWT: Select Active Profile');
  // The palette's box closes as this one opens: wait for this one's placeholder before typing.
  await page.locator('.quick-input-box input[placeholder="Select the active profile"]').first().waitFor();
  await page.keyboard.type(profile);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: profile }).first().click();
}

async function tokenFor(page: Page, profile: string): Promise<string> {
  await selectProfile(page, profile);
  const item = page.locator('.statusbar-item', { hasText: new RegExp(`^\\s*${profile}\\s*$`) }).first();
  await item.waitFor({ timeout: 10_000 });
  const started = performance.now();
  await item.click();
  const done = page.locator('.statusbar-item', { hasText: new RegExp(`^\\s*${profile} \\d+(:\\d\\d)+\\s*$`) }).first();
  await done.waitFor({ timeout: 30_000 });
  return `${(await done.innerText()).trim()} (after ${ms(started)})`;
}

/**
 * Selects `profile`, runs Send Test Request, accepts the API URL the profile names, and returns the
 * log's "[test-request] GET <that URL> → status" line (the answer shows as a notification and in
 * the log: the log stays).
 */
async function sendTestRequest(page: Page, profile: string): Promise<string> {
  await selectProfile(page, profile);
  await page.locator('.statusbar-item', { hasText: new RegExp(`^\\s*${profile} \\d`) }).first().waitFor();
  await runCommand(page, 'OAuth JWT: Send Test Request');
  await page.locator('.quick-input-title', { hasText: `Send Test Request with "${profile}"` }).waitFor();
  // Accept the API URL the profile names, once the box shows it.
  const input = page.locator('.quick-input-box input').first();
  for (let i = 0; !/^https?:\/\//.test(await input.inputValue()); i++) {
    if (i === 40) throw new Error(`the Send Test Request box never showed the API URL of ${profile}`);
    await page.waitForTimeout(250);
  }
  const api = new URL(await input.inputValue());
  await input.press('Enter');
  // Under load the first Enter can land before the box takes keys: press again while it stays open.
  const box = page.locator('.quick-input-widget', { hasText: 'Send Test Request with' });
  for (let i = 0; await box.isVisible(); i++) {
    if (i === 20) throw new Error('the Send Test Request box did not accept Enter');
    await page.waitForTimeout(250);
    if (await box.isVisible()) await input.press('Enter').catch(() => undefined);
  }
  // The panel wraps long lines (a space where it broke): any character of the URL may be followed by one.
  const escaped = [...`${api.origin}${api.pathname}`].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join(' ?');
  return waitForText(page, '.part.panel', new RegExp(`\\[test-request\\] (GET ${escaped} → \\d+)`), 30_000);
}

/** Polls the text of `selector` (white space normalised: Monaco renders spaces as U+00A0 and wraps lines) until `pattern` matches; returns group 1. */
async function waitForText(page: Page, selector: string, pattern: RegExp, timeoutMs = 15_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const texts = await page.locator(selector).allInnerTexts();
    const match = pattern.exec(texts.join('\n').replace(/\s+/g, ' '));
    if (match) return match[1]!;
    if (Date.now() > end) throw new Error(`no ${pattern} in ${selector} within ${timeoutMs} ms: ${JSON.stringify(texts.join("\n").slice(-300))}`);
    await page.waitForTimeout(250);
  }
}

async function portClosed(url: string): Promise<boolean> {
  const { port } = new URL(url);
  return new Promise((done) => {
    const socket = connect(Number(port), '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); done(false); });
    socket.once('error', () => done(true));
  });
}

/** True once no process is left in the process group `pgid` (polled for up to 5 s). */
async function processGroupGone(pgid: number): Promise<boolean> {
  for (const end = Date.now() + 5000; Date.now() < end; await new Promise((done) => setTimeout(done, 100))) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return true;
    }
  }
  return false;
}

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (only this check needs a browser, not npm start)`);
  mkdirSync(outDir, { recursive: true });
  const sandbox = await startSandbox();
  console.log(`sandbox and code-server up after ${ms()}`);
  const profileDir = mkdtempSync(join(tmpdir(), 'oauth-jwt-start-check-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 720 },
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-dev-shm-usage', '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'],
    env: { ...process.env, HOME: profileDir },
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const opened = performance.now();
    await page.goto(sandbox.url);
    await page.locator('.statusbar-item', { hasText: SANDBOX_PROFILE_NAMES.workfront }).first().waitFor({ timeout: 60_000 });
    console.log(`workbench with the status bar item after ${ms(opened)} in the browser`);

    // The settings the sandbox wrote, beside the first token.
    await page.keyboard.press('Control+P');
    await page.keyboard.type('settings.json');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'settings.json' }).first().waitFor();
    await page.keyboard.press('Enter');
    for (const profile of Object.values(SANDBOX_PROFILE_NAMES)) {
      console.log(`${profile}: ${await tokenFor(page, profile)}`);
      if (profile === SANDBOX_PROFILE_NAMES.workfront) {
        await page.locator('.statusbar-item', { hasText: new RegExp(`^\\s*${profile} \\d`) }).first().hover();
        await page.locator('.monaco-hover', { hasText: 'Token expires' }).first().waitFor({ timeout: 5000 }).catch(() => undefined);
        await page.screenshot({ path: join(outDir, 'status-bar.png') });
        await page.mouse.move(640, 300);
      }
    }

    // Send Test Request with every profile that names an API (LogicNets last: its screenshot is in docs/).
    const withApi = [...SANDBOX_API_PROFILES.filter((p) => p !== SANDBOX_PROFILE_NAMES.logicnets), SANDBOX_PROFILE_NAMES.logicnets];
    await runCommand(page, 'OAuth JWT: Show Log');
    for (const profile of withApi) {
      const answer = await sendTestRequest(page, profile);
      console.log(`Send Test Request with ${profile}: ${answer}`);
      if (!answer.endsWith('→ 200')) throw new Error(`${profile}: the API answered ${answer}`);
    }
    await page.mouse.move(640, 300);
    await page.screenshot({ path: join(outDir, 'send-test-request.png') });

    // Key generation starts with the choice of key type (nothing is generated: Escape).
    await runCommand(page, 'OAuth JWT: Generate Key Pair and Certificate');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'RSA 2048' }).first().waitFor();
    await page.screenshot({ path: join(outDir, 'key-generation.png') });
    await page.keyboard.press('Escape');
  } catch (error) {
    await context.pages()[0]?.screenshot({ path: join(outDir, 'failure.png') }).catch(() => undefined);
    process.kill(-sandbox.pid, 'SIGINT');
    throw error;
  } finally {
    await context.close();
    rmSync(profileDir, { recursive: true, force: true });
  }

  const stopping = performance.now();
  process.kill(-sandbox.pid, 'SIGINT');
  // npm itself ends by the signal, as it does at a terminal's Ctrl-C; the sandbox under it must
  // stop everything and say so.
  await sandbox.exited;
  const left = await processGroupGone(sandbox.pid);
  const closed = await portClosed(sandbox.url);
  const said = sandbox.output().includes(SANDBOX_STOPPED);
  console.log(`SIGINT: npm start ended after ${ms(stopping)}; the sandbox ${said ? 'said it stopped everything' : 'DID NOT SAY IT STOPPED'}; code-server's port ${closed ? 'is closed' : 'STILL ANSWERS'}; ${left ? 'no process of its group is left' : 'PROCESSES OF ITS GROUP ARE STILL RUNNING'}`);
  if (!said || !closed || !left) throw new Error('npm start did not stop cleanly');
  console.log(`start:check passed in ${ms()}; screenshots in ${outDir}`);
}

main().catch((error: unknown) => {
  console.error(`start:check failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
