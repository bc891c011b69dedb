/** Machine/application scope in package.json: a workspace cannot turn it on or off. */
export const TERMINAL_ENABLED_SETTING = 'oauthJwt.terminal.enabled';
