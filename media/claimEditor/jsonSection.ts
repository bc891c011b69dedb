/**
 * One JSON object (the header or the claims) edited two ways at once: a form with one row per
 * member and a raw JSON text area. An edit on either side rewrites the other when it is valid.
 * When the JSON does not parse, the text stays exactly as typed, the error is pointed at by line
 * and column, and the form waits (disabled) until the JSON is fixed — so nothing is ever lost.
 */
import type { JsonObject } from '../../src/shared/protocol';
import { button, el, setChildren } from './dom';
import { l10n } from './l10n';
import { formatJson, parseObject, type JsonProblem } from './jsonText';
import { changeKind, objectFromRows, rowsFromObject, VALUE_KINDS, type Row, type RowProblem, type ValueKind } from './rows';

interface RowView {
  row: Row;
  tr: HTMLTableRowElement;
  name: HTMLInputElement;
  kind: HTMLSelectElement;
  valueCell: HTMLTableCellElement;
  value: HTMLInputElement | HTMLSelectElement;
  remove: HTMLButtonElement;
  problem: HTMLElement;
}

export interface JsonSectionOptions {
  id: 'header' | 'claims';
  title: string;
  /** "member" or "claim", for labels. */
  noun: string;
  onChange: () => void;
}

export class JsonSection {
  readonly element: HTMLElement;
  private views: RowView[] = [];
  private valid: JsonObject | undefined = {};
  private readonly body: HTMLTableSectionElement;
  private readonly fieldset: HTMLFieldSetElement;
  private readonly formNote: HTMLElement;
  private readonly textarea: HTMLTextAreaElement;
  private readonly jsonError: HTMLElement;

  constructor(private readonly options: JsonSectionOptions) {
    const { id, title, noun } = options;
    this.body = el('tbody', { id: `${id}-rows` });
    this.formNote = el('p', { id: `${id}-form-note`, className: 'note', attrs: { role: 'status' } });
    this.fieldset = el('fieldset', { className: 'form' },
      el('legend', { text: l10n.t('{0} as a form', title) }),
      el('table', { className: 'rows' },
        el('thead', {}, el('tr', {},
          el('th', { text: l10n.t('Name'), attrs: { scope: 'col' } }),
          el('th', { text: l10n.t('Type'), attrs: { scope: 'col' } }),
          el('th', { text: l10n.t('Value'), attrs: { scope: 'col' } }),
          el('th', { attrs: { scope: 'col' } }, el('span', { className: 'visually-hidden', text: l10n.t('Remove') })))),
        this.body),
      button(l10n.t('Add {0}', noun), () => this.addRow(), { id: `${id}-add`, className: 'secondary' }),
      this.formNote);
    this.textarea = el('textarea', { id: `${id}-json`, className: 'json', attrs: { spellcheck: 'false', rows: '8', 'aria-describedby': `${id}-json-error`, autocomplete: 'off' } });
    this.textarea.addEventListener('input', () => this.fromText(this.textarea.value, false));
    this.jsonError = el('div', { id: `${id}-json-error`, className: 'error-text', attrs: { role: 'alert' } });
    this.element = el('section', { className: 'json-section', attrs: { 'aria-labelledby': `${id}-title` } },
      el('h2', { id: `${id}-title`, text: title }),
      el('div', { className: 'columns' },
        this.fieldset,
        el('div', { className: 'raw' },
          el('label', { text: l10n.t('{0} as JSON', title), attrs: { for: `${id}-json` } }),
          this.textarea,
          this.jsonError)));
  }

  /** The object when both views are valid, else undefined. */
  value(): JsonObject | undefined {
    return this.valid;
  }

  /** The raw JSON as typed (kept in saved state, valid or not). */
  text(): string {
    return this.textarea.value;
  }

  setText(text: string): void {
    this.fromText(text, true);
  }

  setValue(value: JsonObject): void {
    this.fromText(formatJson(value), true);
  }

  /** Raw JSON → form. */
  private fromText(text: string, replaceText: boolean): void {
    if (replaceText) this.showText(text);
    const parsed = parseObject(text);
    if (!parsed.ok) {
      this.valid = undefined;
      this.showJsonProblem(parsed.problem);
      this.fieldset.disabled = true;
      this.formNote.textContent = l10n.t('The JSON has an error: fix it there to edit in the form again.');
    } else {
      this.valid = parsed.value;
      this.showJsonProblem(undefined);
      this.fieldset.disabled = false;
      this.formNote.textContent = '';
      this.renderRows(rowsFromObject(parsed.value));
    }
    this.options.onChange();
  }

  /** Form → raw JSON. */
  private fromRows(): void {
    const result = objectFromRows(this.views.map((v) => v.row));
    this.showRowProblems(result.ok ? [] : result.problems);
    if (result.ok) {
      this.valid = result.value;
      this.showText(formatJson(result.value));
      this.showJsonProblem(undefined);
      this.formNote.textContent = '';
    } else {
      this.valid = undefined;
      this.formNote.textContent = l10n.t('Fix the marked rows; the JSON shows the last valid version.');
    }
    this.options.onChange();
  }

  private showText(text: string): void {
    this.textarea.rows = Math.min(Math.max(text.split('\n').length + 1, 4), 20);
    this.textarea.value = text;
    // Mirrored into the element's text so its content is readable as text too (screen readers, tests).
    this.textarea.defaultValue = text;
  }

  private showJsonProblem(problem: JsonProblem | undefined): void {
    this.textarea.setAttribute('aria-invalid', String(problem !== undefined));
    if (!problem) {
      setChildren(this.jsonError);
      return;
    }
    const where = l10n.t('Line {0}, column {1}: {2}.', problem.line, problem.column, problem.message);
    setChildren(this.jsonError,
      el('span', { text: where }),
      ' ',
      button(l10n.t('Go to the error'), () => {
        this.textarea.focus();
        this.textarea.setSelectionRange(problem.offset, Math.min(problem.offset + 1, this.textarea.value.length));
      }, { className: 'link' }));
  }

  private renderRows(rows: Row[]): void {
    this.views = rows.map((row) => this.rowView(row));
    setChildren(this.body, ...this.views.map((v) => v.tr));
  }

  private addRow(): void {
    const view = this.rowView({ name: '', kind: 'string', text: '' });
    this.views.push(view);
    this.body.append(view.tr);
    view.name.focus();
    this.fromRows();
  }

  private removeRow(view: RowView): void {
    const index = this.views.indexOf(view);
    this.views.splice(index, 1);
    view.tr.remove();
    // Keep the keyboard user in the table: focus the next row's remove button, else the add button.
    const next = this.views[index] ?? this.views[index - 1];
    (next ? next.remove : this.fieldset.querySelector<HTMLButtonElement>(`#${this.options.id}-add`))?.focus();
    this.fromRows();
  }

  private rowView(row: Row): RowView {
    const name = el('input', { className: 'name', attrs: { type: 'text', spellcheck: 'false', autocomplete: 'off' } });
    name.value = row.name;
    const kind = el('select', { className: 'kind' }, ...VALUE_KINDS.map((k) => el('option', { text: k === 'json' ? 'JSON' : k, attrs: { value: k } })));
    kind.value = row.kind;
    const problem = el('div', { className: 'error-text row-problem' });
    const valueCell = el('td', { className: 'value' });
    const remove = el('button', { className: 'icon', text: '✕', attrs: { type: 'button' } });
    const tr = el('tr', {}, el('td', {}, name), el('td', {}, kind), valueCell, el('td', {}, remove));
    const view: RowView = { row, tr, name, kind, valueCell, value: name, remove, problem };
    this.renderValue(view);

    name.addEventListener('input', () => {
      view.row = { ...view.row, name: name.value };
      this.label(view);
      this.fromRows();
    });
    kind.addEventListener('change', () => {
      view.row = changeKind(view.row, kind.value as ValueKind);
      this.renderValue(view);
      this.fromRows();
    });
    remove.addEventListener('click', () => this.removeRow(view));
    this.label(view);
    return view;
  }

  private renderValue(view: RowView): void {
    const { row } = view;
    let input: HTMLInputElement | HTMLSelectElement;
    if (row.kind === 'boolean') {
      input = el('select', {}, el('option', { text: 'true', attrs: { value: 'true' } }), el('option', { text: 'false', attrs: { value: 'false' } }));
      input.value = row.text === 'true' ? 'true' : 'false';
      if (row.text !== input.value) view.row = { ...row, text: input.value };
    } else {
      input = el('input', { attrs: { type: 'text', spellcheck: 'false', autocomplete: 'off', inputmode: row.kind === 'number' ? 'decimal' : undefined } });
      input.value = row.text;
    }
    input.addEventListener(row.kind === 'boolean' ? 'change' : 'input', () => {
      view.row = { ...view.row, text: input.value };
      this.fromRows();
    });
    view.value = input;
    setChildren(view.valueCell, input, view.problem);
    this.label(view);
  }

  /** Accessible names follow the row's current name. */
  private label(view: RowView): void {
    const { noun } = this.options;
    const shown = view.row.name || l10n.t('new {0}', noun);
    view.name.setAttribute('aria-label', l10n.t('Name of {0} {1}', noun, this.views.indexOf(view) + 1 || this.views.length + 1));
    view.kind.setAttribute('aria-label', l10n.t('Type of {0}', shown));
    view.value.setAttribute('aria-label', l10n.t('Value of {0}', shown));
    view.remove.setAttribute('aria-label', l10n.t('Remove {0}', shown));
    view.remove.title = l10n.t('Remove {0}', shown);
  }

  private showRowProblems(problems: RowProblem[]): void {
    this.views.forEach((view, index) => {
      const mine = problems.filter((p) => p.index === index);
      view.name.setAttribute('aria-invalid', String(mine.some((p) => p.part === 'name')));
      view.value.setAttribute('aria-invalid', String(mine.some((p) => p.part === 'value')));
      view.problem.textContent = mine.map((p) => p.message).join('; ');
      view.problem.id = `${this.options.id}-row-${index}-problem`;
      if (mine.length) view.value.setAttribute('aria-describedby', view.problem.id);
      else view.value.removeAttribute('aria-describedby');
    });
  }
}
