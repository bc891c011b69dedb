import type { Flow } from './flow';

/**
 * No exchange: the signed JWT is itself the bearer token (App Store Connect API, Sign in with
 * Apple's client secret, Snowflake key-pair authentication, Google's self-signed JWT for an API).
 * It is cached until shortly before its `exp` and signed anew after. The preset (provider) adds
 * what its API wants; the flow only maps the common fields.
 */
export const selfSignedFlow: Flow = {
  id: 'self-signed',
  reservedParams: ['client_secret'],
  methods: ['POST'],
  audience: false,
  jti: false,
  selfIssued: true,
  claimDefaults: (config) => ({ iss: config.issuer ?? config.clientId, sub: config.subject, aud: config.audience }),
  validate() {
    // What a self-signed JWT must hold is the preset's to say (its rules); nothing is sent to the token URL.
  },
  requestParameters: () => [],
};
