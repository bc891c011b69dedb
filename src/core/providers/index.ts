import { msg } from '../errors';
import { invalidOption, type ExchangeConfig } from '../exchangeConfig';
import { appStoreConnect } from './appStoreConnect';
import { auth0 } from './auth0';
import { box } from './box';
import { docusign } from './docusign';
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
export const PROVIDERS: readonly Provider[] = [workfront, logicnets, entra, okta, keycloak, google, salesforce,
  auth0, docusign, box,
  genericAssertion, genericBearer,
  githubApp,
  appStoreConnect,
  signInWithApple,
  snowflake,
  googleSelfSigned,
  genericSelfSigned];

const STRENGTH: Record<Recognition, number> = { flow: 3, host: 2, path: 1 };

export function providerById(id: string): Provider | undefined {
  return PROVIDERS.find((p) => p.id === id);
}

/** INVALID_OPTION for a provider id that is not in the table, listing the ids that are. */
export function unknownProvider(id: string, field = 'provider') {
  return invalidOption(field, msg('is "{0}", which is not a known provider', id.slice(0, 40)), msg('Use one of {0}.', PROVIDERS.map((p) => p.id).join(', ')));
}

/**
 * The provider whose rules apply to a profile: the one its `provider` field names (INVALID_OPTION
 * listing the ids when there is none of that id, or when it uses another flow); without the field,
 * the one that recognises it most surely (a flow only it uses, then the token URL's host, then its
 * path), else the fallback for its flow.
 */
export function providerForProfile(profile: Pick<ExchangeConfig, 'flow' | 'tokenUrl' | 'provider'>): Provider {
  if (profile.provider !== undefined) {
    const named = providerById(profile.provider);
    if (!named) throw unknownProvider(profile.provider);
    if (named.flow !== profile.flow) throw invalidOption('provider', msg('is {0}, which uses the {1} flow, not {2}', named.id, named.flow, profile.flow), msg('Set "flow" to "{0}", or choose another provider.', named.flow));
    return named;
  }
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
