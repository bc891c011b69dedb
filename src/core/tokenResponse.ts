import type { Clock } from './clock';
import { type Message, msg, OAuthErrorResponse, OAuthJwtError } from './errors';
import type { HttpResponse } from './http';
import type { FlowId } from './flowIds';
import { FLOWS } from './flows';
import type { JsonObject } from './jsonObject';
import { decodeJwt } from './jwtDecode';
import type { Provider } from './providers/provider';
import { redact } from './redact';

/**
 * RFC 6750 §2.1 b64token, plus "!": the only characters an access token may hold. Salesforce's
 * tokens are "<org id>!<token>" (00D…!AQ…): refusing "!" refused every Salesforce token, and "!" is
 * as harmless in a terminal or a header as the b64token characters.
 */
const B64TOKEN = /^[A-Za-z0-9\-._~+/!]+=*$/;

/** Beyond this difference between the server's Date header and our clock, invalid_grant is explained as clock skew. */
export const CLOCK_SKEW_WARNING_SECONDS = 30;

/** What the token response reader needs to know about the request it answers. */
export interface TokenResponseContext {
  /** The token URL (only its origin ever appears in a message). */
  url: URL;
  flow: FlowId;
  /** Its hints come before the flow's (Okta's DPoP errors, Keycloak's assertion age). */
  provider?: Pick<Provider, 'errorHint'>;
  clock: Clock;
  /** Secrets to scrub from anything the server echoes back. */
  knownSecrets?: string[];
}

/** The successful part of a token response, before the caller stamps it. */
export interface ParsedToken {
  accessToken: string;
  tokenType?: string;
  expiresAt?: number;
  obtainedAt: number;
  response: JsonObject;
}

/** Server text is shown to people: keep it printable, short, and free of anything secret. */
export function serverText(value: string, max: number, knownSecrets: string[] = []): string {
  // Redacted whole, before anything is cut: a secret that straddled the cut would no longer be recognised.
  // Then control characters go (they could rewrite a terminal line or forge a log entry).
  const printable = redact(value, knownSecrets).replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  return printable.length > max ? `${printable.slice(0, max)}…` : printable;
}

function header(response: HttpResponse, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function skewExplanation(serverDate: string | undefined, clock: Clock): Message | undefined {
  if (!serverDate) return undefined;
  const serverMs = Date.parse(serverDate);
  if (Number.isNaN(serverMs)) return undefined;
  const skew = Math.round((serverMs - clock()) / 1000);
  if (Math.abs(skew) <= CLOCK_SKEW_WARNING_SECONDS) return undefined;
  return skew > 0
    ? msg('The server\'s clock (Date: {0}) is {1} s ahead of this machine\'s. The JWT\'s iat and exp come from this machine\'s clock, so the server may see it as expired or not yet valid: correct this machine\'s time (enable NTP time sync) and try again.', serverText(serverDate, 40), Math.abs(skew))
    : msg('The server\'s clock (Date: {0}) is {1} s behind this machine\'s. The JWT\'s iat and exp come from this machine\'s clock, so the server may see it as expired or not yet valid: correct this machine\'s time (enable NTP time sync) and try again.', serverText(serverDate, 40), Math.abs(skew));
}

/** What to do about an RFC 6749 §5.2 error code: the provider's or the flow's own hint where it has one, else the general one. */
export function oauthErrorHint(error: string, flow: FlowId, skew?: Message, provider?: Pick<Provider, 'errorHint'>): Message {
  const own = provider?.errorHint?.(error) ?? FLOWS[flow]?.errorHint?.(error);
  switch (error) {
    case 'invalid_client':
      return own ?? msg('The server did not accept the client authentication: check the client id (iss and sub), aud, that the server holds this key\'s public key or certificate (and its kid), and the algorithm it expects.');
    case 'invalid_grant': {
      const claims = own ?? msg('Check iss, sub and aud, that the server holds this key\'s public key, and that exp is not too far ahead; a jti that was already used is refused too. A server that wants DPoP-bound tokens (RFC 9449) refuses a request without a proof: then set "dpop": true in the profile.');
      return skew ? msg('{0} {1}', skew, claims) : msg('Clocks agree within {0} s. {1}', CLOCK_SKEW_WARNING_SECONDS, claims);
    }
    case 'unauthorized_client':
      return msg('The client may not use this grant type: enable it (client credentials or JWT bearer) for the client on the server.');
    case 'invalid_scope':
      return msg('Request only scopes the client has been granted, spelled as the provider documents them (space-separated).');
    case 'invalid_request':
      return msg('A parameter is missing, repeated or malformed: compare the request (Copy as curl) with the provider\'s documentation, including GET versus POST.');
    case 'unsupported_grant_type':
      return msg('This token URL does not support the grant: check the flow and the token URL.');
    case 'access_denied':
      return msg('The server refused access for this client or user: check its permissions on the server.');
    case 'invalid_target':
      return msg('The server does not know the requested resource or audience: check the resource or audience parameter.');
    case 'use_dpop_nonce':
      return own ?? msg('The server asked again for a DPoP nonce after the retry with its nonce (RFC 9449 §8): try again; if it persists, the server\'s nonces may be expiring at once (check both clocks).');
    case 'invalid_dpop_proof':
      return own ?? msg('The server refused the DPoP proof (RFC 9449): check this machine\'s clock (the proof\'s iat), and that the server accepts the DPoP key\'s algorithm (ES256).');
    case 'temporarily_unavailable':
    case 'server_error':
      return msg('The server had a problem: try again later.');
    default:
      return own ?? msg('Look this error code up in the provider\'s documentation.');
  }
}

function statusHint(status: number): Message {
  if (status === 401 || status === 403) return msg('Check the client credentials and the key registered with the server.');
  if (status === 404) return msg('Check the token URL.');
  if (status === 405) return msg('The server does not take this method here: check the token URL, and whether it wants GET or POST.');
  if (status === 429) return msg('The server is rate-limiting: wait a little and try again.');
  if (status >= 500) return msg('The server failed: try again later, or ask its operator.');
  return msg('Compare the request (Copy as curl) with the provider\'s documentation.');
}

function describeNonJson(response: HttpResponse): Message {
  const type = header(response, 'content-type')?.split(';')[0]?.trim().toLowerCase();
  if (response.body.trim() === '') return msg('an empty body');
  if (type === 'text/html' || /^\s*</.test(response.body)) return msg('an HTML page');
  return type ? msg('{0} content', serverText(type, 60)) : msg('a body that is not JSON');
}

/** Longer than this is no real lifetime (and far enough out breaks Date): the expiry counts as unknown. */
const MAX_EXPIRES_IN_SECONDS = 10 * 365 * 86_400;
/** 9999-12-31T23:59:59Z: a JWT `exp` beyond it is treated as unknown. */
const MAX_EXP_SECONDS = 253_402_300_799;

function expiryOf(response: JsonObject, accessToken: string, obtainedAt: number): number | undefined {
  const expiresIn = typeof response.expires_in === 'string' && /^\d{1,10}$/.test(response.expires_in)
    ? Number(response.expires_in) : response.expires_in;
  if (typeof expiresIn === 'number' && Number.isFinite(expiresIn) && expiresIn > 0) {
    return expiresIn <= MAX_EXPIRES_IN_SECONDS ? obtainedAt + expiresIn * 1000 : undefined;
  }
  if (!accessToken.startsWith('eyJ')) return undefined;
  try {
    const exp = decodeJwt(accessToken).payload.exp;
    return typeof exp === 'number' && Number.isFinite(exp) && exp > 0 && exp <= MAX_EXP_SECONDS ? exp * 1000 : undefined;
  } catch {
    return undefined; // an opaque token that merely looks like a JWT: expiry unknown
  }
}

/** An absolute expiry time (GitHub's expires_at, ISO 8601) in ms; unknown when absent or unreadable. */
function expiryAt(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) && ms > 0 && ms <= MAX_EXP_SECONDS * 1000 ? ms : undefined;
}

/**
 * Reads a token endpoint's answer (SPEC §1): 3xx → REDIRECT (never followed; names the Location's
 * origin only), an RFC 6749 §5.2 error → OAuthErrorResponse with a hint per code (invalid_grant
 * compares the server's Date header with our clock), other non-2xx → HTTP_STATUS, anything not a JSON
 * object → BAD_RESPONSE, no non-empty string access_token → NO_ACCESS_TOKEN, an access_token that
 * is not an RFC 6750 b64token (control characters, terminal escapes, spaces) → BAD_RESPONSE.
 */
export function readTokenResponse(response: HttpResponse, context: TokenResponseContext): ParsedToken {
  const { status } = response;
  const origin = context.url.origin;
  const where = msg('The token endpoint at {0}', origin);

  if (status >= 300 && status < 400) {
    const location = header(response, 'location');
    let target: string | Message = msg('another address');
    try {
      if (location) target = new URL(location, context.url).origin;
    } catch {
      target = msg('an unreadable address');
    }
    throw new OAuthJwtError('REDIRECT', msg('{0} answered {1} and redirects to {2}; redirects are never followed.', where, status, target),
      msg('Use the final token URL in the profile if you trust that address; a token endpoint should not redirect.'));
  }

  let parsed: unknown;
  try {
    parsed = response.body.trim() === '' ? undefined : JSON.parse(response.body);
  } catch {
    parsed = undefined;
  }
  const json = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as JsonObject) : undefined;

  if (json && typeof json.error === 'string' && json.error !== '') {
    const serverDate = header(response, 'date');
    const skew = json.error === 'invalid_grant' ? skewExplanation(serverDate, context.clock) : undefined;
    const description = typeof json.error_description === 'string' ? serverText(json.error_description, 300, context.knownSecrets) : undefined;
    const code = serverText(json.error, 80, context.knownSecrets);
    throw new OAuthErrorResponse(status, code, description, oauthErrorHint(code, context.flow, skew, context.provider), serverDate);
  }
  const flow = FLOWS[context.flow];
  if (status < 200 || status >= 300) {
    const own = json && flow?.describeError?.(status, json);
    if (own) {
      // A refused JWT (GitHub's stale-JWT 401) is often this machine's clock: say so first when the server's Date shows it.
      const skew = status === 401 ? skewExplanation(header(response, 'date'), context.clock) : undefined;
      throw new OAuthJwtError('HTTP_STATUS', msg('{0} answered {1}: {2}.', where, status, serverText(own.message, 300, context.knownSecrets)), skew ? msg('{0} {1}', skew, own.hint) : own.hint);
    }
    throw new OAuthJwtError('HTTP_STATUS', json ? msg('{0} answered {1}.', where, status) : msg('{0} answered {1} with {2}.', where, status, describeNonJson(response)), statusHint(status));
  }
  if (!json) {
    const what = describeNonJson(response);
    throw new OAuthJwtError('BAD_RESPONSE', msg('{0} answered {1} with {2}, not a JSON token response.', where, status, what),
      what.template === 'an HTML page'
        ? msg('Check the token URL: it points at a web page (a login page or a portal), not at the token endpoint.')
        : msg('Check the token URL: a token endpoint answers with a JSON object.'));
  }

  const tokenMember = flow?.tokenMembers?.token ?? 'access_token';
  const accessToken = json[tokenMember];
  if (typeof accessToken !== 'string' || accessToken === '') {
    const members = Object.keys(json).slice(0, 12).map((name) => serverText(name, 40)).join(', ') || 'none';
    throw new OAuthJwtError('NO_ACCESS_TOKEN', tokenMember === 'access_token' ? msg('{0} answered {1} without an access_token (members: {2}).', where, status, members) : msg('{0} answered {1} without a "{2}" (members: {3}).', where, status, tokenMember, members),
      msg('Check the flow and the token URL: this endpoint did not issue an access token.'));
  }
  // The token is printed by the CLI and copied to the clipboard: a control character (an OSC 52
  // terminal escape, CR/LF) must never reach a terminal or a header. Never repeated in the message.
  if (!B64TOKEN.test(accessToken)) {
    throw new OAuthJwtError('BAD_RESPONSE', msg('{0} answered {1} with an access_token that is not a bearer token: it holds characters RFC 6750 does not allow (control characters, spaces or others); it was not used.', where, status),
      msg('Report this to the server\'s operator: an access token is made of letters, digits and - . _ ~ + / ! (with = at the end).'));
  }
  const obtainedAt = context.clock();
  return {
    accessToken,
    tokenType: typeof json.token_type === 'string' ? json.token_type : undefined,
    expiresAt: flow?.tokenMembers ? expiryAt(json[flow.tokenMembers.expiresAt]) : expiryOf(json, accessToken, obtainedAt),
    obtainedAt,
    response: json,
  };
}
