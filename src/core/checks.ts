import { algorithmsForKey } from './algorithms';
import type { AssertionPlan } from './assertionPlan';
import { Message, msg, OAuthJwtError } from './errors';
import type { ExchangeConfig } from './exchangeConfig';
import { FLOWS } from './flows';
import { MILLISECONDS_THRESHOLD } from './limits';
import type { KeyType, PrivateKey } from './keys';
import { describeSeconds } from './duration';
import { providerForProfile } from './providers';
import type { Provider, RuleInput } from './providers/provider';
import type { CertificateInfo } from './x509';

/** One result of the checks made before every send (SPEC §7). */
export interface Finding {
  /** An error stops the send; a warning is shown and the send goes on. */
  severity: 'error' | 'warning';
  /** The header member or claim concerned, or 'key' / 'certificate' / 'method'. */
  field: string;
  /** English (the CLI's). */
  message: string;
  /** The message as marked for translation (`msg('…')`), when it was. */
  localizable?: Message;
}

function finding(severity: Finding['severity'], field: string, message: string | Message): Finding {
  return { severity, field, message: String(message), ...(message instanceof Message ? { localizable: message } : {}) };
}

/** What a provider's rules see (RuleInput, without where they report), and what only the common checks need. */
export interface CheckInput extends Omit<RuleInput, 'report'> {
  provider: Provider;
  key?: PrivateKey;
  certificate?: CertificateInfo;
  /** ms since the epoch. */
  now: number;
}

const DAY_MS = 86_400_000;
/** How far `iat` may be from now before the server may refuse it. */
const IAT_DRIFT_MS = 5 * 60_000;
/** A certificate expiring within this many days is reminded of. */
const CERTIFICATE_REMINDER_DAYS = 30;

const KEY_TYPE_NAMES: Record<KeyType, Message> = { rsa: msg('an RSA key (RS256)'), ec: msg('an EC key'), ed25519: msg('an Ed25519 key') };

/**
 * The known traps, checked on the header and claims that are about to be signed: times in whole
 * seconds, exp after iat and within the provider's cap, aud a single string unless the profile asks
 * for an array, the key suiting the algorithm and the provider, the provider's own rules, and the
 * certificate's dates.
 */
export function checkAssertion(input: CheckInput): Finding[] {
  const { provider, header, payload } = input;
  const flow = FLOWS[provider.flow];
  const findings: Finding[] = [];
  const error = (field: string, message: string | Message) => findings.push(finding('error', field, message));
  const warn = (field: string, message: string | Message) => findings.push(finding('warning', field, message));

  for (const name of ['iat', 'nbf', 'exp'] as const) {
    const value = payload[name];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isInteger(value)) error(name, msg('"{0}" must be a whole number of seconds since 1970.', name));
    else if (value > MILLISECONDS_THRESHOLD) error(name, msg('"{0}" looks like milliseconds: JWT times are seconds since 1970 (divide by 1000).', name));
  }
  const { iat, exp } = payload;
  const seconds = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v <= MILLISECONDS_THRESHOLD;
  if (exp === undefined) error('exp', msg('"exp" is missing: every provider here requires an expiry.'));
  // Only compare times that are seconds: a millisecond value is reported once, above.
  if (seconds(iat) && seconds(exp)) {
    const lifetime = exp - iat;
    if (lifetime <= 0) error('exp', msg('"exp" must be after "iat".'));
    else if (provider.maxLifetimeSeconds && lifetime > provider.maxLifetimeSeconds) {
      error('exp', msg('{0} accepts at most {1} between "iat" and "exp"; this JWT lives {2}.', provider.label, describeSeconds(provider.maxLifetimeSeconds), describeSeconds(lifetime)));
    } else if (provider.recommendedLifetimeSeconds && lifetime > provider.recommendedLifetimeSeconds) {
      warn('exp', msg('{0} recommends a JWT of at most {1}; this one lives {2}.', provider.label, describeSeconds(provider.recommendedLifetimeSeconds), describeSeconds(lifetime)));
    }
    if (Math.abs(iat * 1000 - input.now) > IAT_DRIFT_MS) warn('iat', msg('"iat" is more than 5 minutes away from now: the server may refuse it.'));
  }

  const aud = payload.aud;
  if (Array.isArray(aud) && !Array.isArray(input.profileAudience)) error('aud', msg('"aud" is an array, but this profile gives a single audience: send it as a string.'));
  if (flow.audience && aud === undefined) error('aud', msg('"aud" is missing: RFC 7523 requires an audience.'));
  if (flow.jti && payload.jti !== undefined && typeof payload.jti !== 'string') error('jti', msg('"jti" must be a string.'));

  const alg = typeof header.alg === 'string' ? header.alg : undefined;
  if (input.key) {
    const suitable = algorithmsForKey(input.key);
    if (alg && !suitable.includes(alg as never)) error('alg', msg('"{0}" does not suit this key; it can sign with {1}.', alg, suitable.join(', ')));
    if (provider.keyTypes && !provider.keyTypes.includes(input.key.type)) {
      const [first, second, third] = provider.keyTypes.map((type) => KEY_TYPE_NAMES[type]);
      error('key', third ? msg('{0} needs {1} or {2} or {3}.', provider.label, first!, second!, third)
        : second ? msg('{0} needs {1} or {2}.', provider.label, first!, second) : msg('{0} needs {1}.', provider.label, first ?? ''));
    }
  }
  provider.rules?.({ header, payload, method: input.method, profileAudience: input.profileAudience, tokenUrl: input.tokenUrl, scope: input.scope, report: { error, warn } });

  if (input.certificate) {
    const left = input.certificate.notAfter.getTime() - input.now;
    if (left <= 0) error('certificate', msg('The certificate expired on {0}: generate a new one and upload it.', input.certificate.notAfter.toISOString()));
    else if (left < CERTIFICATE_REMINDER_DAYS * DAY_MS) warn('certificate', msg('The certificate expires on {0} (in {1} days): plan its renewal.', input.certificate.notAfter.toISOString(), Math.ceil(left / DAY_MS)));
  }
  return findings;
}

/**
 * The checks made before every send, on the plan the exchange signs: used by the extension and the
 * CLI alike, so both refuse and warn the same way.
 */
export function checkExchange(config: ExchangeConfig, plan: AssertionPlan, options: { key: PrivateKey; certificate?: CertificateInfo; now: number }): Finding[] {
  return checkAssertion({
    provider: providerForProfile(config),
    header: plan.header,
    payload: plan.claims,
    method: config.method,
    profileAudience: config.audience,
    tokenUrl: config.tokenUrl,
    scope: config.scope,
    key: options.key,
    certificate: options.certificate,
    now: options.now,
  });
}

/** Throws CLAIM_CHECK_FAILED for the first error finding; returns the warnings. */
export function assertNoBlockingFinding(findings: Finding[], what: string | Message): Finding[] {
  const blocking = findings.find((f) => f.severity === 'error');
  if (blocking) throw new OAuthJwtError('CLAIM_CHECK_FAILED', msg('{0}: {1}', what, blocking.localizable ?? blocking.message), msg('Fix the profile (or the key) and try again.'));
  return findings.filter((f) => f.severity === 'warning');
}
