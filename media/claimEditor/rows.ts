/**
 * The form's model: one row per header member or claim, with a typed value. Converts rows to a
 * JSON object and back, so the form and the raw JSON describe the same object.
 */
import type { JsonObject } from '../../src/shared/protocol';
import { l10n } from './l10n';

export type ValueKind = 'string' | 'number' | 'boolean' | 'json';
export const VALUE_KINDS: readonly ValueKind[] = ['string', 'number', 'boolean', 'json'];

export interface Row {
  name: string;
  kind: ValueKind;
  /** The value as typed: a string as is, a number or JSON as its text, a boolean as "true"/"false". */
  text: string;
}

export interface RowProblem {
  index: number;
  part: 'name' | 'value';
  message: string;
}

export type RowsResult = { ok: true; value: JsonObject } | { ok: false; problems: RowProblem[] };

const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

export function rowKindOf(value: unknown): ValueKind {
  switch (typeof value) {
    case 'string': return 'string';
    case 'number': return 'number';
    case 'boolean': return 'boolean';
    default: return 'json';
  }
}

/** The text a value shows as in a row of the given kind. */
export function textOf(value: unknown, kind: ValueKind = rowKindOf(value)): string {
  if (kind === 'string' && typeof value === 'string') return value;
  if (kind === 'boolean') return value === true ? 'true' : 'false';
  return JSON.stringify(value) ?? '';
}

export function rowsFromObject(value: JsonObject): Row[] {
  return Object.keys(value).map((name) => ({ name, kind: rowKindOf(value[name]), text: textOf(value[name]) }));
}

/** A row's value, or the reason it has none. */
export function rowValue(row: Row): { ok: true; value: unknown } | { ok: false; message: string } {
  switch (row.kind) {
    case 'string':
      return { ok: true, value: row.text };
    case 'number': {
      const text = row.text.trim();
      if (!JSON_NUMBER.test(text)) return { ok: false, message: l10n.t('Enter a number, like 300 or 1.5') };
      const n = Number(text);
      return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, message: l10n.t('The number is too large') };
    }
    case 'boolean':
      return row.text === 'true' || row.text === 'false' ? { ok: true, value: row.text === 'true' } : { ok: false, message: l10n.t('Choose true or false') };
    case 'json':
      try {
        return { ok: true, value: JSON.parse(row.text) };
      } catch {
        return { ok: false, message: l10n.t('Enter a JSON value, like ["a","b"], {"k":1} or null') };
      }
  }
}

/** The object the rows describe, or every problem found (empty or repeated names, bad values). */
export function objectFromRows(rows: readonly Row[]): RowsResult {
  const problems: RowProblem[] = [];
  const seen = new Set<string>();
  const value: JsonObject = {};
  rows.forEach((row, index) => {
    if (row.name === '') problems.push({ index, part: 'name', message: l10n.t('Enter a name') });
    else if (row.name === '__proto__') problems.push({ index, part: 'name', message: l10n.t('"__proto__" is refused') });
    else if (seen.has(row.name)) problems.push({ index, part: 'name', message: l10n.t('"{0}" appears twice', row.name) });
    seen.add(row.name);
    const parsed = rowValue(row);
    if (!parsed.ok) problems.push({ index, part: 'value', message: parsed.message });
    else if (row.name !== '__proto__') value[row.name] = parsed.value;
  });
  return problems.length ? { ok: false, problems } : { ok: true, value };
}

/** The row with its kind changed, converting the value where it can (so switching kinds loses nothing that fits). */
export function changeKind(row: Row, kind: ValueKind): Row {
  const current = rowValue(row);
  if (!current.ok) return { ...row, kind };
  const value = current.value;
  switch (kind) {
    case 'string':
      return { ...row, kind, text: typeof value === 'string' ? value : textOf(value, 'json') };
    case 'number':
      return { ...row, kind, text: typeof value === 'number' ? String(value) : typeof value === 'string' && JSON_NUMBER.test(value.trim()) ? value.trim() : row.text };
    case 'boolean':
      return { ...row, kind, text: value === true || value === 'true' ? 'true' : 'false' };
    case 'json':
      // A string that already reads as JSON (say, ["a","b"] typed in a string row) is taken as that JSON.
      return { ...row, kind, text: typeof value === 'string' && rowValue({ ...row, kind: 'json', text: value }).ok ? value : textOf(value, 'json') };
  }
}
