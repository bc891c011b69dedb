import type * as vscode from 'vscode';
import type { Config } from './config';
import type { KeyRing } from './keyRing';
import type { Log } from './log';
import type { OriginTrust } from './originTrust';
import type { SecretStore } from './secrets';
import type { TokenService } from './tokenService';

/** What command handlers work with; built once in activate(). */
export interface Services {
  context: vscode.ExtensionContext;
  config: Config;
  secrets: SecretStore;
  keys: KeyRing;
  tokens: TokenService;
  /** The origins confirmed for each key, client secret and access token. */
  trust: OriginTrust;
  log: Log;
}
