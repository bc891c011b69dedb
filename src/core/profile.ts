// CONTRACT STUB — to be implemented (cli helper). Signatures are fixed; see TSDoc.
import type { ExchangeConfig } from './flows';

/** A profile as stored in the `oauthJwt.profiles` setting (SPEC §3): ExchangeConfig plus its name and apiUrl. */
export interface Profile extends ExchangeConfig {
  name: string;
  apiUrl?: string;
}

/**
 * Validates one untrusted profile object (it may come from a checked-in settings file): required
 * `name`, `flow`, `tokenUrl`; every field of the right type; unknown fields ignored; hostile keys
 * (`__proto__`, `constructor`) never copied. PROFILE_INVALID naming the field and the fix.
 */
export declare function parseProfile(value: unknown, index?: number): Profile;

/**
 * Reads `oauthJwt.profiles` from the text of a settings.json (JSONC: comments and trailing commas
 * allowed; size-capped) and returns the profile named `name` (PROFILE_NOT_FOUND listing the names there).
 */
export declare function profileFromSettings(settingsText: string, name: string): Profile;

/** All valid profiles in a settings text, plus one error per invalid one. */
export declare function profilesFromSettings(settingsText: string): { profiles: Profile[]; errors: Error[] };
