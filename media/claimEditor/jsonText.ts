/** JSON text for the editor: pretty printing, and parsing that says where the first error is. */
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { isJsonObject, type JsonObject } from '../../src/shared/protocol';

export interface JsonLocation {
  /** Offset into the text (0-based). */
  offset: number;
  /** 1-based line and column, as editors show them. */
  line: number;
  column: number;
}

export interface JsonProblem extends JsonLocation {
  message: string;
}

export type ParsedObject = { ok: true; value: JsonObject } | { ok: false; problem: JsonProblem };

const DESCRIPTIONS: Record<string, string> = {
  InvalidSymbol: 'Unexpected character',
  InvalidNumberFormat: 'Malformed number',
  PropertyNameExpected: 'Property name expected (names need double quotes; no trailing commas)',
  ValueExpected: 'Value expected',
  ColonExpected: '":" expected',
  CommaExpected: '"," expected',
  CloseBraceExpected: '"}" expected',
  CloseBracketExpected: '"]" expected',
  EndOfFileExpected: 'Text after the end of the object',
  InvalidCommentToken: 'Comments are not allowed in JSON',
  UnexpectedEndOfComment: 'Unclosed comment',
  UnexpectedEndOfString: 'Unclosed string',
  UnexpectedEndOfNumber: 'Unfinished number',
  InvalidUnicode: 'Bad \\u escape',
  InvalidEscapeCharacter: 'Bad escape sequence',
  InvalidCharacter: 'Control character inside a string',
};

export function locate(text: string, offset: number): JsonLocation {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { offset, line, column: offset - before.lastIndexOf('\n') };
}

export function formatJson(value: JsonObject): string {
  return JSON.stringify(value, null, 2);
}

/** Parses text that must hold one JSON object; on failure says what and where (line, column). */
export function parseObject(text: string): ParsedObject {
  const errors: ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (first) return { ok: false, problem: { ...locate(text, first.offset), message: DESCRIPTIONS[printParseErrorCode(first.error)] ?? 'Syntax error' } };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // jsonc-parser is more lenient in a few corners (e.g. some escapes); point at the start.
    return { ok: false, problem: { ...locate(text, 0), message: 'Not valid JSON' } };
  }
  const start = locate(text, text.length - text.trimStart().length);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, problem: { ...start, message: 'Write a JSON object: {"name": value, …}' } };
  if (!isJsonObject(value)) return { ok: false, problem: { ...start, message: 'The object has a "__proto__" member, or is too large or too deeply nested' } };
  return { ok: true, value };
}
