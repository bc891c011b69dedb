import { msg } from '../errors';
import { invalidOption } from '../exchangeConfig';
import type { Flow } from './flow';

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** RFC 7523 §2.1 authorization grant (Google, Salesforce): grant_type and assertion, optional client_secret_post. */
export const jwtBearerFlow: Flow = {
  id: 'jwt-bearer',
  reservedParams: ['grant_type', 'assertion', 'client_secret'],
  methods: ['POST'],
  audience: true,
  jti: true,
  // `scope` becomes the scope claim (Google style) unless the profile's claims set one.
  claimDefaults: (config) => ({ iss: config.issuer ?? config.clientId, sub: config.subject, aud: config.audience ?? config.tokenUrl, scope: config.scope }),
  validate(config, secrets) {
    if (!config.issuer && !config.clientId) throw invalidOption('issuer', msg('is required for the jwt-bearer grant (the iss claim)'), msg('Enter the issuer, for example the service-account email or the consumer key.'));
    if (secrets?.clientSecret && !config.clientId) throw invalidOption('clientId', msg('is required when a client secret is sent with the jwt-bearer grant'), msg('Enter the client id, or remove the client secret.'));
  },
  requestParameters(config, secrets, assertion) {
    // Optional client authentication (client_secret_post) for servers that want it, e.g. Salesforce's consumer secret.
    const client: [string, string][] = secrets.clientSecret ? [['client_id', config.clientId!], ['client_secret', secrets.clientSecret]] : [];
    return [['grant_type', JWT_BEARER_GRANT], ['assertion', assertion], ...client];
  },
};
