import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { type Message, msg, OAuthJwtError } from './errors';
import type { MessageArgument } from '../shared/l10n';
import { MAX_JSON_CHARS } from './limits';
import { isNonArrayObject } from './plainObject';

/** A JSON object: a JWT header or claims set, a JWK, a token response. */
export type JsonObject = Record<string, unknown>;

/** "an array", "a string", "null" …: what a value is, for messages that must not quote it. */
export function describeType(value: unknown): Message {
  if (value === null) return msg('null');
  if (Array.isArray(value)) return msg('an array');
  switch (typeof value) {
    case 'object': return msg('an object');
    case 'string': return msg('a string');
    case 'number': return msg('a number');
    case 'boolean': return msg('a boolean');
    case 'bigint': return msg('a bigint');
    case 'symbol': return msg('a symbol');
    case 'function': return msg('a function');
    default: return msg('a undefined');
  }
}

/**
 * JSON.parse turns a "__proto__" key into an own property; copying such an object with
 * assignment or Object.assign would then replace the copy's prototype. Refuse it anywhere.
 */
export function assertNoProtoKeys(value: unknown, what: MessageArgument, depth = 0): void {
  if (depth > 64 || typeof value !== 'object' || value === null) return;
  for (const key of Object.keys(value)) {
    if (key === '__proto__') {
      throw new OAuthJwtError('INVALID_CLAIMS', msg('{0} has a "__proto__" member, which is refused.', what),
        msg('Remove the "__proto__" member; it is never a meaningful JWT claim or header.'));
    }
    assertNoProtoKeys((value as Record<string, unknown>)[key], what, depth + 1);
  }
}

const JSON_ERRORS: Record<string, Message> = {
  InvalidSymbol: msg('an unexpected character'),
  InvalidNumberFormat: msg('a malformed number'),
  PropertyNameExpected: msg('a missing property name (names need double quotes; no trailing commas)'),
  ValueExpected: msg('a missing value'),
  ColonExpected: msg('a missing ":"'),
  CommaExpected: msg('a missing ","'),
  CloseBraceExpected: msg('a missing "}"'),
  CloseBracketExpected: msg('a missing "]"'),
  EndOfFileExpected: msg('text after the end of the JSON value'),
  InvalidCommentToken: msg('a comment, which JSON does not allow'),
  UnexpectedEndOfComment: msg('an unclosed comment'),
  UnexpectedEndOfString: msg('an unclosed string'),
  UnexpectedEndOfNumber: msg('an unfinished number'),
  InvalidUnicode: msg('a bad \\u escape'),
  InvalidEscapeCharacter: msg('a bad escape sequence'),
  InvalidCharacter: msg('a control character inside a string'),
};

/** "line L, column C" (1-based) of an offset, for messages that must not quote the text. */
export function position(text: string, offset: number): Message {
  const before = text.slice(0, offset);
  return msg('line {0}, column {1}', before.split('\n').length, offset - before.lastIndexOf('\n'));
}

/** What a parse error is and where, in words, without quoting the text (it may hold a secret). */
export function describeSyntaxError(text: string, error: ParseError): Message {
  return msg('{0} at {1}', JSON_ERRORS[printParseErrorCode(error.error)] ?? msg('a syntax error'), position(text, error.offset));
}

/** Says where and what the first syntax error is, without quoting the text (it may hold a secret). */
function describeJsonError(text: string): Message {
  const errors: ParseError[] = [];
  parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (!first) return msg('it is not valid JSON');
  if (text.slice(0, first.offset).trim() !== '') {
    try {
      JSON.parse(text.slice(0, first.offset));
      return msg('{0} at {1}', msg('text after the end of the JSON value'), position(text, first.offset));
    } catch {
      // the prefix is not complete JSON, so the error is inside the value, as described
    }
  }
  return describeSyntaxError(text, first);
}

/** Parses JSON text that must be an object (size-capped; INVALID_JSON with position, or INVALID_CLAIMS; "__proto__" members refused). */
export function parseJsonObject(text: string, what: MessageArgument): JsonObject {
  if (typeof text !== 'string') throw new OAuthJwtError('INVALID_JSON', msg('{0} is {1}, not JSON text.', what, describeType(text)), msg('Give the JSON as text.'));
  if (text.length > MAX_JSON_CHARS) {
    throw new OAuthJwtError('INPUT_TOO_LARGE', msg('{0} is {1} characters long; at most {2} are accepted.', what, text.length, MAX_JSON_CHARS), msg('Give a smaller JSON object.'));
  }
  const source = text.replace(/^\uFEFF/, '');
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch {
    throw new OAuthJwtError('INVALID_JSON', msg('{0} is not valid JSON: {1}.', what, describeJsonError(source)), msg('Fix the JSON there; names and strings need double quotes, and trailing commas are not allowed.'));
  }
  if (!isNonArrayObject(value)) throw new OAuthJwtError('INVALID_CLAIMS', msg('{0} must be a JSON object ({…}), not {1}.', what, describeType(value)), msg('Wrap the members in {"name": value, …}.'));
  assertNoProtoKeys(value, what);
  return value;
}
