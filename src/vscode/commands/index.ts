import * as vscode from 'vscode';
import { Command } from '../commandIds';
import { showError } from '../notify';
import type { Services } from '../services';
import { copyAsCurlCommand, copyAsHttpCommand } from './copyRequest';
import { decodeJwtCommand } from './decodeJwt';
import { exportPublicJwkCommand } from './exportPublicJwk';
import { forgetSecretsCommand } from './forgetSecrets';
import { generateKeyPairCommand } from './generateKeyPair';
import { importPrivateKeyCommand } from './importPrivateKey';
import { newProfileCommand } from './newProfile';
import { openClaimEditorCommand } from './openClaimEditor';
import { selectProfileCommand } from './selectProfile';
import { sendTestRequestCommand } from './sendTestRequest';
import { setClientSecretCommand } from './setClientSecret';
import { copyAccessTokenCommand, copyAuthorizationHeaderCommand, getAccessTokenCommand, statusBarClickCommand } from './tokens';

type Handler = (services: Services, ...args: any[]) => Promise<unknown>;

const handlers: Record<Command, Handler> = {
  [Command.GenerateKeyPair]: generateKeyPairCommand,
  [Command.ImportPrivateKey]: importPrivateKeyCommand,
  [Command.NewProfile]: newProfileCommand,
  [Command.SetClientSecret]: setClientSecretCommand,
  [Command.SelectProfile]: selectProfileCommand,
  [Command.OpenClaimEditor]: openClaimEditorCommand,
  [Command.GetAccessToken]: getAccessTokenCommand,
  [Command.CopyAccessToken]: copyAccessTokenCommand,
  [Command.CopyAuthorizationHeader]: copyAuthorizationHeaderCommand,
  [Command.CopyAsCurl]: copyAsCurlCommand,
  [Command.CopyAsHttp]: copyAsHttpCommand,
  [Command.DecodeJwt]: decodeJwtCommand,
  [Command.SendTestRequest]: sendTestRequestCommand,
  [Command.ExportPublicJwk]: exportPublicJwkCommand,
  [Command.ForgetSecrets]: forgetSecretsCommand,
  [Command.ShowLog]: async (services) => services.log.show(),
  [Command.StatusBarClick]: statusBarClickCommand,
};

/**
 * Registers every command. A failure is shown as a notification with actions and logged; the
 * command then resolves to undefined rather than rejecting, as VS Code would show the raw error.
 */
export function registerCommands(services: Services): vscode.Disposable[] {
  return Object.entries(handlers).map(([id, handler]) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler(services, ...args);
      } catch (error) {
        const profile = typeof args[0] === 'string' ? args[0] : services.config.activeProfile()?.name;
        showError(error, services.log, id.replace('oauthJwt.', ''), profile);
        return undefined;
      }
    }),
  );
}
