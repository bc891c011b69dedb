import { msg } from '../errors';
import type { Provider } from './provider';
import { hostname, nonEmpty, pathSegment } from './questions';
import { localizable } from '../../shared/l10n';

export const logicnets: Provider = {
  id: 'logicnets',
  label: 'LogicNets',
  detail: localizable('RFC 7523 client credentials with an RS256-signed JWT, sent as GET query parameters'),
  flow: 'client-assertion',
  needsClientSecret: false,
  lifetimeSeconds: 300,
  keyTypes: ['rsa'],
  questions: [
    { id: 'host', prompt: localizable('LogicNets host'), placeholder: 'lua5.logicnets.local', validate: hostname },
    { id: 'company', prompt: localizable('Company (the first path segment)'), placeholder: 'logicnets', validate: pathSegment },
    { id: 'clientId', prompt: localizable('Client ID of the server user (becomes the JWT sub)'), placeholder: '4664FD8C-9CEC-A8A2-D666-02A352A492A1', validate: nonEmpty(localizable('The client ID is required.')) },
    { id: 'issuer', prompt: localizable('Issuer: an identifier of your API client (becomes the JWT iss)'), placeholder: 'https://client.org', validate: nonEmpty(localizable('The issuer is required.')) },
    { id: 'nonce', prompt: localizable('Header nonce (optional: leave empty to send a fresh random one with every request)'), optional: true },
  ],
  build: (a) => ({
    flow: 'client-assertion',
    method: 'GET',
    tokenUrl: `https://${a.host}/${a.company}/oauth2token`,
    audience: `https://${a.host}/${a.company}`,
    clientId: a.clientId,
    subject: a.clientId,
    issuer: a.issuer,
    algorithm: 'RS256',
    // An empty nonce is replaced by a fresh random value for every request (assertionPlan.ts).
    header: { nonce: a.nonce?.trim() ?? '' },
    lifetimeSeconds: 300,
  }),
  recognize: ({ flow, path }) => (flow === 'client-assertion' && /\/oauth2token$/.test(path) ? 'path' : undefined),
  rules({ payload, method, report }) {
    if (method && method !== 'GET') report.warn('method', msg('LogicNets documents a GET request with query parameters.'));
    if (payload.iss !== undefined && payload.iss === payload.sub) report.warn('iss', msg('LogicNets wants "iss" to be an identifier of your API client, different from "sub" (the client id).'));
  },
};
