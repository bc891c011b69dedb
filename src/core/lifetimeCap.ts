import type { Profile } from './profile';
import { providerForProfile } from './providers';

/**
 * The longest assertion lifetime signed for `profile`: the user-level cap (`userCap`, from the
 * user's own settings), except for a preset whose documented allowance is meant to exceed it (Sign
 * in with Apple: six months), where that allowance applies — to that preset only. Nothing a
 * workspace sets moves either number: the cap is read from user settings, the allowance is the
 * preset's, and the preset's rules (aud, alg, kid) still decide what the long JWT is good for.
 */
export function lifetimeCap(profile: Pick<Profile, 'flow' | 'provider' | 'tokenUrl'>, userCap: number): number {
  const provider = providerForProfile(profile);
  return provider.lifetimeBeyondUserCap && provider.maxLifetimeSeconds !== undefined ? Math.max(userCap, provider.maxLifetimeSeconds) : userCap;
}
