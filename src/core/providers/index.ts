import type { Profile } from '../profile';
import { entra } from './entra';
import { genericAssertion } from './genericAssertion';
import { genericBearer } from './genericBearer';
import { google } from './google';
import { keycloak } from './keycloak';
import { logicnets } from './logicnets';
import { okta } from './okta';
import type { ProfileTarget, Provider, Recognition } from './provider';
import { salesforce } from './salesforce';
import { workfront } from './workfront';
// Issue 13's new providers.
import { auth0 } from './auth0';
import { box } from './box';
import { docusign } from './docusign';

/** Every provider, in the order New Profile and the claim editor list them. */
export const PROVIDERS: readonly Provider[] = [workfront, logicnets, entra, okta, keycloak, google, salesforce,
  auth0, docusign, box,
  genericAssertion, genericBearer];

const STRENGTH: Record<Recognition, number> = { flow: 3, host: 2, path: 1 };

export function providerById(id: string): Provider | undefined {
  return PROVIDERS.find((p) => p.id === id);
}

/**
 * The provider whose rules apply to a profile: the one that recognises it most surely (a flow only
 * it uses, then the token URL's host, then its path), else the fallback for its flow.
 */
export function providerForProfile(profile: Pick<Profile, 'flow' | 'tokenUrl'>): Provider {
  const target: ProfileTarget = { flow: profile.flow, host: '', path: '' };
  try {
    const url = new URL(profile.tokenUrl);
    target.host = url.hostname.toLowerCase();
    target.path = url.pathname;
  } catch {
    // an invalid URL is reported by the URL check itself
  }
  let best: Provider | undefined;
  let strength = 0;
  for (const provider of PROVIDERS) {
    const recognized = provider.recognize?.(target);
    if (recognized && STRENGTH[recognized] > strength) [best, strength] = [provider, STRENGTH[recognized]];
  }
  return best ?? PROVIDERS.find((p) => p.fallbackFor === profile.flow) ?? genericAssertion;
}
