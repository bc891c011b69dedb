/**
 * What the claim editor starts from: a profile's assertion template (as the exchange would sign
 * it) and one template per provider preset (SPEC §7), plus the non-secret summaries the webview
 * is told about. Built with the core's own assertionTemplate, so the editor and the exchange agree.
 */
import { algorithmsForKey, defaultAlgorithm } from '../../core/algorithms';
import { assertionTemplate } from '../../core/flows';
import { PRESETS, presetForProfile, type Preset } from '../../core/presets';
import type { Profile } from '../../core/profile';
import type { EditorTemplate, KeySummary, PresetTemplate, ProfileSummary } from '../../shared/protocol';
import type { SlotKey } from '../keyRing';

const THUMBPRINT_PLACEHOLDER = '<base64url SHA-256 of the DER certificate>';

/** The profile's header and claims as its exchange signs them, `alg` included so it can be edited and checked. */
export function profileTemplate(profile: Profile, lifetimeSeconds: number, slotKey?: SlotKey): EditorTemplate {
  const preset = presetForProfile(profile);
  const template = assertionTemplate({ ...profile, lifetimeSeconds });
  const alg = profile.algorithm ?? (slotKey ? defaultAlgorithm(slotKey.key) : profile.flow === 'workfront' ? 'RS256' : undefined);
  const header: Record<string, unknown> = { ...(alg ? { alg } : {}), ...template.header };
  keepNoncePlaceholder(header, profile.header);
  if (preset.id === 'entra' && header['x5t#S256'] === undefined) header['x5t#S256'] = slotKey?.certificate?.x5tS256 ?? THUMBPRINT_PLACEHOLDER;
  return { header, claims: template.claims, lifetimeSeconds: template.lifetimeSeconds, jti: template.jti };
}

/**
 * assertionTemplate turns an empty (or "<nonce>") header nonce into a random value; the editor
 * keeps the placeholder so that every JWT it signs or exchanges gets its own nonce.
 */
function keepNoncePlaceholder(header: Record<string, unknown>, given: Record<string, unknown> | undefined): void {
  const nonce = given?.nonce;
  if (nonce === '' || nonce === '<nonce>') header.nonce = nonce;
}

/** A preset filled with its example answers: the shape of its JWT with placeholders to replace. */
export function presetTemplate(preset: Preset): PresetTemplate {
  const answers: Record<string, string> = {};
  for (const question of preset.questions) answers[question.id] = question.defaultValue ?? question.placeholder ?? `<${question.id}>`;
  const fields = preset.build(answers);
  const template = assertionTemplate({ ...fields, lifetimeSeconds: preset.lifetimeSeconds });
  const header: Record<string, unknown> = { ...(fields.algorithm ? { alg: fields.algorithm } : {}), ...template.header };
  keepNoncePlaceholder(header, fields.header);
  if (preset.id === 'entra') header['x5t#S256'] = THUMBPRINT_PLACEHOLDER;
  return {
    id: preset.id,
    label: preset.label,
    detail: preset.detail,
    template: { header, claims: template.claims, lifetimeSeconds: preset.lifetimeSeconds, jti: template.jti },
  };
}

export function presetTemplates(): PresetTemplate[] {
  return PRESETS.map(presetTemplate);
}

/** Origin and path only: a query string is never shown. */
function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

export function profileSummary(profile: Profile): ProfileSummary {
  const preset = presetForProfile(profile);
  return {
    name: profile.name,
    flow: profile.flow,
    tokenUrl: shownUrl(profile.tokenUrl),
    method: profile.method ?? 'POST',
    presetId: preset.id,
    presetLabel: preset.label,
    ...(preset.maxLifetimeSeconds ? { maxLifetimeSeconds: preset.maxLifetimeSeconds } : {}),
  };
}

/** The key's kind and algorithms — never its material. */
export function keySummary(slotKey: SlotKey): KeySummary {
  return {
    type: slotKey.key.type,
    algorithms: algorithmsForKey(slotKey.key),
    ...(slotKey.certificate ? { certificateNotAfter: slotKey.certificate.notAfter.toISOString() } : {}),
  };
}
