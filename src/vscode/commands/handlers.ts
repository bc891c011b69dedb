/** Every command's handler, by id. Part of the lazily loaded features (features.ts). */
import { Command } from '../commandIds';
import type { Services } from '../services';
import { activateNextKeyCommand } from './activateNextKey';
import { copyJwtClaimsCommand } from './copyJwtClaims';
import { copyAsCurlCommand, copyAsHttpCommand } from './copyRequest';
import { createCsrCommand } from './createCsr';
import { decodeJwtCommand } from './decodeJwt';
import { exportPublicJwkCommand } from './exportPublicJwk';
import { forgetSecretsCommand } from './forgetSecrets';
import { generateKeyPairCommand } from './generateKeyPair';
import { importCertificateCommand } from './importCertificate';
import { importPrivateKeyCommand } from './importPrivateKey';
import { newProfileCommand } from './newProfile';
import { openClaimEditorCommand } from './openClaimEditor';
import { retirePreviousKeyCommand } from './retirePreviousKey';
import { rollBackKeyCommand } from './rollBackKey';
import { rotateKeyCommand } from './rotateKey';
import { selectProfileCommand } from './selectProfile';
import { sendTestRequestCommand } from './sendTestRequest';
import { setClientSecretCommand } from './setClientSecret';
import { showCertificateDetailsCommand } from './showCertificateDetails';
import { copyAccessTokenCommand, copyAuthorizationHeaderCommand, getAccessTokenCommand, statusBarClickCommand } from './tokens';

export type Handler = (services: Services, ...args: any[]) => Promise<unknown>;

export const commandHandlers: Record<Command, Handler> = {
  [Command.GenerateKeyPair]: generateKeyPairCommand,
  [Command.ImportPrivateKey]: importPrivateKeyCommand,
  [Command.ImportCertificate]: importCertificateCommand,
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
  [Command.CreateCsr]: createCsrCommand,
  [Command.ShowCertificateDetails]: showCertificateDetailsCommand,
  [Command.RotateKey]: rotateKeyCommand,
  [Command.ActivateNextKey]: activateNextKeyCommand,
  [Command.RetirePreviousKey]: retirePreviousKeyCommand,
  [Command.RollBackKey]: rollBackKeyCommand,
  [Command.StatusBarClick]: statusBarClickCommand,
};

