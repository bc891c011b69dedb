/**
 * The claim editor's requests, answered in the extension: sign with the profile's key (the key
 * never leaves this process), run the provider checks, decode, verify against a file the user
 * picks, and exchange through the TokenService with every trust and origin check it makes.
 */
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { readBoundedFile } from '../../core/boundedRead';
import { defaultAlgorithm } from '../../core/algorithms';
import { checkAssertion } from '../../core/checks';
import { msg, OAuthJwtError, type Message } from '../../core/errors';
import { signPlan, stampAssertion } from '../../core/assertionPlan';
import { systemClock } from '../../core/clock';
import type { TokenResult } from '../../core/exchange';
import type { JsonObject } from '../../core/jsonObject';
import { decodeJwt } from '../../core/jwtDecode';
import { verifyJwt, type VerifyKeySource } from '../../core/jwtVerify';
import { SIGNING_ALGORITHMS } from '../../core/keys';
import { MAX_JSON_CHARS, MAX_LIFETIME_SECONDS } from '../../core/limits';
import { providerById, providerForProfile } from '../../core/providers';
import type { Profile } from '../../core/profile';
import { assertionPreview } from '../../shared/assertionPreview';
import { localize } from '../../shared/l10n';
import type { CheckResult, DecodeResult, EditorTemplate, ExchangeResult, FindingView, SignResult, VerifyResult } from '../../shared/protocol';
import type { SlotKey } from '../keyRing';
import { noKeyError } from '../keySlots';
import type { Services } from '../services';
import { tokenWithProgress } from '../tokenProgress';

/** Members of a token response that are credentials: masked until the user reveals or copies. */
const SECRET_MEMBERS = ['access_token', 'refresh_token', 'id_token'];

/** What one editor's requests work with. */
export interface EditorSession {
  services: Services;
  /** The editor's profile, read fresh (settings may have changed), or undefined. */
  profile(): Profile | undefined;
  /** The key this editor signs with (the profile's, else the default slot's), or undefined. */
  key(): Promise<SlotKey | undefined>;
}

function requireKey(slotKey: SlotKey | undefined, session: EditorSession): SlotKey {
  if (slotKey) return slotKey;
  const name = session.profile()?.name;
  throw noKeyError(name ? vscode.l10n.t('for profile "{0}"', name) : vscode.l10n.t('as the default key'));
}


export async function sign(session: EditorSession, template: EditorTemplate): Promise<SignResult> {
  const slotKey = requireKey(await session.key(), session);
  // The message gate admits the longest preset lifetime (Sign in with Apple); past the common cap only that preset's profile signs.
  const profile = session.profile();
  const cap = Math.max(MAX_LIFETIME_SECONDS, (profile ? providerForProfile(profile).maxLifetimeSeconds : undefined) ?? 0);
  if (template.lifetimeSeconds > cap) {
    throw new OAuthJwtError('INVALID_OPTION', vscode.l10n.t('The lifetime ({0} s) is longer than this profile allows ({1} s).', template.lifetimeSeconds, cap), vscode.l10n.t('Use a few minutes; only the Sign in with Apple preset may sign for months.'));
  }
  // The editor's template is an assertion draft: stamped now and signed as the exchange signs a plan.
  const plan = stampAssertion(template, slotKey.key, systemClock);
  const token = await signPlan(plan, slotKey.key);
  session.services.log.info('claim editor', `${session.profile()?.name ?? 'default key'}: signed a ${plan.algorithm} JWT (${Object.keys(plan.claims).join(', ')})`);
  return { token };
}

/** The provider checks (SPEC §7) on what signing now would produce, plus the algorithm's own sanity. */
export async function check(session: EditorSession, template: EditorTemplate): Promise<CheckResult> {
  const profile = session.profile();
  const slotKey = await session.key().catch(() => undefined);
  const now = Date.now();
  const { header, payload } = assertionPreview(template, now, slotKey ? defaultAlgorithm(slotKey.key) : undefined);
  const findings: Array<FindingView & { localizable?: Message }> = [];
  const alg = header.alg;
  if (typeof alg === 'string' && alg.trim().toLowerCase() === 'none') findings.push({ severity: 'error', field: 'alg', message: vscode.l10n.t('"none" means an unsigned token, which no server should accept.') });
  else if (alg !== undefined && !(SIGNING_ALGORITHMS as readonly unknown[]).includes(alg)) {
    findings.push({ severity: 'error', field: 'alg', message: vscode.l10n.t('"{0}" is not a supported signing algorithm: use {1}.', String(alg).slice(0, 24), SIGNING_ALGORITHMS.join(', ')) });
  }
  findings.push(...checkAssertion({
    provider: profile ? providerForProfile(profile) : providerById('generic-assertion')!,
    header,
    payload,
    method: profile?.method,
    profileAudience: profile?.audience,
    tokenUrl: profile?.tokenUrl,
    scope: profile?.scope,
    key: slotKey?.key,
    certificate: slotKey?.certificate,
    now,
  }));
  return { findings: findings.map(({ severity, field, message, localizable }) => ({ severity, field, message: localizable ? localize(vscode.l10n, localizable) : message })) };
}

export function decode(token: string): DecodeResult {
  const { header, payload, signature } = decodeJwt(token);
  return { header, payload, signature };
}

/** A certificate, a JWKS, or else a public key (PEM or JWK), by what the text holds. */
function keySourceOf(text: string): { source: VerifyKeySource; kind: string } {
  if (/-----BEGIN CERTIFICATE-----/.test(text)) return { source: { certificate: text }, kind: vscode.l10n.t('the certificate') };
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      if (Array.isArray((JSON.parse(trimmed) as { keys?: unknown }).keys)) return { source: { jwks: trimmed }, kind: vscode.l10n.t('the JWKS') };
    } catch {
      // not JSON: the public key reader says what is wrong
    }
  }
  return { source: { publicKey: trimmed }, kind: vscode.l10n.t('the public key') };
}

export async function verify(session: EditorSession, token: string, using: 'file' | 'profileKey'): Promise<VerifyResult> {
  if (using === 'profileKey') {
    const slotKey = requireKey(await session.key(), session);
    const { header, payload } = await verifyJwt(token, { publicKey: slotKey.key.key });
    return { outcome: 'verified', header, payload, source: vscode.l10n.t('the public half of the profile\'s key') };
  }
  const [file] = (await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: vscode.l10n.t('Verify'),
    title: vscode.l10n.t('Verify the JWT with a certificate, public key or JWKS'),
    filters: { [vscode.l10n.t('Certificates, public keys, JWKS')]: ['crt', 'cer', 'pem', 'pub', 'json', 'jwk', 'jwks'], [vscode.l10n.t('All files')]: ['*'] },
  })) ?? [];
  if (!file) return { outcome: 'cancelled' };
  const bytes = file.scheme === 'file'
    ? await readBoundedFile(file.fsPath, MAX_JSON_CHARS, msg('The file {0}', basename(file.path)))
    : await vscode.workspace.fs.readFile(file).then(undefined, () => {
      throw new OAuthJwtError('FILE_IO', vscode.l10n.t('The file {0} cannot be read.', basename(file.path)), vscode.l10n.t('Check the file and its permissions.'));
    });
  if (bytes.length > MAX_JSON_CHARS) throw new OAuthJwtError('INPUT_TOO_LARGE', vscode.l10n.t('The file is too large to be a certificate, public key or JWKS.'), vscode.l10n.t('Choose the key file itself.'));
  const { source, kind } = keySourceOf(new TextDecoder().decode(bytes));
  const { header, payload } = await verifyJwt(token, source);
  return { outcome: 'verified', header, payload, source: `${kind} ${basename(file.path)}` };
}

/** The profile with the editor's header and claims; iat, exp and jti stay the exchange's own (fresh per request). */
function editedProfile(profile: Profile, template: EditorTemplate): Profile {
  const header: JsonObject = {};
  for (const [name, value] of Object.entries(template.header)) if (name !== 'alg') header[name] = value;
  const alg = template.header.alg;
  return {
    ...profile,
    header,
    claims: template.claims,
    algorithm: typeof alg === 'string' ? alg : profile.algorithm,
    lifetimeSeconds: template.lifetimeSeconds,
  };
}

export async function exchange(session: EditorSession, template: EditorTemplate): Promise<{ reply: ExchangeResult; token: TokenResult }> {
  const profile = session.profile();
  if (!profile) throw new OAuthJwtError('PROFILE_NOT_FOUND', vscode.l10n.t('This editor has no profile to exchange with.'), vscode.l10n.t('Open the claim editor from a profile (OAuth JWT: Open Claim Editor).'));
  const edited = editedProfile(profile, template);
  // A fresh exchange, as Get Access Token makes: the token it gets becomes the profile's token.
  await session.services.tokens.invalidate(profile.name);
  const token = await tokenWithProgress(session.services.tokens, edited);
  return { reply: { response: maskResponse(token.response), ...(token.tokenType ? { tokenType: token.tokenType } : {}), ...(token.expiresAt ? { expiresAt: token.expiresAt } : {}), obtainedAt: token.obtainedAt }, token };
}

/** The token response with its credentials replaced by a note of their length. */
export function maskResponse(response: JsonObject): JsonObject {
  const masked: JsonObject = {};
  for (const [name, value] of Object.entries(response)) {
    masked[name] = SECRET_MEMBERS.includes(name) && typeof value === 'string' ? `•••••••• (hidden, ${value.length} characters)` : value;
  }
  return masked;
}
