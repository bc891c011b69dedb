import { msg } from '../errors';
import type { ExchangeConfig } from '../exchangeConfig';
import { spkiSha256Base64, type PrivateKey } from '../keys';
import type { Provider } from './provider';
import { nonEmpty } from './questions';
import { localizable } from '../../shared/l10n';

/** What iss says before a key is chosen (the claim editor without a key). */
export const FINGERPRINT_PLACEHOLDER = '<SHA-256 of the public key>';

/**
 * Snowflake's account part of iss and sub: upper case, and "if you are using the account locator,
 * exclude any region information from the account locator" (the part after the first dot).
 */
export function snowflakeAccount(account: string): string {
  return account.trim().split('.')[0]!.toUpperCase();
}

/** `ACCOUNT.USER` (sub) and `ACCOUNT.USER.SHA256:<fingerprint>` (iss), "all uppercase" as Snowflake requires. */
export function snowflakeClaims(config: Pick<ExchangeConfig, 'account' | 'user'>, key: PrivateKey | undefined): { iss: string; sub: string } {
  const sub = `${snowflakeAccount(config.account ?? '')}.${(config.user ?? '').trim().toUpperCase()}`;
  return { sub, iss: `${sub}.SHA256:${key ? spkiSha256Base64(key) : FINGERPRINT_PLACEHOLDER}` };
}

/**
 * Snowflake key-pair authentication (SQL API / REST APIs, "Generate a JWT token"): RS256; iss =
 * ACCOUNT.USER.SHA256:fingerprint, sub = ACCOUNT.USER, iat, exp at most one hour after; requests carry
 * X-Snowflake-Authorization-Token-Type: KEYPAIR_JWT.
 */
export const snowflake: Provider = {
  id: 'snowflake',
  label: 'Snowflake key-pair authentication',
  detail: localizable('self-signed RS256 JWT with the key\'s fingerprint, no exchange'),
  flow: 'self-signed',
  needsClientSecret: false,
  lifetimeSeconds: 3600,
  maxLifetimeSeconds: 3600,
  keyTypes: ['rsa'],
  apiHeaders: { 'X-Snowflake-Authorization-Token-Type': 'KEYPAIR_JWT' },
  questions: [
    { id: 'account', prompt: localizable('Account identifier (ORGNAME-ACCOUNTNAME, or the account locator)'), placeholder: 'MYORG-MYACCOUNT', validate: (v) => (/^[A-Za-z0-9_.-]+$/.test(v.trim()) ? undefined : localizable('Enter the account identifier, like MYORG-MYACCOUNT.')) },
    { id: 'user', prompt: localizable('Snowflake user the public key is assigned to'), validate: nonEmpty(localizable('The user is required.')) },
  ],
  build: (a) => {
    const base = `https://${a.account.trim().toLowerCase()}.snowflakecomputing.com`;
    return { flow: 'self-signed', provider: 'snowflake', tokenUrl: base, apiUrl: `${base}/api/v2/statements`, account: a.account.trim(), user: a.user.trim(), algorithm: 'RS256', lifetimeSeconds: 3600 };
  },
  recognize: ({ flow, host }) => (flow === 'self-signed' && host.endsWith('.snowflakecomputing.com') ? 'host' : undefined),
  claimDefaults: (config, key) => snowflakeClaims(config, key),
  rules({ header, payload, report }) {
    if (header.alg !== 'RS256') report.error('alg', msg('Snowflake key-pair authentication uses RS256 (an RSA key).'));
    if (typeof payload.iss !== 'string' || !/^[^.]+\.[^.]+\.SHA256:/.test(payload.iss)) report.error('iss', msg('Snowflake wants iss = ACCOUNT.USER.SHA256:<fingerprint>: set the profile\'s account and user.'));
  },
};
