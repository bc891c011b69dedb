/** Shared helpers for the extension's real-host tests. */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import type { LoadEngine } from '../../src/vscode/engine';
import { DEFAULT_KEY_SLOT } from '../../src/vscode/keySlots';
import type { Services } from '../../src/vscode/services';
import { activateExtension } from './extensionUnderTest';
import { browser } from './browser';

/** The extension's services, through its test-mode exports. */
export async function services(): Promise<Services> {
  return (await testApi()).services;
}

/** The engine as activate() hands it down (to build another TokenService or KeyRing), through the test-mode exports. */
export async function engine(): Promise<LoadEngine> {
  return (await testApi()).engine;
}

/** The integrated terminals' access to tokens, through the test-mode exports. */
export async function terminalAccess(): Promise<TestApi['terminal']> {
  return (await testApi()).terminal;
}

async function testApi(): Promise<TestApi> {
  const extension = await activateExtension();
  const api = extension.exports as TestApi | undefined;
  assert.ok(api?.services, 'the extension exposes its services in test mode');
  return api;
}

export function workspaceFolder(): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  assert.ok(folder, 'a workspace folder is open');
  return folder;
}

/** Replaces oauthJwt.profiles in the workspace settings and waits until the extension sees them. */
export async function setProfiles(profiles: object[], active?: string): Promise<void> {
  const config = vscode.workspace.getConfiguration('oauthJwt');
  await config.update('profiles', profiles, vscode.ConfigurationTarget.Workspace);
  if (active !== undefined) await config.update('activeProfile', active, vscode.ConfigurationTarget.Workspace);
}

/**
 * Records, as choosing "Send to …" in the prompt would, that each named profile's token URL origin
 * is confirmed for its key (its own slot, else the default slot), its client secret and its access
 * token — and its apiUrl's origin for the token — globally and in this workspace. For the tests
 * about something else than these prompts (test/integration/origins.test.ts is about them). A
 * profile whose token URL is not a URL is skipped: it is refused before any prompt.
 */
export async function confirmOrigins(...names: string[]): Promise<void> {
  const s = await services();
  for (const name of names) {
    const profile = await eventually(() => s.config.profile(name), `profile "${name}" to load`);
    let origin: string;
    try {
      origin = new URL(profile.tokenUrl).origin;
    } catch {
      continue;
    }
    const slot = (await s.secrets.getPrivateKey(name)) !== undefined ? name : DEFAULT_KEY_SLOT;
    await s.trust.remember([{ kind: 'keyOrigins', slot }, { kind: 'secretOrigins', slot: name }, { kind: 'tokenOrigins', slot: name }], origin, true);
    if (profile.apiUrl) await s.trust.remember([{ kind: 'tokenOrigins', slot: name }], new URL(profile.apiUrl).origin, true);
  }
}

/** Polls until `check` returns a truthy value. */
export async function eventually<T>(check: () => T | PromiseLike<T>, what: string, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Every file under the extension's log folder (the LogOutputChannel writes there), concatenated. */
export function logText(s: Services): string {
  const root = s.context.logUri.fsPath;
  const files = (dir: string): string[] => {
    try {
      return readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? files(path) : [path];
      });
    } catch {
      return [];
    }
  };
  return files(root).map((f) => readFileSync(f, 'utf8')).join('\n');
}

/**
 * Waits for a notification holding `text`. With the smoke-test driver on, VS Code keeps
 * notifications out of toasts, so this opens the notification center to read them.
 */
export async function expectNotification(text: string): Promise<string[]> {
  await vscode.commands.executeCommand('notifications.showList');
  try {
    return await browser.waitFor('.notifications-center .notification-list-item', { hasText: text });
  } finally {
    await vscode.commands.executeCommand('notifications.hideList');
  }
}

export async function clearNotifications(): Promise<void> {
  await vscode.commands.executeCommand('notifications.clearAll');
}

/** Answers the input box whose prompt or title holds `prompt`; clears what is prefilled first. */
export async function answerInput(prompt: string, text: string): Promise<void> {
  await browser.waitFor('.quick-input-widget', { hasText: prompt });
  await browser.press('Control+A');
  if (text) await browser.type(text);
  else await browser.press('Backspace');
  await browser.press('Enter');
}

/** Answers one of our confirmation quick picks. */
export async function answerConfirm(question: string, answer: string): Promise<void> {
  await browser.waitFor('.quick-input-widget', { hasText: question });
  await browser.click('.quick-input-list .monaco-list-row', { hasText: answer });
}
