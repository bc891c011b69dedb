/**
 * What the provider stand-ins (Entra, Okta, Salesforce, Keycloak) share: reading a token request's
 * form, and the RFC 7523 client assertion of a client_credentials request. Each server then
 * enforces its provider's documented rules and answers in that provider's error format.
 */
import { decodeProtectedHeader, type ProtectedHeaderParameters } from 'jose';
import { param, type RecordedRequest } from './localServer';

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** A refusal: HTTP status, OAuth error code and description (the server adds its own members). */
export interface Refusal {
  status: number;
  error: string;
  description: string;
}

export const refuse = (status: number, error: string, description: string): Refusal => ({ status, error, description });

/** The header of a JWT, or undefined when it is not one. */
export function jwtHeader(token: string): ProtectedHeaderParameters | undefined {
  try {
    return decodeProtectedHeader(token);
  } catch {
    return undefined;
  }
}

/**
 * The client assertion of a POSTed client_credentials form, or the refusal every private_key_jwt
 * server gives (RFC 6749 §5.2 codes): the grant, the assertion type, the assertion present.
 */
export function clientAssertionOf(request: RecordedRequest): { assertion: string; header: ProtectedHeaderParameters } | Refusal {
  if (request.method !== 'POST' || request.form.length === 0) return refuse(400, 'invalid_request', 'POST an application/x-www-form-urlencoded body');
  if (param(request.form, 'grant_type') !== 'client_credentials') return refuse(400, 'unsupported_grant_type', 'grant_type must be client_credentials');
  if (param(request.form, 'client_assertion_type') !== CLIENT_ASSERTION_TYPE) return refuse(400, 'invalid_request', `client_assertion_type must be ${CLIENT_ASSERTION_TYPE}`);
  const assertion = param(request.form, 'client_assertion');
  const header = assertion ? jwtHeader(assertion) : undefined;
  if (!assertion || !header) return refuse(400, 'invalid_request', 'client_assertion is missing or not a JWT');
  return { assertion, header };
}

export function isRefusal(value: object): value is Refusal {
  return 'error' in value && 'status' in value;
}
