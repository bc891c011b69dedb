import * as vscode from 'vscode';
import { PROVIDERS, providerById } from '../../core/providers';
import type { Provider } from '../../core/providers/provider';
import { parseProfile, type Profile } from '../../core/profile';
import { Command } from '../commandIds';
import type { Services } from '../services';
import { notificationText } from '../notificationText';

export interface NewProfileArgs {
  preset?: string;
  name?: string;
  answers?: Record<string, string>;
}

/** The guided profile wizard: a preset, its questions, a name; saved to settings and made active. */
export async function newProfileCommand(services: Services, args: NewProfileArgs = {}): Promise<string | undefined> {
  const preset = args.preset
    ? providerById(args.preset)
    : (await vscode.window.showQuickPick(PROVIDERS.map((p) => ({ label: p.label, detail: p.detail, preset: p })), { title: 'New Profile', placeHolder: 'Which service do you connect to?', matchOnDetail: true }))?.preset;
  if (!preset) return undefined;

  const answers: Record<string, string> = {};
  const total = preset.questions.length + 1;
  for (const [index, question] of preset.questions.entries()) {
    const given = args.answers?.[question.id];
    const answer = given ?? (await vscode.window.showInputBox({
      title: `New ${preset.label} Profile (${index + 1}/${total})`,
      prompt: question.prompt,
      placeHolder: question.placeholder,
      value: question.defaultValue,
      ignoreFocusOut: true,
      validateInput: (v) => (question.optional && v.trim() === '' ? undefined : question.validate?.(v.trim())),
    }));
    if (answer === undefined) return undefined;
    answers[question.id] = answer.trim();
  }

  const taken = new Set(services.config.profiles().profiles.map((p) => p.name));
  const suggested = uniqueName(preset.label, taken);
  const name = args.name ?? (await vscode.window.showInputBox({
    title: `New ${preset.label} Profile (${total}/${total})`,
    prompt: 'Profile name',
    value: suggested,
    ignoreFocusOut: true,
    validateInput: (v) => (!v.trim() ? 'Enter a name.' : taken.has(v.trim()) ? 'A profile with this name exists already.' : undefined),
  }));
  if (name === undefined) return undefined;

  // The same validation as any profile read from settings.
  // The provider is named, not left to recognition (which misses custom domains and loopback endpoints).
  const profile: Profile = parseProfile({ name: name.trim(), provider: preset.id, ...preset.build(answers) });
  await services.config.saveProfile(profile);
  await services.config.setActiveProfile(profile.name);
  services.log.info('profiles', `saved profile "${profile.name}" (${preset.label})`);
  await followUp(services, preset, profile);
  return profile.name;
}

async function followUp(services: Services, preset: Provider, profile: Profile): Promise<void> {
  const hasKey = Boolean(await services.keys.forProfile(profile.name));
  const steps: string[] = [];
  if (preset.needsClientSecret) steps.push('Set Client Secret');
  if (!hasKey) steps.push('Generate Key Pair');
  const message = `OAuth JWT: profile "${profile.name}" saved and active.${steps.length ? ` Next: ${steps.join(', then ')}.` : ''}`;
  void vscode.window.showInformationMessage(notificationText(message), ...steps).then((choice) => {
    if (choice === 'Set Client Secret') void vscode.commands.executeCommand(Command.SetClientSecret, profile.name);
    if (choice === 'Generate Key Pair') void vscode.commands.executeCommand(Command.GenerateKeyPair);
  });
}

function uniqueName(base: string, taken: Set<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base} ${i}`)) return `${base} ${i}`;
}
