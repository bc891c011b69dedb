import type { Localizable } from '../../shared/l10n';
import type { ExchangeConfig } from '../exchangeConfig';
import type { Message } from '../errors';
import type { FlowId } from '../flowIds';
import type { JsonObject } from '../jsonObject';
import type { KeyType, PrivateKey } from '../keys';
import type { Profile } from '../profile';
import type { CertificateInfo } from '../x509';

/** One question a provider asks when a profile is created. */
export interface ProviderQuestion {
  id: string;
  /** Marked for translation: the extension shows it in the user's language, the CLI never asks. */
  prompt: Localizable;
  placeholder?: string;
  /** Optional questions may be left empty. */
  optional?: boolean;
  /** A value the user can accept as is. */
  defaultValue?: string;
  /** Returns an error message, or undefined when the answer is acceptable. */
  validate?: (value: string) => Localizable | undefined;
}

/** What recognition looks at: the profile's flow and its token URL's host (lower case) and path. */
export interface ProfileTarget {
  flow: FlowId;
  host: string;
  path: string;
}

/**
 * How surely a provider recognises a profile: by a flow only it uses, by the token URL's host, or
 * by its path. The strongest wins; among equals, the first in the table.
 */
export type Recognition = 'flow' | 'host' | 'path';

/** The assertion a provider's rules look at, and where they report. */
export interface RuleInput {
  header: JsonObject;
  payload: JsonObject;
  method?: 'GET' | 'POST';
  /** The audience as the profile gives it (an array only when the profile says so). */
  profileAudience?: string | string[];
  /** The token URL and the scope request parameter, when the checks know the profile. */
  tokenUrl?: string;
  scope?: string;
  /** Messages marked with msg('…') so the extension shows them translated. */
  report: { error(field: string, message: string | Message): void; warn(field: string, message: string | Message): void };
}

/**
 * A provider (SPEC §7): how it is recognised, what New Profile asks and builds, the rules checked
 * before every send, the header members it adds, the key types and lifetime it accepts. One
 * object per file in this folder, collected in ./index.ts.
 */
export interface Provider {
  id: string;
  /** The product's name, the same in every language. */
  label: string;
  /** Marked for translation (localizable('…')). */
  detail: Localizable;
  flow: FlowId;
  questions: ProviderQuestion[];
  /** Builds the profile fields from the answers (keyed by question id). */
  build(answers: Record<string, string>): Omit<Profile, 'name'>;
  /** Whether the flow sends a client secret (asked for after the profile is saved). */
  needsClientSecret: boolean;
  /** Lifetime the profile starts with. */
  lifetimeSeconds: number;
  /** Longest `exp - iat` the provider documents as accepted, in seconds (longer is an error). */
  maxLifetimeSeconds?: number;
  /**
   * Its documented maxLifetimeSeconds applies instead of the user-level cap
   * (oauthJwt.maxAssertionLifetimeSeconds): Sign in with Apple's client secret is meant to last
   * months. Its own rules still hold (aud, alg, kid), so the long JWT is good only where the preset says.
   */
  lifetimeBeyondUserCap?: boolean;
  /** Longest `exp - iat` the provider recommends, where it documents no limit (longer is a warning). */
  recommendedLifetimeSeconds?: number;
  /** The key types it accepts; any signing key when absent. */
  keyTypes?: readonly KeyType[];
  /** Whether (and how surely) a profile is this provider's. */
  recognize?(target: ProfileTarget): Recognition | undefined;
  /** The provider of last resort for profiles of this flow that no provider recognises. */
  fallbackFor?: FlowId;
  /** Its own rules on the assertion about to be signed, beyond the common ones (checks.ts). */
  rules?(input: RuleInput): void;
  /**
   * Header members it adds unless the header sets them (Entra: the certificate's x5t#S256). Without
   * a certificate it adds nothing, or with `placeholders` a text saying what goes there.
   */
  decorateHeader?(header: JsonObject, certificate: CertificateInfo | undefined, options: { placeholders: boolean; key?: PrivateKey; config?: ExchangeConfig }): JsonObject;
  /**
   * Claims it derives from the profile (and the key), over the flow's defaults and under the
   * profile's own `claims` (Snowflake: iss with the key's fingerprint). Without a key, or with
   * `placeholders`, a text saying what goes there.
   */
  claimDefaults?(config: ExchangeConfig, key: PrivateKey | undefined): JsonObject;
  /** Headers every request that presents its token carries (Snowflake: X-Snowflake-Authorization-Token-Type). */
  apiHeaders?: Readonly<Record<string, string>>;
  /** The algorithm it signs with when the profile names none (before the key's default). */
  algorithm?(config: ExchangeConfig): string | undefined;
  /** The `aud` it expects when the profile gives no audience (else the flow's default, the token URL). */
  defaultAudience?(tokenUrl: string): string | undefined;
  /** Claims made at signing from the stamped ones (Entra: `nbf` = `iat`); the profile's claims win. */
  claimsAtSigning?(claims: JsonObject): JsonObject;
  /** Request parameters it needs beyond the flow's (Entra, Keycloak: client_id); a profile's `params` win. */
  requestParameters?(config: ExchangeConfig): [string, string][];
  /** What to do about an RFC 6749 §5.2 error code, where this provider knows better than the flow. */
  errorHint?(error: string): Message | undefined;
}
