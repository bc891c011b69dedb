import { type Message, msg, OAuthJwtError } from './errors';
import { DEFAULT_TOKEN_URLS, FLOW_IDS, type FlowId } from './flowIds';
import type { ExchangeConfig } from './exchangeConfig';
import { THUMBPRINTS, type Thumbprint } from './thumbprints';
import { parseJsonc } from './jsonc';
import type { JsonObject } from './jsonObject';
import { isPlainObject } from './plainObject';

/** A profile as stored in the `oauthJwt.profiles` setting (SPEC §3): ExchangeConfig plus its name and apiUrl. */
export interface Profile extends ExchangeConfig {
  name: string;
  apiUrl?: string;
}

export const PROFILES_SETTING = 'oauthJwt.profiles';

/** Object keys that could change a prototype or shadow built-ins when copied. */
const HOSTILE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const STRING_FIELDS = ['provider', 'clientId', 'issuer', 'subject', 'algorithm', 'keyId', 'scope', 'apiUrl', 'account', 'user', 'discoveryUrl'] as const;

/**
 * Validates one untrusted profile object (it may come from a checked-in settings file): required
 * `name`, `flow`, `tokenUrl`; every field of the right type; unknown fields ignored; hostile keys
 * (`__proto__`, `constructor`) never copied. PROFILE_INVALID naming the field and the fix.
 * Only own properties are read, so nothing can be inherited through a replaced prototype.
 */
export function parseProfile(value: unknown, index?: number): Profile {
  const where = index === undefined ? msg('The profile') : msg('Profile #{0} in {1}', index + 1, PROFILES_SETTING);
  if (!isPlainObject(value)) throw invalid(msg('{0} is not an object.', where));
  const nameValue = own(value, 'name');
  if (typeof nameValue !== 'string' || nameValue.trim() === '') throw invalid(msg('{0} has no "name" (a non-empty string is required).', where));
  const name = nameValue.trim();
  const label = msg('Profile "{0}"', name);
  const field = (key: string, expected: string | Message) => invalid(msg('{0}: "{1}" must be {2}.', label, key, expected));

  const flow = own(value, 'flow');
  if (typeof flow !== 'string' || !FLOW_IDS.includes(flow as FlowId)) throw field('flow', msg('one of {0}', FLOW_IDS.join(', ')));
  const tokenUrl = own(value, 'tokenUrl') ?? DEFAULT_TOKEN_URLS[flow as FlowId];
  if (typeof tokenUrl !== 'string' || tokenUrl.trim() === '') throw field('tokenUrl', msg('the token endpoint URL (a non-empty string)'));

  const profile: Profile = { name, flow: flow as FlowId, tokenUrl: tokenUrl.trim() };
  for (const key of STRING_FIELDS) {
    const v = own(value, key);
    if (v === undefined || v === null || v === '') continue;
    if (typeof v !== 'string') throw field(key, msg('a string'));
    profile[key] = v;
  }

  const method = own(value, 'method');
  if (method !== undefined && method !== null && method !== '') {
    const upper = typeof method === 'string' ? method.toUpperCase() : undefined;
    if (upper !== 'GET' && upper !== 'POST') throw field('method', msg('"POST" or "GET"'));
    profile.method = upper;
  }

  const thumbprint = own(value, 'thumbprint');
  if (thumbprint !== undefined && thumbprint !== null && thumbprint !== '') {
    if (!THUMBPRINTS.includes(thumbprint as Thumbprint)) throw field('thumbprint', THUMBPRINTS.map((t) => `"${t}"`).join(' or '));
    profile.thumbprint = thumbprint as Thumbprint;
  }

  const audience = own(value, 'audience');
  if (audience !== undefined && audience !== null && audience !== '') {
    if (typeof audience === 'string') profile.audience = audience;
    else if (Array.isArray(audience) && audience.length > 0 && audience.every((a) => typeof a === 'string' && a !== '')) profile.audience = [...audience];
    else throw field('audience', msg('a string or a non-empty array of strings'));
  }

  // A number is what GitHub shows for an installation id; kept as the digits.
  const installationId = own(value, 'installationId');
  if (installationId !== undefined && installationId !== null && installationId !== '') {
    if ((typeof installationId !== 'string' && typeof installationId !== 'number') || !/^\d{1,20}$/.test(String(installationId))) {
      throw field('installationId', msg('the installation\'s number (digits only, from the app\'s installation URL …/installations/NUMBER)'));
    }
    profile.installationId = String(installationId);
  }

  const dpop = own(value, 'dpop');
  if (dpop !== undefined && dpop !== null) {
    if (typeof dpop !== 'boolean') throw field('dpop', msg('true or false'));
    if (dpop) profile.dpop = true;
  }

  const mtls = own(value, 'mtls');
  if (mtls !== undefined && mtls !== null) {
    if (typeof mtls !== 'boolean') throw field('mtls', msg('true or false'));
    if (mtls) profile.mtls = true;
  }
  const auth = own(value, 'tokenEndpointAuth');
  if (auth !== undefined && auth !== null && auth !== '') {
    if (auth !== 'private_key_jwt' && auth !== 'self_signed_tls_client_auth' && auth !== 'tls_client_auth') throw field('tokenEndpointAuth', msg('"private_key_jwt", "self_signed_tls_client_auth" or "tls_client_auth"'));
    profile.tokenEndpointAuth = auth;
  }

  const lifetime = own(value, 'lifetimeSeconds');
  if (lifetime !== undefined && lifetime !== null) {
    if (typeof lifetime !== 'number' || !Number.isInteger(lifetime) || lifetime <= 0) throw field('lifetimeSeconds', msg('a positive whole number of seconds'));
    profile.lifetimeSeconds = lifetime;
  }

  for (const key of ['header', 'claims'] as const) {
    const v = own(value, key);
    if (v === undefined || v === null) continue;
    if (!isPlainObject(v)) throw field(key, msg('a JSON object'));
    profile[key] = copyJson(v, msg('{0}: "{1}"', label, key)) as JsonObject;
  }

  const params = own(value, 'params');
  if (params !== undefined && params !== null) {
    if (!isPlainObject(params)) throw field('params', msg('an object of request parameter names to string values'));
    const copy: Record<string, string> = {};
    for (const [k, v] of Object.entries(params)) {
      checkKey(k, msg('{0}: "params"', label));
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') throw field(`params.${k}`, msg('a string'));
      copy[k] = String(v);
    }
    profile.params = copy;
  }
  return profile;
}

/** All valid profiles in a settings text, plus one error per invalid one. */
export function profilesFromSettings(settingsText: string): { profiles: Profile[]; errors: OAuthJwtError[] } {
  const settings = parseJsonc(settingsText, msg('The settings file'));
  if (!isPlainObject(settings)) throw new OAuthJwtError('INVALID_JSON', msg('The settings file is not a JSON object.'), msg('Fix the settings file.'));
  const list = own(settings, PROFILES_SETTING);
  if (list === undefined) return { profiles: [], errors: [] };
  if (!Array.isArray(list)) throw invalid(msg('"{0}" must be an array of profiles.', PROFILES_SETTING));
  return parseProfiles(list);
}

/**
 * Validates every entry of an `oauthJwt.profiles` array: the valid profiles, plus one error per
 * invalid entry or repeated name (the first profile of a name wins).
 */
export function parseProfiles(list: readonly unknown[]): { profiles: Profile[]; errors: OAuthJwtError[] } {
  const profiles: Profile[] = [];
  const errors: OAuthJwtError[] = [];
  // A set, not a search of the list so far: 20 000 profiles took seconds (quadratic).
  const names = new Set<string>();
  list.forEach((entry, index) => {
    try {
      const profile = parseProfile(entry, index);
      if (names.has(profile.name)) {
        errors.push(new OAuthJwtError('PROFILE_INVALID', msg('Two profiles are named "{0}"; the second is ignored.', profile.name), msg('Give every profile its own name.')));
      } else {
        names.add(profile.name);
        profiles.push(profile);
      }
    } catch (error) {
      errors.push(error instanceof OAuthJwtError ? error : invalid(msg('Profile #{0} is invalid.', index + 1)));
    }
  });
  return { profiles, errors };
}

/**
 * Reads `oauthJwt.profiles` from the text of a settings.json (JSONC: comments and trailing commas
 * allowed; size-capped) and returns the profile named `name` (PROFILE_NOT_FOUND listing the names there).
 */
export function profileFromSettings(settingsText: string, name: string): Profile {
  const { profiles, errors } = profilesFromSettings(settingsText);
  const found = profiles.find((p) => p.name === name);
  if (found) return found;
  const broken = errors.find((e) => e.message.includes(`"${name}"`));
  if (broken) throw broken;
  const names = profiles.map((p) => `"${p.name}"`).join(', ');
  throw new OAuthJwtError(
    'PROFILE_NOT_FOUND',
    msg('No profile named "{0}" in {1}.', name, PROFILES_SETTING),
    names ? msg('Profiles there: {0}.', names) : msg('Add one to {0} in .vscode/settings.json (OAuth JWT: New Profile does it for you).', PROFILES_SETTING),
  );
}

function invalid(message: string | Message): OAuthJwtError {
  return new OAuthJwtError('PROFILE_INVALID', message, msg('Edit {0} in your settings.', PROFILES_SETTING));
}

function own(object: object, key: string): unknown {
  return Object.hasOwn(object, key) ? (object as Record<string, unknown>)[key] : undefined;
}

function checkKey(key: string, where: string | Message): void {
  if (HOSTILE_KEYS.has(key)) throw invalid(msg('{0} has the member name "{1}", which is not allowed.', where, key));
}

/** Deep copy of JSON data made only of own properties; refuses hostile member names and non-JSON values. */
function copyJson(value: unknown, where: string | Message, depth = 0): unknown {
  if (depth > 32) throw invalid(msg('{0} is nested too deeply.', where));
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalid(msg('{0} holds a number that is not finite.', where));
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => copyJson(v, where, depth + 1));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      checkKey(k, where);
      out[k] = copyJson(v, where, depth + 1);
    }
    return out;
  }
  throw invalid(msg('{0} holds a value that is not JSON.', where));
}
