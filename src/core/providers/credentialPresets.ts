import { localizable, type Localizable } from '../../shared/l10n';
import type { Credential, CredentialKind } from '../credentialFile';

/**
 * New Profile "from a file": which provider a credential file belongs to, and the answers to that
 * provider's questions the file gives. The file's other profile values (token URL, aud, kid) are
 * applied over what the provider builds; its key goes to the profile's key slot, a client secret
 * to SecretStorage.
 */
export interface CredentialPreset {
  kind: CredentialKind;
  /** The provider id (./index.ts). */
  provider: string;
  label: string;
  /** Marked for translation (localizable('…')). */
  detail: Localizable;
  answers(credential: Credential): Record<string, string>;
}

export const CREDENTIAL_PRESETS: readonly CredentialPreset[] = [
  {
    kind: 'google-service-account',
    provider: 'google',
    label: 'Google service account — from a service-account key file',
    detail: localizable('The JSON key file from IAM → Service accounts → Keys: e-mail, key ID, token URL and key read from it'),
    answers: (c): Record<string, string> => (c.profile?.issuer ? { email: c.profile.issuer } : {}),
  },
  {
    kind: 'box-config',
    provider: 'box',
    label: 'Box — from the app\'s config.json',
    detail: localizable('The file the Box Developer Console downloads: client ID, public key ID, enterprise ID, key and client secret read from it'),
    answers: (c) => {
      const answers: Record<string, string> = {};
      if (c.profile?.clientId) answers.clientId = c.profile.clientId;
      if (c.profile?.keyId) answers.publicKeyId = c.profile.keyId;
      if (c.profile?.subject) Object.assign(answers, { boxSubject: c.profile.subject, subjectType: 'enterprise' });
      return answers;
    },
  },
];
