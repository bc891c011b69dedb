/** The extension's ids, shared by both bundles (no vscode here). */

/** Every command id in one place; package.json contributes the same list (a unit test checks both ways). */
export enum Command {
  GenerateKeyPair = 'oauthJwt.generateKeyPair',
  ImportPrivateKey = 'oauthJwt.importPrivateKey',
  ImportCertificate = 'oauthJwt.importCertificate',
  NewProfile = 'oauthJwt.newProfile',
  SetClientSecret = 'oauthJwt.setClientSecret',
  SelectProfile = 'oauthJwt.selectProfile',
  OpenClaimEditor = 'oauthJwt.openClaimEditor',
  GetAccessToken = 'oauthJwt.getAccessToken',
  CopyAccessToken = 'oauthJwt.copyAccessToken',
  CopyAuthorizationHeader = 'oauthJwt.copyAuthorizationHeader',
  CopyAsCurl = 'oauthJwt.copyAsCurl',
  CopyAsHttp = 'oauthJwt.copyAsHttp',
  DecodeJwt = 'oauthJwt.decodeJwt',
  CopyJwtClaims = 'oauthJwt.copyJwtClaims',
  SendTestRequest = 'oauthJwt.sendTestRequest',
  ExportPublicJwk = 'oauthJwt.exportPublicJwk',
  ForgetSecrets = 'oauthJwt.forgetSecrets',
  ShowLog = 'oauthJwt.showLog',
  CreateCsr = 'oauthJwt.createCsr',
  ShowCertificateDetails = 'oauthJwt.showCertificateDetails',
  RotateKey = 'oauthJwt.rotateKey',
  ActivateNextKey = 'oauthJwt.activateNextKey',
  RetirePreviousKey = 'oauthJwt.retirePreviousKey',
  RollBackKey = 'oauthJwt.rollBackKey',
  StatusBarClick = 'oauthJwt.statusBarClick',
}

/** The claim editor's webview type (package.json's onWebviewPanel activation event names it too). */
export const CLAIM_EDITOR_VIEW_TYPE = 'oauthJwt.claimEditor';

/** Context key: true when at least one valid profile exists. */
export const HAS_PROFILES_CONTEXT = 'oauthJwt.hasProfiles';
