import { DEFAULT_WARNING_DAYS, MAX_WARNING_DAYS } from '../core/certificateExpiry';
import * as vscode from 'vscode';
import { readBoundedFile } from '../core/boundedRead';
import { OAuthJwtError } from '../core/errors';
import { DEFAULT_LIFETIME_SECONDS, DEFAULT_TIMEOUT_MS, MAX_JSON_CHARS, MAX_LIFETIME_SECONDS } from '../core/limits';
import { parseProfiles, type Profile } from '../core/profile';

const SECTION = 'oauthJwt';
/** The assertion lifetime limit unless the user's own settings raise it. */
const DEFAULT_MAX_ASSERTION_LIFETIME_SECONDS = 3600;
/** The most a user can raise it to: the longest lifetime any profile may ask for. */
const MAX_ASSERTION_LIFETIME_SECONDS = 86_400;

/** Reads and writes the extension's settings; profiles are validated as untrusted input whenever their text changes. */
export class Config {
  /**
   * The last validation, by the settings' text: activation and every status-bar update ask for the
   * profiles several times, and validating them each time was most of activate()'s own work.
   */
  private parsed?: { text: string; profiles: Profile[]; errors: OAuthJwtError[] };

  /** Valid profiles, plus one error per invalid entry (a settings file may come from a repository). */
  profiles(): { profiles: Profile[]; errors: OAuthJwtError[] } {
    const raw = vscode.workspace.getConfiguration(SECTION).get<unknown>('profiles');
    const text = JSON.stringify(raw) ?? '';
    if (this.parsed?.text !== text) this.parsed = { text, ...this.validate(raw) };
    return { profiles: [...this.parsed.profiles], errors: [...this.parsed.errors] };
  }

  private validate(raw: unknown): { profiles: Profile[]; errors: OAuthJwtError[] } {
    if (raw === undefined || raw === null) return { profiles: [], errors: [] };
    if (!Array.isArray(raw)) {
      return { profiles: [], errors: [new OAuthJwtError('PROFILE_INVALID', vscode.l10n.t('"oauthJwt.profiles" must be an array of profiles.'), vscode.l10n.t('Edit oauthJwt.profiles in your settings.'))] };
    }
    return parseProfiles(raw);
  }

  profile(name: string): Profile | undefined {
    return this.profiles().profiles.find((p) => p.name === name);
  }

  /** The active profile: the one named by oauthJwt.activeProfile, else the only/first one. */
  activeProfile(): Profile | undefined {
    const { profiles } = this.profiles();
    const name = vscode.workspace.getConfiguration(SECTION).get<string>('activeProfile');
    return profiles.find((p) => p.name === name) ?? profiles[0];
  }

  async setActiveProfile(name: string): Promise<void> {
    await vscode.workspace.getConfiguration(SECTION).update('activeProfile', name, this.target());
  }

  /** Adds or replaces (by name) a profile in the workspace settings, or the user settings without a workspace. */
  async saveProfile(profile: Profile): Promise<void> {
    const config = vscode.workspace.getConfiguration(SECTION);
    const inspected = config.inspect<unknown[]>('profiles');
    const target = this.target();
    const current = (target === vscode.ConfigurationTarget.Workspace ? inspected?.workspaceValue : inspected?.globalValue) ?? [];
    const list = (Array.isArray(current) ? current : []).filter((p) => !(p && typeof p === 'object' && (p as { name?: unknown }).name === profile.name));
    list.push(withoutUndefined(profile));
    await config.update('profiles', list, target);
  }

  /**
   * The profile's lifetimeSeconds, else oauthJwt.defaultLifetimeSeconds when the user set it, else
   * undefined: the core's default then applies (300 s, or the provider's when shorter — Keycloak's
   * 60 s, Salesforce's 180 s), as in the CLI.
   */
  lifetimeSeconds(profile: Profile): number | undefined {
    if (profile.lifetimeSeconds !== undefined) return profile.lifetimeSeconds;
    const set = vscode.workspace.getConfiguration(SECTION).inspect<unknown>('defaultLifetimeSeconds');
    const chosen = set?.workspaceFolderValue ?? set?.workspaceValue ?? set?.globalValue;
    return chosen === undefined ? undefined : this.number('defaultLifetimeSeconds', DEFAULT_LIFETIME_SECONDS, 1, MAX_LIFETIME_SECONDS);
  }

  /**
   * The longest assertion lifetime signed, from oauthJwt.maxAssertionLifetimeSeconds in the user's
   * own settings only (application scope, and read as the user-level value): a workspace's value is
   * ignored, so a cloned repository cannot raise it. Default 1 h.
   */
  maxAssertionLifetimeSeconds(): number {
    const value = vscode.workspace.getConfiguration(SECTION).inspect<unknown>('maxAssertionLifetimeSeconds')?.globalValue;
    return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_ASSERTION_LIFETIME_SECONDS ? value : DEFAULT_MAX_ASSERTION_LIFETIME_SECONDS;
  }

  /**
   * Extra CA certificates (PEM text) from the machine-scoped oauthJwt.extraCaCertificatesFile, for
   * endpoints with a private CA. Machine scope: a workspace's settings cannot add trust.
   */
  async extraCaCertificates(): Promise<string | undefined> {
    const path = vscode.workspace.getConfiguration(SECTION).get<string>('extraCaCertificatesFile');
    if (!path) return undefined;
    let text: string;
    try {
      text = (await readBoundedFile(path, MAX_JSON_CHARS, `CA certificates file ${path} (oauthJwt.extraCaCertificatesFile)`)).toString('utf8');
    } catch (error) {
      // The reader's message names the file and what is wrong with it; the fix is in the settings.
      if (!(error instanceof OAuthJwtError)) throw error;
      throw new OAuthJwtError(error.code, error.localizable.message ?? error.message, vscode.l10n.t('Fix the path in your user settings, or clear the setting.'));
    }
    if (!text.includes('-----BEGIN CERTIFICATE-----')) {
      throw new OAuthJwtError('INVALID_PEM', vscode.l10n.t('The file {0} (oauthJwt.extraCaCertificatesFile) holds no PEM certificate.', path), vscode.l10n.t('Point the setting at a PEM file of CA certificates.'));
    }
    return text;
  }

  /** Days before a certificate's expiry that the status bar warns; 0 to 3650 (a workspace cannot make it negative or absurd). */
  certificateExpiryWarningDays(): number {
    return this.number('certificateExpiryWarningDays', DEFAULT_WARNING_DAYS, 0, MAX_WARNING_DAYS);
  }

  /** Days after activation that a previous key is retired by itself; 0 (the default) keeps it until Retire Previous Key. */
  retirePreviousKeyAfterDays(): number {
    return this.number('retirePreviousKeyAfterDays', 0, 0, 3650);
  }

  timeoutMs(): number {
    return this.number('requestTimeoutSeconds', DEFAULT_TIMEOUT_MS / 1000, 1, 600) * 1000;
  }

  private number(key: string, fallback: number, min: number, max: number): number {
    const value = vscode.workspace.getConfiguration(SECTION).get<unknown>(key);
    return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max ? value : fallback;
  }

  private target(): vscode.ConfigurationTarget {
    return vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  }
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
