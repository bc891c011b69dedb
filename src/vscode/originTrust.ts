import * as vscode from 'vscode';
import { OAuthJwtError } from '../core/errors';
import type { Profile } from '../core/profile';
import { confirm } from './confirm';
import { DEFAULT_KEY_SLOT } from './keySlots';
import type { Log } from './log';
import { profileSource, sourceLabel, type ProfileSource } from './profileSource';
import type { OriginKind, SecretStore } from './secrets';

/** A credential that origins are confirmed for: a key slot's key, a profile's client secret or its access token. */
export interface Credential {
  kind: OriginKind;
  slot: string;
}

/** What an exchange is about to sign and send, for {@link OriginTrust.confirmExchange}. */
export interface ExchangeToConfirm {
  profile: Profile;
  /** The key slot the JWT is signed with. */
  keySlot: string;
  /** Whether the request carries the profile's client secret. */
  sendsSecret: boolean;
  /** The `aud` claim about to be signed. */
  audience: unknown;
  lifetimeSeconds: number;
}

/** workspaceState: the credential/origin pairs confirmed in this workspace, for profiles from its settings. */
const WORKSPACE_CONFIRMED = 'oauthJwt.confirmedOrigins';

/**
 * Confirmed origins belong to credentials, not to profile names: a key (each slot, the default slot
 * included) signs, a client secret or an access token is sent, only for an origin the user
 * confirmed for that very credential. The first time one would go elsewhere, a prompt with Cancel
 * first names the credential, the origin and where the profile came from. Profiles from workspace
 * or folder settings (a cloned repository can bring them) also ask on their first use in each
 * workspace, even for an origin confirmed elsewhere. Confirmations are kept in SecretStorage with
 * the credential (forgotten with it) and, per workspace, in workspaceState.
 */
export class OriginTrust {
  constructor(
    private readonly secrets: SecretStore,
    private readonly workspaceState: vscode.Memento,
    private readonly log: Log,
  ) {}

  /** Before an exchange: the token URL's origin must be confirmed for the key (and the client secret when it is sent). */
  /** True when the user was asked (and agreed); throws ORIGIN_NOT_CONFIRMED on Cancel. */
  async confirmExchange(exchange: ExchangeToConfirm): Promise<boolean> {
    const { profile, keySlot, sendsSecret } = exchange;
    const origin = new URL(profile.tokenUrl).origin;
    const credentials: Credential[] = [{ kind: 'keyOrigins', slot: keySlot }, ...(sendsSecret ? [{ kind: 'secretOrigins' as const, slot: profile.name }] : [])];
    const key = keySlot === DEFAULT_KEY_SLOT ? vscode.l10n.t('the default key') : vscode.l10n.t('the key of profile "{0}"', keySlot);
    const audiences = audienceList(exchange.audience);
    const foreign = audiences.filter((aud) => originOf(aud) !== origin);
    const aud = audiences.length === 0 ? vscode.l10n.t('no aud') : `aud ${audiences.map((a) => `"${a}"`).join(', ')}`;
    return this.ensure(credentials, origin, async (source) => ({
      question: sendsSecret
        ? vscode.l10n.t('Profile "{0}" from {1} now points at {2}. Send it the signed JWT and client secret of {3}?', profile.name, sourceLabel(source), origin, key)
        : vscode.l10n.t('Profile "{0}" from {1} now points at {2}. Send it the signed JWT of {3}?', profile.name, sourceLabel(source), origin, key),
      cancelDetail: `${await this.confirmedSummary(credentials[0]!, key)} ${vscode.l10n.t('If this profile came with a repository\'s settings and you did not set it up yourself, choose Cancel.')}`,
      confirmDetail: foreign.length > 0
        ? vscode.l10n.t('Signed for {0} — not {1}: that server could present the JWT at {2} for {3} s.', aud, origin, foreign.map((a) => `"${a}"`).join(', '), exchange.lifetimeSeconds)
        : vscode.l10n.t('Signed for {0}, valid for {1} s.', aud, exchange.lifetimeSeconds),
      refused: sendsSecret
        ? vscode.l10n.t('the token URL origin {0} was not confirmed for {1} and the client secret', origin, key)
        : vscode.l10n.t('the token URL origin {0} was not confirmed for {1}', origin, key),
      hint: vscode.l10n.t('Check the profile\'s tokenUrl in {0}; if you trust {1}, try again and choose "Send to {1}".', sourceLabel(source), origin),
    }));
  }

  /** Before Send Test Request or a terminal's `oauth-jwt request`: the API's origin must be confirmed for the profile's access token. */
  async confirmApiRequest(profile: Profile, apiOrigin: string, method = 'GET'): Promise<void> {
    const credential: Credential = { kind: 'tokenOrigins', slot: profile.name };
    await this.ensure([credential], apiOrigin, async (source) => ({
      question: vscode.l10n.t('Send the access token of profile "{0}" (from {1}) to {2}?', profile.name, sourceLabel(source), apiOrigin),
      cancelDetail: `${await this.confirmedSummary(credential, vscode.l10n.t('this access token'))} ${vscode.l10n.t('Whoever runs {0} can use the token as you until it expires.', apiOrigin)}`,
      confirmDetail: vscode.l10n.t('{0} with the token in the Authorization header to {1}.', method, apiOrigin),
      refused: vscode.l10n.t('the API origin {0} was not confirmed for the access token of "{1}"', apiOrigin, profile.name),
      hint: vscode.l10n.t('Check the URL (or the profile\'s apiUrl in {0}); if you trust {1}, try again and choose "Send to {1}".', sourceLabel(source), apiOrigin),
    }));
  }

  /**
   * Records `origin` as confirmed for the credentials without asking — for what the user set up
   * themselves: the sandbox `npm start` provisions, and the extension's tests. With `inWorkspace`,
   * for this workspace's profiles too.
   */
  async remember(credentials: readonly Credential[], origin: string, inWorkspace: boolean): Promise<void> {
    for (const credential of credentials) {
      const confirmed = await this.secrets.getOrigins(credential.kind, credential.slot);
      if (!confirmed.includes(origin)) await this.secrets.setOrigins(credential.kind, credential.slot, [...confirmed, origin]);
    }
    if (inWorkspace) {
      const entries = new Set(this.workspaceEntries());
      for (const credential of credentials) entries.add(workspaceEntry(credential, origin));
      await this.workspaceState.update(WORKSPACE_CONFIRMED, [...entries]);
    }
  }

  /** Asks unless `origin` is confirmed for every credential; true when it asked (and the user agreed). */
  private async ensure(credentials: readonly Credential[], origin: string, prompt: (source: ProfileSource) => Promise<Prompt>): Promise<boolean> {
    const source = profileSource();
    const inWorkspace = source !== 'user';
    if (!(await this.needsConfirmation(credentials, origin, inWorkspace))) return false;
    const { question, cancelDetail, confirmDetail, refused, hint } = await prompt(source);
    if (!(await confirm(question, confirmDetail, vscode.l10n.t('Send to {0}', origin), { cancelDetail }))) {
      throw new OAuthJwtError('ORIGIN_NOT_CONFIRMED', vscode.l10n.t('Nothing was sent: {0}.', refused), hint);
    }
    await this.remember(credentials, origin, inWorkspace);
    this.log.info('trust', `${origin} confirmed for ${credentials.map(describe).join(' and ')}${inWorkspace ? ' (and in this workspace)' : ''}`);
    return true;
  }

  private async needsConfirmation(credentials: readonly Credential[], origin: string, inWorkspace: boolean): Promise<boolean> {
    for (const credential of credentials) {
      if (!(await this.secrets.getOrigins(credential.kind, credential.slot)).includes(origin)) return true;
    }
    const entries = this.workspaceEntries();
    return inWorkspace && credentials.some((credential) => !entries.includes(workspaceEntry(credential, origin)));
  }

  private async confirmedSummary(credential: Credential, what: string): Promise<string> {
    const confirmed = await this.secrets.getOrigins(credential.kind, credential.slot);
    const shown = what.charAt(0).toUpperCase() + what.slice(1);
    if (confirmed.length === 0) return vscode.l10n.t('{0} was never confirmed for any origin.', shown);
    const list = confirmed.slice(0, 3).join(', ');
    return confirmed.length > 3 ? vscode.l10n.t('{0} was confirmed for {1} and {2} more.', shown, list, confirmed.length - 3) : vscode.l10n.t('{0} was confirmed for {1}.', shown, list);
  }

  private workspaceEntries(): string[] {
    const value = this.workspaceState.get<unknown>(WORKSPACE_CONFIRMED);
    return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
  }
}

interface Prompt {
  question: string;
  cancelDetail: string;
  confirmDetail: string;
  /** Completes "Nothing was sent: …". */
  refused: string;
  hint: string;
}

function workspaceEntry(credential: Credential, origin: string): string {
  return JSON.stringify([credential.kind, credential.slot, origin]);
}

function describe(credential: Credential): string {
  const what = { keyOrigins: 'the key of slot', secretOrigins: 'the client secret of', tokenOrigins: 'the access token of' }[credential.kind];
  return `${what} "${credential.slot}"`;
}

function audienceList(audience: unknown): string[] {
  const list = Array.isArray(audience) ? audience : audience === undefined ? [] : [audience];
  return list.map((aud) => String(aud).slice(0, 200));
}

/** The origin of an audience that is a URL; otherwise the audience itself (never equal to an origin). */
function originOf(audience: string): string {
  try {
    return new URL(audience).origin;
  } catch {
    return audience;
  }
}
