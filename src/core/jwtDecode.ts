import { type Message, msg, OAuthJwtError } from './errors';
import { describeType, type JsonObject } from './jsonObject';
import { isNonArrayObject } from './plainObject';
import { MAX_TOKEN_CHARS } from './limits';

export interface DecodedJwt {
  header: JsonObject;
  payload: JsonObject;
  /** base64url signature part as given. */
  signature: string;
  /** Always false: decoding never checks the signature. */
  verified: false;
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** INVALID_TOKEN with a message that never quotes the token. */
export function invalidToken(message: string | Message, hint: string | Message = msg('Copy the whole token again: three base64url parts joined by dots (header.payload.signature).')): OAuthJwtError {
  return new OAuthJwtError('INVALID_TOKEN', message, hint);
}

function assertTokenSize(token: unknown): asserts token is string {
  if (typeof token !== 'string') throw invalidToken(msg('The token is {0}, not text.', describeType(token)));
  if (token.length > MAX_TOKEN_CHARS) {
    throw new OAuthJwtError('INPUT_TOO_LARGE', msg('The token is {0} characters long; at most {1} are accepted.', token.length, MAX_TOKEN_CHARS),
      msg('Paste only the token itself.'));
  }
}

/** The compact token without surrounding white space or a leading "Bearer ". */
export function normalizeToken(token: string): string {
  return token.trim().replace(/^Bearer\s+/i, '').trim();
}

function decodeSegment(segment: string, part: 'header' | 'payload'): JsonObject {
  if (segment === '') throw invalidToken(msg('The {0} part of the token is empty.', part));
  if (!BASE64URL.test(segment)) {
    const standard = /[+/=]/.test(segment);
    throw invalidToken(msg('The {0} part of the token is not base64url: it holds characters other than A–Z, a–z, 0–9, "-" and "_".', part),
      standard ? msg('It looks like standard base64 ("+", "/" or "="); JWTs use base64url without padding.') : undefined);
  }
  if (segment.length % 4 === 1) throw invalidToken(msg('The {0} part of the token has a length no base64url text can have; it was probably cut short.', part));
  let text: string;
  try {
    text = utf8.decode(Buffer.from(segment, 'base64url'));
  } catch {
    throw invalidToken(msg('The {0} part of the token does not decode to UTF-8 text.', part));
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalidToken(msg('The {0} part of the token is not JSON.', part));
  }
  if (!isNonArrayObject(value)) throw invalidToken(msg('The {0} part of the token is {1}, not a JSON object.', part, describeType(value)));
  return value;
}

/**
 * Decodes without verifying. Size-capped (MAX_TOKEN_CHARS) before parsing; white space around the
 * token and a leading "Bearer " are ignored. INVALID_TOKEN (saying exactly what is wrong) for: not three
 * segments (a five-segment JWE is named as such), bad base64url, header or payload not a JSON object.
 */
export function decodeJwt(token: string): DecodedJwt {
  assertTokenSize(token);
  const compact = normalizeToken(token);
  if (compact === '') throw invalidToken(msg('No token was given.'), msg('Paste a JWT: three base64url parts joined by dots.'));
  const parts = compact.split('.');
  if (parts.length === 5) {
    throw invalidToken(msg('This is an encrypted JWE (five parts), not a signed JWT; its contents cannot be read without the recipient\'s private key.'),
      msg('Decode and verify signed JWTs (three parts) here.'));
  }
  if (parts.length !== 3) {
    throw invalidToken(parts.length === 1 ? msg('The token has {0} part; a signed JWT has three (header.payload.signature).', parts.length) : msg('The token has {0} parts; a signed JWT has three (header.payload.signature).', parts.length),
      parts.length === 2 ? msg('The signature part is missing; the token was probably cut short when copied.') : undefined);
  }
  const [headerPart, payloadPart, signature] = parts as [string, string, string];
  const header = decodeSegment(headerPart, 'header');
  const payload = decodeSegment(payloadPart, 'payload');
  if (!BASE64URL.test(signature)) throw invalidToken(msg('The signature part of the token is not base64url.'));
  return { header, payload, signature, verified: false };
}
