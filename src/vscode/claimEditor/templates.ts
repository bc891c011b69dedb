/**
 * What the claim editor starts from: a profile's assertion template (as the exchange would sign
 * it) and one template per provider preset (SPEC §7), plus the non-secret summaries the webview
 * is told about. Built with the core's own draftAssertion, so the editor and the exchange agree.
 */
import { algorithmsForKey } from '../../core/algorithms';
import { draftAssertion } from '../../core/assertionPlan';
import { PROVIDERS, providerForProfile } from '../../core/providers';
import type { Profile } from '../../core/profile';
import type { Provider } from '../../core/providers/provider';
import { displayOriginAndPath } from '../../core/urlDisplay';
import { english, localize, type L10n } from '../../shared/l10n';
import type { EditorTemplate, KeySummary, PresetTemplate, ProfileSummary } from '../../shared/protocol';
import type { SlotKey } from '../keyRing';

/**
 * The profile's draft as its exchange plans it (the same algorithm rule, the provider's header
 * members, or placeholders where the key's certificate would fill them); `iat`, `exp`, `jti` and a
 * placeholder nonce are made at signing.
 */
export function profileTemplate(profile: Profile, lifetimeSeconds: number | undefined, slotKey?: SlotKey): EditorTemplate {
  return draftAssertion({ ...profile, lifetimeSeconds }, slotKey, { placeholders: true });
}

/** A provider's profile built from its example answers: the shape of its JWT with placeholders to replace. */
export function presetTemplate(provider: Provider, l10n: L10n = english): PresetTemplate {
  const answers: Record<string, string> = {};
  for (const question of provider.questions) answers[question.id] = question.defaultValue ?? question.placeholder ?? `<${question.id}>`;
  const template = draftAssertion({ ...provider.build(answers), lifetimeSeconds: provider.lifetimeSeconds }, undefined, { placeholders: true });
  return { id: provider.id, label: provider.label, detail: localize(l10n, provider.detail), template };
}

export function presetTemplates(l10n: L10n = english): PresetTemplate[] {
  return PROVIDERS.map((provider) => presetTemplate(provider, l10n));
}

export function profileSummary(profile: Profile): ProfileSummary {
  const provider = providerForProfile(profile);
  return {
    name: profile.name,
    flow: profile.flow,
    tokenUrl: displayOriginAndPath(profile.tokenUrl),
    method: profile.method ?? 'POST',
    presetId: provider.id,
    presetLabel: provider.label,
    ...(provider.maxLifetimeSeconds ? { maxLifetimeSeconds: provider.maxLifetimeSeconds } : {}),
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
