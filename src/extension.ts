import * as vscode from 'vscode';
import { OAuthJwtAuthenticationProvider } from './vscode/authProvider';
import { registerClaimEditorLazily } from './vscode/claimEditorRestore';
import { HAS_PROFILES_CONTEXT } from './vscode/commandIds';
import { registerCommands } from './vscode/commands';
import { Config } from './vscode/config';
import type { LoadEngine } from './vscode/engine';
import { EngineLoader } from './vscode/engineLoader';
import { registerJwtInText } from './vscode/jwtInText/jwtInTextProviders';
import { KeyRing } from './vscode/keyRing';
import { Log } from './vscode/log';
import { SANDBOX_PROVISION_ENV } from './shared/sandboxProvision';
import type { OriginTrust } from './vscode/originTrust';
import { SecretStore } from './vscode/secrets';
import type { Services } from './vscode/services';
import { StatusBar } from './vscode/statusBar';
import { TERMINAL_ENABLED_SETTING } from './vscode/terminal/terminalSetting';
import { TerminalSwitch } from './vscode/terminal/terminalSwitch';
import { TokenService } from './vscode/tokenService';

/** Only for the extension's own tests (ExtensionMode.Test): a look into what was stored. */
export interface TestApi {
  services: Services;
  engine: LoadEngine;
  terminal: TerminalSwitch;
}

/** After activation, when the workbench has settled: see EngineLoader.preloadWhenIdle. */
const ENGINE_PRELOAD_DELAY_MS = 3000;

/** Builds the adapters and registers their disposables — nothing else. */
export function activate(context: vscode.ExtensionContext): TestApi | undefined {
  const log = new Log();
  const config = new Config();
  const engine = new EngineLoader();
  const secrets = new SecretStore(context.secrets);
  const keys = new KeyRing(secrets, context.globalState, engine.load);
  // Made on first use (the first exchange or a command that asks), in the engine: activation needs none of it.
  let originTrust: OriginTrust | undefined;
  const trust = () => (originTrust ??= new (engine.load().OriginTrust)(secrets, context.workspaceState, log));
  const tokens = new TokenService(config, secrets, keys, trust, log, engine.load);
  log.timing = tokens.timing;
  const services: Services = { context, config, secrets, keys, tokens, get trust() { return trust(); }, log };
  const statusBar = new StatusBar(config, tokens, keys, context.globalState);
  const terminal = new TerminalSwitch(context, services, engine.load);

  const updateProfiles = () => {
    const { profiles, errors } = config.profiles();
    void vscode.commands.executeCommand('setContext', HAS_PROFILES_CONTEXT, profiles.length > 0);
    for (const error of errors) log.warn('profiles', error.describe());
    statusBar.update();
    const active = config.activeProfile();
    if (active) void tokens.restore(active.name);
  };

  context.subscriptions.push(
    log,
    secrets,
    keys,
    tokens,
    statusBar,
    terminal,
    new OAuthJwtAuthenticationProvider(config, tokens),
    ...registerCommands(services, engine),
    registerClaimEditorLazily(services, engine),
    registerJwtInText(engine.load),
    engine.preloadWhenIdle(ENGINE_PRELOAD_DELAY_MS),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(TERMINAL_ENABLED_SETTING)) void terminal.update();
      if (e.affectsConfiguration('oauthJwt')) updateProfiles();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      updateProfiles();
      void terminal.update();
    }),
    // New credentials (here or in another window) make the old token stale; a token saved by another window is picked up.
    secrets.onDidChange(({ kind, slot }) => {
      if (kind === 'privateKey' || kind === 'clientSecret') void tokens.forgetCached(slot);
      else if (kind === 'token') void tokens.restore(slot);
    }),
  );
  updateProfiles();
  // A previous key past oauthJwt.retirePreviousKeyAfterDays is retired (global state and SecretStorage only: no engine).
  void keys.retirePreviousOlderThan(config.retirePreviousKeyAfterDays(), Date.now()).then(
    (slots) => slots.length > 0 && log.info('keys', `previous keys retired after ${config.retirePreviousKeyAfterDays()} days: ${slots.join(', ')}`),
    (error: unknown) => log.warn('keys', `retiring previous keys failed: ${String((error as Error)?.message ?? error)}`),
  );
  // After activation: the terminals' access (dist/terminal.js) is loaded then, when it is wanted.
  setTimeout(() => void terminal.update(), 0);
  // Only `npm start` sets this (an Extension Development Host); the import itself lives in the engine.
  if (process.env[SANDBOX_PROVISION_ENV] && context.extensionMode === vscode.ExtensionMode.Development) void engine.load().importSandboxSecrets(services);
  return context.extensionMode === vscode.ExtensionMode.Test ? { services, engine: engine.load, terminal } : undefined;
}

export function deactivate(): void {}
