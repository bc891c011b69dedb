// npm run l10n: writes l10n/bundle.l10n.json (the English runtime strings) from the source, and
// says which translations (l10n/bundle.l10n.<lang>.json) lack a string or hold one no longer used.
//   - every call `….l10n.t('literal', …)` in src/ and media/ (vscode.l10n.t in the extension, the
//     `l10n` parameter of shared code, the webview's own l10n) is a string of the bundle; the first
//     argument must be a literal (or a template without substitutions) so it can be collected;
//   - so is every `localizable('literal')` and `msg('literal', …)`: texts the core (which has no
//     l10n) marks for the extension to translate where it shows them (src/shared/l10n.ts,
//     src/core/errors.ts);
//   - the one l10n.t call allowed a computed message is `localize` in src/shared/l10n.ts, which
//     translates those marked texts (their literals are collected where they are marked);
//   - --check: write nothing; exit 1 when the bundle is out of date or a translation is incomplete
//     (test/unit/l10n.test.ts checks the same and more).
// The TypeScript compiler (a devDependency) parses the source, so comments, strings and regular
// expressions are told apart exactly.
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ts = require('typescript');

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const L10N_DIR = 'l10n';
export const BUNDLE = join(L10N_DIR, 'bundle.l10n.json');
/** The folders whose TypeScript may show strings to the user. */
const SOURCE_DIRS = ['src', 'media'];

function sourceFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** True for `x.l10n.t(…)` and `l10n.t(…)`. */
function isL10nCall(node) {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return false;
  const { expression, name } = node.expression;
  if (name.text !== 't') return false;
  return (ts.isIdentifier(expression) && expression.text === 'l10n') || (ts.isPropertyAccessExpression(expression) && expression.name.text === 'l10n');
}

/** The core's markers (src/shared/l10n.ts, src/core/errors.ts): `localizable('…')` and `msg('…', …)`. */
export const MARKERS = ['localizable', 'msg'];
/** The file whose `localize` hands l10n.t the marked texts, the only computed messages allowed. */
export const DYNAMIC_FILE = 'src/shared/l10n.ts';

/** True for `localizable(…)` and `msg(…)`. */
function isMarkerCall(node) {
  return ts.isCallExpression(node) && ts.isIdentifier(node.expression) && MARKERS.includes(node.expression.text);
}

/**
 * The messages passed to l10n.t in `text` (a TypeScript file's content), and the calls whose
 * message is not a literal (each "file:line"), which the bundle could not hold.
 */
export function extractMessages(text, file = 'source.ts') {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const messages = [];
  const problems = [];
  const visit = (node) => {
    const marker = isMarkerCall(node);
    if (isL10nCall(node) || marker) {
      const [first] = node.arguments;
      const name = marker ? node.expression.text : 'l10n.t';
      if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) messages.push(first.text);
      else if (marker || file !== DYNAMIC_FILE) problems.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${name} needs a string literal as its message`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { messages, problems };
}

/** Every message in the source, sorted, with the problems found. */
export function collect(base = root) {
  const all = new Set();
  const problems = [];
  for (const dir of SOURCE_DIRS) {
    for (const path of sourceFiles(join(base, dir))) {
      const found = extractMessages(readFileSync(path, 'utf8'), relative(base, path).split(sep).join('/'));
      for (const message of found.messages) all.add(message);
      problems.push(...found.problems);
    }
  }
  return { messages: [...all].sort(), problems };
}

/** The bundle's file text for these messages: each message is its own English text. */
export function bundleText(messages) {
  return `${JSON.stringify(Object.fromEntries(messages.map((m) => [m, m])), null, 2)}\n`;
}

/** `{0}`, `{name}`: the placeholders of a message, sorted (a translation must keep each one). */
export function placeholders(message) {
  return [...message.matchAll(/\{[\w]+\}/g)].map((m) => m[0]).sort();
}

/** The translations present (l10n/bundle.l10n.<lang>.json), by language. */
export function translations(base = root) {
  const dir = join(base, L10N_DIR);
  if (!existsSync(dir)) return {};
  return Object.fromEntries(readdirSync(dir)
    .map((name) => /^bundle\.l10n\.([\w-]+)\.json$/.exec(name))
    .filter(Boolean)
    .map(([name, lang]) => [lang, JSON.parse(readFileSync(join(dir, name), 'utf8'))]));
}

/** What a translation lacks, holds in excess, or translates with other placeholders. */
export function compareTranslation(english, translated) {
  const missing = Object.keys(english).filter((key) => typeof translated[key] !== 'string' || translated[key].trim() === '');
  const stale = Object.keys(translated).filter((key) => !(key in english));
  const placeholderMismatch = Object.keys(english)
    .filter((key) => typeof translated[key] === 'string' && placeholders(english[key]).join() !== placeholders(translated[key]).join());
  return { missing, stale, placeholderMismatch };
}

function main() {
  const check = process.argv.includes('--check');
  const { messages, problems } = collect();
  let failed = false;
  for (const problem of problems) {
    console.error(problem);
    failed = true;
  }
  const text = bundleText(messages);
  const path = join(root, BUNDLE);
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
  if (current !== text) {
    if (check) {
      console.error(`${BUNDLE} is out of date: run npm run l10n`);
      failed = true;
    } else {
      mkdirSync(join(root, L10N_DIR), { recursive: true });
      writeFileSync(path, text);
      console.log(`${BUNDLE}: ${messages.length} strings`);
    }
  }
  const english = Object.fromEntries(messages.map((m) => [m, m]));
  for (const [lang, translated] of Object.entries(translations())) {
    const { missing, stale, placeholderMismatch } = compareTranslation(english, translated);
    for (const key of missing) console.error(`${lang}: missing ${JSON.stringify(key)}`);
    for (const key of stale) console.error(`${lang}: no longer used ${JSON.stringify(key)}`);
    for (const key of placeholderMismatch) console.error(`${lang}: other placeholders than ${JSON.stringify(key)}`);
    if (missing.length || stale.length || placeholderMismatch.length) failed = true;
  }
  if (failed) process.exitCode = 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
