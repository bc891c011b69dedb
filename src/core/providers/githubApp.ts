import { msg } from '../errors';
import type { Provider } from './provider';
import { httpsUrl, nonEmpty, trimEnd } from './questions';
import { localizable } from '../../shared/l10n';

/** GitHub's "Generating a JSON Web Token (JWT) for a GitHub App": exp "no more than 10 minutes into the future". */
export const githubApp: Provider = {
  id: 'github-app',
  label: 'GitHub App installation',
  detail: localizable('RS256 app JWT as Bearer → installation access token'),
  flow: 'github-app',
  needsClientSecret: false,
  // From an iat 60 s in the past: exp is 9 minutes from now.
  lifetimeSeconds: 600,
  maxLifetimeSeconds: 600,
  keyTypes: ['rsa'],
  fallbackFor: 'github-app',
  questions: [
    { id: 'clientId', prompt: localizable('The app\'s client ID (or app ID) — becomes the JWT iss'), placeholder: 'Iv23li…', validate: nonEmpty(localizable('The client ID is required.')) },
    { id: 'installationId', prompt: localizable('Installation ID (digits, from …/settings/installations/NUMBER)'), validate: (v) => (/^\d{1,20}$/.test(v.trim()) ? undefined : localizable('Enter the installation\'s number (digits only).')) },
    { id: 'tokenUrl', prompt: localizable('API base URL (GitHub Enterprise Server: https://HOST/api/v3)'), defaultValue: 'https://api.github.com', validate: httpsUrl },
  ],
  build: (a) => ({ flow: 'github-app', tokenUrl: trimEnd(a.tokenUrl || 'https://api.github.com'), clientId: a.clientId, installationId: a.installationId.trim(), algorithm: 'RS256', lifetimeSeconds: 600 }),
  recognize: ({ flow }) => (flow === 'github-app' ? 'flow' : undefined),
  rules({ header, report }) {
    if (header.alg !== 'RS256') report.error('alg', msg('GitHub verifies app JWTs with RS256 only.'));
  },
};
