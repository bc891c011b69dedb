import { msg, OAuthJwtError } from '../errors';
import { invalidOption } from '../exchangeConfig';
import type { Flow } from './flow';

/** Adobe Workfront's custom OAuth2 application, JWT flow: POST client_id, client_secret, jwt_token; RS256; no aud, no jti. */
export const workfrontFlow: Flow = {
  id: 'workfront',
  reservedParams: ['client_id', 'client_secret', 'jwt_token'],
  methods: ['POST'],
  algorithm: 'RS256',
  audience: false,
  jti: false,
  // iss = Customer ID, sub = User ID.
  claimDefaults: (config) => ({ iss: config.issuer, sub: config.subject }),
  validate(config, secrets) {
    if (!config.clientId) throw invalidOption('clientId', msg('is required for Workfront'), msg('Copy the Client ID from the OAuth2 application in Workfront.'));
    if (!config.issuer) throw invalidOption('issuer', msg('is required for Workfront: it is the iss claim, your Customer ID'), msg('Copy the Customer ID from the OAuth2 application details.'));
    if (!config.subject) throw invalidOption('subject', msg('is required for Workfront: it is the sub claim, your User ID'), msg('Use the User ID that set up the public key.'));
    if (config.algorithm !== undefined && config.algorithm !== 'RS256') throw invalidOption('algorithm', msg('must be RS256 for Workfront'), msg('Leave it out; Workfront signs with RS256.'));
    if (config.header?.alg !== undefined && config.header.alg !== 'RS256') throw invalidOption('header.alg', msg('must be RS256 for Workfront'), msg('Remove alg from the header; Workfront signs with RS256.'));
    if (config.audience !== undefined) throw invalidOption('audience', msg('is not used by Workfront, whose JWT has no aud claim'), msg('Remove the audience.'));
    if (secrets !== undefined && !secrets.clientSecret) {
      throw new OAuthJwtError('MISSING_SECRET', msg('Workfront needs the client secret of the OAuth2 application, and none is stored.'), msg('Set it with Set Client Secret (or --client-secret-env).'));
    }
  },
  requestParameters: (config, secrets, assertion) => [['client_id', config.clientId!], ['client_secret', secrets.clientSecret!], ['jwt_token', assertion]],
  errorHint(error) {
    if (error === 'invalid_client') return msg('Check the client ID and client secret of the Workfront OAuth2 application.');
    if (error === 'invalid_grant') return msg('Check that iss is the Customer ID, sub the User ID, that the certificate uploaded to the OAuth2 application belongs to this private key, and that exp is a few minutes ahead.');
    return undefined;
  },
};
