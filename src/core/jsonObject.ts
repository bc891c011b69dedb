import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { msg, OAuthJwtError } from './errors';
import { MAX_JSON_CHARS } from './limits';
import { isNonArrayObject } from './plainObject';

/** A JSON object: a JWT header or claims set, a JWK, a token response. */
export type JsonObject = Record<string, unknown>;

/** "an array", "a string", "null" …: what a value is, for messages that must not quote it. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * JSON.parse turns a "__proto__" key into an own property; copying such an object with
 * assignment or Object.assign would then replace the copy's prototype. Refuse it anywhere.
 */
export function assertNoProtoKeys(value: unknown, what: string, depth = 0): void {
  if (depth > 64 || typeof value !== 'object' || value === null) return;
  for (const key of Object.keys(value)) {
    if (key === '__proto__') {
      throw new OAuthJwtError('INVALID_CLAIMS', `${what} has a "__proto__" member, which is refused.`,
        msg('Remove the "__proto__" member; it is never a meaningful JWT claim or header.'));
    }
    assertNoProtoKeys((value as Record<string, unknown>)[key], what, depth + 1);
  }
}

const JSON_ERRORS: Record<string, string> = {
  InvalidSymbol: 'an unexpected character',
  InvalidNumberFormat: 'a malformed number',
  PropertyNameExpected: 'a missing property name (names need double quotes; no trailing commas)',
  ValueExpected: 'a missing value',
  ColonExpected: 'a missing ":"',
  CommaExpected: 'a missing ","',
  CloseBraceExpected: 'a missing "}"',
  CloseBracketExpected: 'a missing "]"',
  EndOfFileExpected: 'text after the end of the JSON value',
  InvalidCommentToken: 'a comment, which JSON does not allow',
  UnexpectedEndOfComment: 'an unclosed comment',
  UnexpectedEndOfString: 'an unclosed string',
  UnexpectedEndOfNumber: 'an unfinished number',
  InvalidUnicode: 'a bad \\u escape',
  InvalidEscapeCharacter: 'a bad escape sequence',
  InvalidCharacter: 'a control character inside a string',
};

/** "line L, column C" (1-based) of an offset, for messages that must not quote the text. */
export function position(text: string, offset: number): string {
  const before = text.slice(0, offset);
  return `line ${before.split('\n').length}, column ${offset - before.lastIndexOf('\n')}`;
}

/** What a parse error is and where, in words, without quoting the text (it may hold a secret). */
export function describeSyntaxError(text: string, error: ParseError): string {
  return `${JSON_ERRORS[printParseErrorCode(error.error)] ?? 'a syntax error'} at ${position(text, error.offset)}`;
}

/** Says where and what the first syntax error is, without quoting the text (it may hold a secret). */
function describeJsonError(text: string): string {
  const errors: ParseError[] = [];
  parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (!first) return 'it is not valid JSON';
  if (text.slice(0, first.offset).trim() !== '') {
    try {
      JSON.parse(text.slice(0, first.offset));
      return `text after the end of the JSON value at ${position(text, first.offset)}`;
    } catch {
      // the prefix is not complete JSON, so the error is inside the value, as described
    }
  }
  return describeSyntaxError(text, first);
}

/** Parses JSON text that must be an object (size-capped; INVALID_JSON with position, or INVALID_CLAIMS; "__proto__" members refused). */
export function parseJsonObject(text: string, what: string): JsonObject {
  if (typeof text !== 'string') throw new OAuthJwtError('INVALID_JSON', `${what} is ${describeType(text)}, not JSON text.`, msg('Give the JSON as text.'));
  if (text.length > MAX_JSON_CHARS) {
    throw new OAuthJwtError('INPUT_TOO_LARGE', `${what} is ${text.length} characters long; at most ${MAX_JSON_CHARS} are accepted.`, msg('Give a smaller JSON object.'));
  }
  const source = text.replace(/^\uFEFF/, '');
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch {
    throw new OAuthJwtError('INVALID_JSON', `${what} is not valid JSON: ${describeJsonError(source)}.`, msg('Fix the JSON there; names and strings need double quotes, and trailing commas are not allowed.'));
  }
  if (!isNonArrayObject(value)) throw new OAuthJwtError('INVALID_CLAIMS', `${what} must be a JSON object ({…}), not ${describeType(value)}.`, 'Wrap the members in {"name": value, …}.');
  assertNoProtoKeys(value, what);
  return value;
}
