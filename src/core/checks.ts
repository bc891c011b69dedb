import { algorithmsForKey, defaultAlgorithm } from './algorithms';
import { systemClock, type Clock } from './clock';
import { OAuthJwtError } from './errors';
import { assertionTemplate, type ExchangeConfig } from './flows';
import { buildJwt } from './jwt';
import type { JsonObject } from './jwt';
import type { PrivateKey } from './keys';
import { presetForProfile, type Preset } from './presets';
import type { CertificateInfo } from './x509';

/** One result of the checks made before every send (SPEC §7). */
export interface Finding {
  /** An error stops the send; a warning is shown and the send goes on. */
  severity: 'error' | 'warning';
  /** The header member or claim concerned, or 'key' / 'certificate' / 'method'. */
  field: string;
  message: string;
}

export interface CheckInput {
  preset: Preset;
  header: JsonObject;
  payload: JsonObject;
  method?: 'GET' | 'POST';
  /** The audience as the profile gives it (an array only when the profile says so). */
  profileAudience?: string | string[];
  key?: PrivateKey;
  certificate?: CertificateInfo;
  /** ms since the epoch. */
  now: number;
}

const DAY_MS = 86_400_000;

/**
 * The provider's known traps, checked on the header and claims that are about to be signed:
 * times in whole seconds, exp after iat and within the preset's cap, aud a single string unless
 * the profile asks for an array, the key suiting the algorithm, and the certificate's dates.
 */
export function checkAssertion(input: CheckInput): Finding[] {
  const { preset, header, payload } = input;
  const findings: Finding[] = [];
  const error = (field: string, message: string) => findings.push({ severity: 'error', field, message });
  const warn = (field: string, message: string) => findings.push({ severity: 'warning', field, message });

  for (const name of ['iat', 'nbf', 'exp'] as const) {
    const value = payload[name];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isInteger(value)) error(name, `"${name}" must be a whole number of seconds since 1970.`);
    else if (value > 1e11) error(name, `"${name}" looks like milliseconds: JWT times are seconds since 1970 (divide by 1000).`);
  }
  const { iat, exp } = payload;
  const seconds = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v <= 1e11;
  if (exp === undefined) error('exp', '"exp" is missing: every provider here requires an expiry.');
  // Only compare times that are seconds: a millisecond value is reported once, above.
  if (seconds(iat) && seconds(exp)) {
    const lifetime = exp - iat;
    if (lifetime <= 0) error('exp', '"exp" must be after "iat".');
    else if (preset.maxLifetimeSeconds && lifetime > preset.maxLifetimeSeconds) {
      error('exp', `${preset.label} accepts at most ${describeSeconds(preset.maxLifetimeSeconds)} between "iat" and "exp"; this JWT lives ${describeSeconds(lifetime)}.`);
    } else if (preset.id === 'workfront' && lifetime > 600) {
      warn('exp', `Workfront recommends a very short-lived JWT (a few minutes); this one lives ${describeSeconds(lifetime)}.`);
    }
    if (Math.abs(iat * 1000 - input.now) > 5 * 60_000) warn('iat', '"iat" is more than 5 minutes away from now: the server may refuse it.');
  }

  const aud = payload.aud;
  if (Array.isArray(aud) && !Array.isArray(input.profileAudience)) error('aud', '"aud" is an array, but this profile gives a single audience: send it as a string.');
  if (Array.isArray(aud) && preset.id === 'keycloak') error('aud', 'Keycloak wants "aud" as a single string (the realm issuer).');
  if (preset.id === 'workfront' && aud !== undefined) warn('aud', 'Workfront\'s JWT flow does not use "aud".');
  if (preset.flow !== 'workfront' && aud === undefined) error('aud', '"aud" is missing: RFC 7523 requires an audience.');

  if (preset.flow !== 'workfront' && payload.jti !== undefined && typeof payload.jti !== 'string') error('jti', '"jti" must be a string.');

  const alg = typeof header.alg === 'string' ? header.alg : undefined;
  if (input.key) {
    const suitable = algorithmsForKey(input.key);
    if (alg && !suitable.includes(alg as never)) error('alg', `"${alg}" does not suit this key; it can sign with ${suitable.join(', ')}.`);
    if ((preset.id === 'salesforce' || preset.id === 'workfront' || preset.id === 'logicnets') && input.key.type !== 'rsa') {
      error('key', `${preset.label} needs an RSA key (RS256).`);
    }
  }
  if (preset.id === 'workfront' && alg && alg !== 'RS256') error('alg', 'Workfront uses RS256.');
  if (preset.id === 'logicnets') {
    if (input.method && input.method !== 'GET') warn('method', 'LogicNets documents a GET request with query parameters.');
    if (payload.iss !== undefined && payload.iss === payload.sub) warn('iss', 'LogicNets wants "iss" to be an identifier of your API client, different from "sub" (the client id).');
  }
  if (preset.id === 'entra' && typeof header['x5t#S256'] === 'string' && /^[0-9a-f]{64}$/i.test(header['x5t#S256'])) {
    error('x5t#S256', '"x5t#S256" looks like hex: it must be the base64url SHA-256 of the DER certificate.');
  }

  if (input.certificate) {
    const left = input.certificate.notAfter.getTime() - input.now;
    if (left <= 0) error('certificate', `The certificate expired on ${input.certificate.notAfter.toISOString()}: generate a new one and upload it.`);
    else if (left < 30 * DAY_MS) warn('certificate', `The certificate expires on ${input.certificate.notAfter.toISOString()} (in ${Math.ceil(left / DAY_MS)} days): plan its renewal.`);
  }
  return findings;
}

export function describeSeconds(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400} day${seconds === 86_400 ? '' : 's'}`;
  if (seconds % 3600 === 0) return `${seconds / 3600} hour${seconds === 3600 ? '' : 's'}`;
  if (seconds % 60 === 0) return `${seconds / 60} minute${seconds === 60 ? '' : 's'}`;
  return `${seconds} seconds`;
}

/**
 * The checks made before every send, on exactly what the flow would sign now: used by the
 * extension and the CLI alike, so both refuse and warn the same way.
 */
export function checkExchange(config: ExchangeConfig, key: PrivateKey, options: { certificate?: CertificateInfo; clock?: Clock } = {}): Finding[] {
  const clock = options.clock ?? systemClock;
  const { header, payload } = buildJwt(assertionTemplate(config), clock);
  header.alg = config.algorithm ?? defaultAlgorithm(key);
  return checkAssertion({
    preset: presetForProfile(config),
    header,
    payload,
    method: config.method,
    profileAudience: config.audience,
    key,
    certificate: options.certificate,
    now: clock(),
  });
}

/** Throws CLAIM_CHECK_FAILED for the first error finding; returns the warnings. */
export function assertNoBlockingFinding(findings: Finding[], what: string): Finding[] {
  const blocking = findings.find((f) => f.severity === 'error');
  if (blocking) throw new OAuthJwtError('CLAIM_CHECK_FAILED', `${what}: ${blocking.message}`, 'Fix the profile (or the key) and try again.');
  return findings.filter((f) => f.severity === 'warning');
}
