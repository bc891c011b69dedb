import * as vscode from 'vscode';
import type { Credential } from '../../core/credentialFile';
import { withoutUndefined } from '../../core/exchangeConfig';
import { PROVIDERS, providerById } from '../../core/providers';
import { CREDENTIAL_PRESETS } from '../../core/providers/credentialPresets';
import type { Provider } from '../../core/providers/provider';
import { parseProfile, type Profile } from '../../core/profile';
import { OAuthJwtError } from '../../core/errors';
import { Command } from '../commandIds';
import { pickCredentialFile, readCredentialAsking, readCredentialFile } from '../credentialInput';
import type { Services } from '../services';
import { notificationText } from '../notificationText';
import { localize } from '../../shared/l10n';
import { storeClientSecret } from './setClientSecret';
import { askBinding, asksForBinding, missingCertificateAdvice, type BindingFields, type TokenBinding, type TokenEndpointAuth } from './tokenBinding';

export interface NewProfileArgs {
  preset?: string;
  name?: string;
  answers?: Record<string, string>;
  /** A credential file to build the profile from (Google service-account file, Box config.json). */
  file?: string;
  /** How tokens are bound (OAuth flows): answers the binding question. */
  binding?: TokenBinding;
  /** With binding "mtls" in a client-assertion flow: answers the client authentication question. */
  tokenEndpointAuth?: TokenEndpointAuth;
}

interface PresetChoice {
  preset: Provider;
  /** Build from a credential file of the provider's. */
  fromFile: boolean;
}

/** The guided profile wizard: a preset (or a provider's credential file), its questions, a name; saved to settings and made active. */
export async function newProfileCommand(services: Services, args: NewProfileArgs = {}): Promise<string | undefined> {
  const choice = args.preset ? presetById(args.preset, args.file !== undefined) : await pickPreset();
  if (!choice) return undefined;
  const { preset } = choice;

  let credential: Credential | undefined;
  if (choice.fromFile) {
    const path = args.file ?? (await pickCredentialFile(vscode.l10n.t('New {0} Profile: the key file', preset.label)));
    if (!path) return undefined;
    credential = await readCredentialAsking(await readCredentialFile(path));
    if (!credential) return undefined;
    const expected = CREDENTIAL_PRESETS.find((c) => c.provider === preset.id)!;
    if (credential.kind !== expected.kind) {
      throw new OAuthJwtError('INVALID_OPTION', vscode.l10n.t('This file is {0}, not what {1} hands out.', localize(vscode.l10n, credential.description), preset.label), vscode.l10n.t('Choose the file described as: {0}.', localize(vscode.l10n, expected.detail)));
    }
  }
  const fromFile = credential ? CREDENTIAL_PRESETS.find((c) => c.kind === credential!.kind)!.answers(credential) : {};

  const answers: Record<string, string> = {};
  const bindable = asksForBinding(preset.flow);
  const total = preset.questions.length + (bindable ? 2 : 1);
  for (const [index, question] of preset.questions.entries()) {
    const given = args.answers?.[question.id] ?? fromFile[question.id];
    const answer = given ?? (await vscode.window.showInputBox({
      title: vscode.l10n.t('New {0} Profile ({1}/{2})', preset.label, index + 1, total),
      prompt: localize(vscode.l10n, question.prompt),
      placeHolder: question.placeholder,
      value: question.defaultValue,
      ignoreFocusOut: true,
      validateInput: (v) => {
        const problem = question.optional && v.trim() === '' ? undefined : question.validate?.(v.trim());
        return problem && localize(vscode.l10n, problem);
      },
    }));
    if (answer === undefined) return undefined;
    answers[question.id] = answer.trim();
  }

  // OAuth token endpoints can bind tokens: to a DPoP key or to the TLS client certificate.
  let binding: BindingFields = {};
  if (bindable) {
    const tokenUrl = credential?.profile?.tokenUrl ?? preset.build(answers).tokenUrl;
    const chosen = await askBinding(preset.flow, tokenUrl, vscode.l10n.t('New {0} Profile ({1}/{2})', preset.label, total - 1, total), { binding: args.binding, tokenEndpointAuth: args.tokenEndpointAuth });
    if (!chosen) return undefined;
    binding = chosen;
  }

  const taken = new Set(services.config.profiles().profiles.map((p) => p.name));
  const suggested = uniqueName(preset.label, taken);
  const name = args.name ?? (await vscode.window.showInputBox({
    title: vscode.l10n.t('New {0} Profile ({1}/{2})', preset.label, total, total),
    prompt: vscode.l10n.t('Profile name'),
    value: suggested,
    ignoreFocusOut: true,
    validateInput: (v) => (!v.trim() ? vscode.l10n.t('Enter a name.') : taken.has(v.trim()) ? vscode.l10n.t('A profile with this name exists already.') : undefined),
  }));
  if (name === undefined) return undefined;

  // The file's values (token URL, aud, kid …) over what the preset builds; the same validation as any profile read from settings.
  // The provider is named, not left to recognition (which misses custom domains and loopback endpoints).
  const profile: Profile = parseProfile({ name: name.trim(), provider: preset.id, ...preset.build(answers), ...withoutUndefined(credential?.profile ?? {}), ...binding });
  await services.config.saveProfile(profile);
  await services.config.setActiveProfile(profile.name);
  services.log.info('profiles', `saved profile "${profile.name}" (${preset.label}${credential ? `, from ${credential.description}` : ''})`);
  if (credential) {
    await services.keys.save(profile.name, credential.key, credential.certificatePem);
    services.log.info('keys', `the key from ${credential.description} is stored for profile "${profile.name}"`);
    if (credential.clientSecret) await storeClientSecret(services, profile.name, credential.clientSecret);
  }
  await followUp(services, preset, profile);
  return profile.name;
}

function presetById(id: string, fromFile: boolean): PresetChoice | undefined {
  const preset = providerById(id);
  if (!preset) return undefined;
  if (fromFile && !CREDENTIAL_PRESETS.some((c) => c.provider === id)) {
    throw new OAuthJwtError('INVALID_OPTION', vscode.l10n.t('{0} profiles are not made from a file.', preset.label), vscode.l10n.t('Leave the file out and answer the questions.'));
  }
  return { preset, fromFile };
}

async function pickPreset(): Promise<PresetChoice | undefined> {
  const items = [
    ...PROVIDERS.map((p) => ({ label: p.label, detail: localize(vscode.l10n, p.detail), choice: { preset: p, fromFile: false } })),
    ...CREDENTIAL_PRESETS.map((c) => ({ label: c.label, detail: localize(vscode.l10n, c.detail), choice: { preset: providerById(c.provider)!, fromFile: true } })),
  ];
  return (await vscode.window.showQuickPick(items, { title: vscode.l10n.t('New Profile'), placeHolder: vscode.l10n.t('Which service do you connect to?'), matchOnDetail: true }))?.choice;
}

async function followUp(services: Services, preset: Provider, profile: Profile): Promise<void> {
  const slotKey = await services.keys.forProfile(profile.name);
  const hasSecret = Boolean(await services.secrets.getClientSecret(profile.name));
  const steps: string[] = [];
  const setClientSecret = vscode.l10n.t('Set Client Secret');
  const generateKeyPair = vscode.l10n.t('Generate Key Pair');
  const importCertificate = vscode.l10n.t('Import Certificate');
  if (preset.needsClientSecret && !hasSecret) steps.push(setClientSecret);
  if (!slotKey) steps.push(generateKeyPair);
  const saved = vscode.l10n.t('OAuth JWT: profile "{0}" saved and active.', profile.name);
  let message = steps.length ? `${saved} ${vscode.l10n.t('Next: {0}.', steps.join(vscode.l10n.t(', then ')))}` : saved;
  // mTLS presents the key's certificate: a key without one cannot get a token yet.
  const noCertificate = profile.mtls === true && slotKey !== undefined && !slotKey.certificatePem;
  if (noCertificate) {
    const { problem, remedy } = missingCertificateAdvice();
    message = `${saved} ${problem} ${vscode.l10n.t('Next: {0}', remedy)}`;
    steps.push(importCertificate, generateKeyPair);
  }
  const show = noCertificate ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void show(notificationText(message), ...steps).then((choice) => {
    if (choice === setClientSecret) void vscode.commands.executeCommand(Command.SetClientSecret, profile.name);
    if (choice === generateKeyPair) void vscode.commands.executeCommand(Command.GenerateKeyPair);
    if (choice === importCertificate) void vscode.commands.executeCommand(Command.ImportCertificate);
  });
}

function uniqueName(base: string, taken: Set<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base} ${i}`)) return `${base} ${i}`;
}
