/** JSON text for the editor: pretty printing, and parsing that says where the first error is. */
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { isJsonObject, type JsonObject } from '../../src/shared/protocol';
import { l10n } from './l10n';

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

/** By jsonc-parser's error code; a function, so each message is translated when it is shown. */
const descriptions = (): Record<string, string> => ({
  InvalidSymbol: l10n.t('Unexpected character'),
  InvalidNumberFormat: l10n.t('Malformed number'),
  PropertyNameExpected: l10n.t('Property name expected (names need double quotes; no trailing commas)'),
  ValueExpected: l10n.t('Value expected'),
  ColonExpected: l10n.t('":" expected'),
  CommaExpected: l10n.t('"," expected'),
  CloseBraceExpected: l10n.t('"}" expected'),
  CloseBracketExpected: l10n.t('"]" expected'),
  EndOfFileExpected: l10n.t('Text after the end of the object'),
  InvalidCommentToken: l10n.t('Comments are not allowed in JSON'),
  UnexpectedEndOfComment: l10n.t('Unclosed comment'),
  UnexpectedEndOfString: l10n.t('Unclosed string'),
  UnexpectedEndOfNumber: l10n.t('Unfinished number'),
  InvalidUnicode: l10n.t('Bad \\u escape'),
  InvalidEscapeCharacter: l10n.t('Bad escape sequence'),
  InvalidCharacter: l10n.t('Control character inside a string'),
});

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
  if (first) return { ok: false, problem: { ...locate(text, first.offset), message: descriptions()[printParseErrorCode(first.error)] ?? l10n.t('Syntax error') } };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // jsonc-parser is more lenient in a few corners (e.g. some escapes); point at the start.
    return { ok: false, problem: { ...locate(text, 0), message: l10n.t('Not valid JSON') } };
  }
  const start = locate(text, text.length - text.trimStart().length);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, problem: { ...start, message: l10n.t('Write a JSON object: {"name": value, …}') } };
  if (!isJsonObject(value)) return { ok: false, problem: { ...start, message: l10n.t('The object has a "__proto__" member, or is too large or too deeply nested') } };
  return { ok: true, value };
}
