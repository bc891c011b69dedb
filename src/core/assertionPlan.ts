import { randomUUID } from 'node:crypto';
import { chooseAlgorithm } from './algorithmChoice';
import { defaultAlgorithm } from './algorithms';
import type { Clock } from './clock';
import { withoutUndefined, type ExchangeConfig } from './exchangeConfig';
import { FLOWS } from './flows';
import type { JsonObject } from './jsonObject';
import { buildJwt, signJwt } from './jwt';
import type { PrivateKey } from './keys';
import { DEFAULT_LIFETIME_SECONDS } from './limits';
import { providerForProfile } from './providers';
import type { CertificateInfo } from './x509';

/**
 * What an assertion is made of before any clock is read: the header (`alg` first when it is
 * known), the claims without the generated `iat`, `exp` and `jti`, the lifetime, and whether a
 * fresh `jti` is added. The claim editor edits exactly this (its EditorTemplate).
 */
export interface AssertionDraft {
  header: JsonObject;
  claims: JsonObject;
  lifetimeSeconds: number;
  jti: boolean;
  /** Seconds `iat` is set in the past (GitHub: 60); absent for now. */
  iatBackdateSeconds?: number;
}

/** What is signed: header (`alg` first) and claims with `iat`, `exp`, `jti` and any placeholder nonce made now. */
export interface AssertionPlan {
  /** The algorithm that signs, equal to `header.alg`. */
  algorithm: string;
  header: JsonObject;
  claims: JsonObject;
}

/** The signing key, with the certificate stored with it (a provider may name it in the header). */
export interface SigningKey {
  key: PrivateKey;
  certificate?: CertificateInfo;
}

/** Header `nonce` values that stand for "make one up": the LogicNets document's placeholder, or empty. */
const NONCE_PLACEHOLDERS = new Set(['', '<nonce>']);

/** A copy of the header whose placeholder `nonce` ("" or "<nonce>") is replaced by a fresh random value. */
export function withFreshNonce(header: JsonObject): JsonObject {
  return typeof header.nonce === 'string' && NONCE_PLACEHOLDERS.has(header.nonce) ? { ...header, nonce: randomUUID() } : header;
}

/** The header with `alg` first (when there is one), as the signer writes it. */
function algFirst(header: JsonObject, alg: string | undefined): JsonObject {
  const ordered: JsonObject = alg !== undefined ? { alg } : {};
  for (const [name, value] of Object.entries(header)) if (name !== 'alg') ordered[name] = value;
  return ordered;
}

/**
 * A profile's draft (SPEC §1): the flow's default claims (iss, sub, aud …) under the profile's own
 * `claims`; `typ: "JWT"`, `kid` from keyId and the profile's `header`; the provider's header
 * decoration (Entra: `x5t#S256` from the key's certificate, or a placeholder with `placeholders`);
 * and `alg` by the one rule (chooseAlgorithm), absent only when no key is given and nothing names it.
 */
export function draftAssertion(config: ExchangeConfig, key?: SigningKey, options: { placeholders?: boolean } = {}): AssertionDraft {
  const flow = FLOWS[config.flow];
  const provider = providerForProfile(config);
  let header = withoutUndefined({ typ: 'JWT', kid: config.keyId, ...config.header });
  if (provider.decorateHeader) header = provider.decorateHeader(header, key?.certificate, { placeholders: options.placeholders ?? false, key: key?.key, config });
  const alg = chooseAlgorithm({ algorithm: config.algorithm, header: config.header, flowAlgorithm: flowAlgorithm(config), keyDefault: key && (() => defaultAlgorithm(key.key)) });
  // The provider's audience (Salesforce: login or test by the token URL) unless the profile gives one.
  const audience = flow.audience && config.audience === undefined ? provider.defaultAudience?.(config.tokenUrl) : undefined;
  return {
    header: algFirst(header, alg),
    claims: withoutUndefined({ ...flow.claimDefaults(config), ...(audience !== undefined ? { aud: audience } : {}), ...provider.claimDefaults?.(config, key?.key), ...config.claims }),
    // Without a lifetime of its own a profile gets the default, or its provider's when that is shorter (Keycloak 60 s, Salesforce 180 s).
    lifetimeSeconds: config.lifetimeSeconds ?? Math.min(provider.lifetimeSeconds, DEFAULT_LIFETIME_SECONDS),
    jti: flow.jti,
    ...(flow.iatBackdateSeconds ? { iatBackdateSeconds: flow.iatBackdateSeconds } : {}),
  };
}

/** The algorithm a profile's flow or provider fixes when the profile names none (Workfront: RS256; Entra: PS256, or RS256 with x5t). */
export function flowAlgorithm(config: ExchangeConfig): string | undefined {
  return FLOWS[config.flow].algorithm ?? providerForProfile(config).algorithm?.(config);
}

/**
 * A draft made concrete now: `iat` (now, or the flow's backdated now), `exp` (iat + lifetime) and `jti` unless the claims set them, a
 * fresh nonce for a placeholder, and the algorithm: the draft's `alg`, else the key's default.
 * Refuses what cannot be signed (buildJwt's checks).
 */
export function stampAssertion(draft: AssertionDraft, key: PrivateKey, clock: Clock): AssertionPlan {
  const algorithm = chooseAlgorithm({ header: draft.header, keyDefault: () => defaultAlgorithm(key) })!;
  const backdate = (draft.iatBackdateSeconds ?? 0) * 1000;
  const { header, payload } = buildJwt({ header: withFreshNonce(draft.header), claims: draft.claims, lifetimeSeconds: draft.lifetimeSeconds, jti: draft.jti }, backdate ? () => clock() - backdate : clock);
  return { algorithm, header: algFirst(header, algorithm), claims: payload };
}

/**
 * What a profile's exchange signs now, decided once: the checks inspect it, the flow signs it,
 * and the claim editor shows its draft. Does not validate the profile (validateExchangeConfig does).
 */
export function planAssertion(profile: ExchangeConfig, key: SigningKey, clock: Clock): AssertionPlan {
  const plan = stampAssertion(draftAssertion(profile, key), key.key, clock);
  const atSigning = providerForProfile(profile).claimsAtSigning?.(plan.claims);
  return atSigning ? { ...plan, claims: { ...plan.claims, ...atSigning, ...withoutUndefined(pick(profile.claims, Object.keys(atSigning))) } } : plan;
}

function pick(object: JsonObject | undefined, names: string[]): JsonObject {
  const picked: JsonObject = {};
  for (const name of names) if (object && Object.hasOwn(object, name)) picked[name] = object[name];
  return picked;
}

/** Signs a plan exactly as planned (a compact JWS). */
export function signPlan(plan: AssertionPlan, key: PrivateKey): Promise<string> {
  return signJwt(plan.header, plan.claims, key, plan.algorithm);
}
