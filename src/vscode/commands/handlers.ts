/** Every command's handler, by id. Part of the lazily loaded features (features.ts). */
import { Command } from '../commandIds';
import type { Services } from '../services';
import { copyJwtClaimsCommand } from './copyJwtClaims';
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

export type Handler = (services: Services, ...args: any[]) => Promise<unknown>;

export const commandHandlers: Record<Command, Handler> = {
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
  [Command.CopyJwtClaims]: copyJwtClaimsCommand,
  [Command.SendTestRequest]: sendTestRequestCommand,
  [Command.ExportPublicJwk]: exportPublicJwkCommand,
  [Command.ForgetSecrets]: forgetSecretsCommand,
  [Command.ShowLog]: async (services) => services.log.show(),
  [Command.StatusBarClick]: statusBarClickCommand,
};

