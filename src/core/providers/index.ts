import type { Profile } from '../profile';
import { appStoreConnect } from './appStoreConnect';
import { entra } from './entra';
import { genericAssertion } from './genericAssertion';
import { genericBearer } from './genericBearer';
import { genericSelfSigned } from './genericSelfSigned';
import { githubApp } from './githubApp';
import { google } from './google';
import { googleSelfSigned } from './googleSelfSigned';
import { keycloak } from './keycloak';
import { logicnets } from './logicnets';
import { okta } from './okta';
import type { ProfileTarget, Provider, Recognition } from './provider';
import { salesforce } from './salesforce';
import { signInWithApple } from './signInWithApple';
import { snowflake } from './snowflake';
import { workfront } from './workfront';

/** Every provider, in the order New Profile and the claim editor list them. */
export const PROVIDERS: readonly Provider[] = [workfront, logicnets, entra, okta, keycloak, google, salesforce, genericAssertion, genericBearer,
  githubApp, appStoreConnect, signInWithApple, snowflake, googleSelfSigned, genericSelfSigned];

const STRENGTH: Record<Recognition, number> = { flow: 3, host: 2, path: 1 };

export function providerById(id: string): Provider | undefined {
  return PROVIDERS.find((p) => p.id === id);
}

/**
 * The provider whose rules apply to a profile: the one that recognises it most surely (a flow only
 * it uses, then the token URL's host, then its path), else the fallback for its flow.
 */
export function providerForProfile(profile: Pick<Profile, 'flow' | 'tokenUrl' | 'provider'>): Provider {
  // A preset the profile names wins, when it is one of its flow's (validateExchangeConfig reports any other).
  const named = profile.provider !== undefined ? providerById(profile.provider) : undefined;
  if (named && named.flow === profile.flow) return named;
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
