import { msg } from '../errors';
import { invalidOption } from '../exchangeConfig';
import type { Flow } from './flow';

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** RFC 7523 §2.2 / OIDC private_key_jwt: client_credentials with a client assertion, POST form or GET query (LogicNets). */
export const clientAssertionFlow: Flow = {
  id: 'client-assertion',
  reservedParams: ['grant_type', 'client_assertion_type', 'client_assertion', 'client_secret', 'client_id'],
  methods: ['POST', 'GET'],
  audience: true,
  jti: true,
  claimDefaults: (config) => ({ iss: config.issuer ?? config.clientId, sub: config.subject ?? config.clientId, aud: config.audience ?? config.tokenUrl }),
  validate(config) {
    if (!config.clientId && !(config.issuer && config.subject)) {
      throw invalidOption('clientId', msg('is required (it becomes iss and sub of the client assertion)'), msg('Enter the client id registered with the server.'));
    }
  },
  requestParameters(config, _secrets, assertion) {
    const scope: [string, string][] = config.scope !== undefined ? [['scope', config.scope]] : [];
    // RFC 8705 §2: a client authenticated by its TLS certificate names itself with client_id alone.
    if (config.tokenEndpointAuth === 'self_signed_tls_client_auth' || config.tokenEndpointAuth === 'tls_client_auth') {
      return [['grant_type', 'client_credentials'], ['client_id', config.clientId!], ...scope];
    }
    return [['grant_type', 'client_credentials'], ['client_assertion_type', CLIENT_ASSERTION_TYPE], ['client_assertion', assertion], ...scope];
  },
};
