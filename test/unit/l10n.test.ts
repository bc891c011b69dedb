/**
 * Localization: package.json's %key% strings and the runtime bundle (l10n/) exist in every language
 * with the same placeholders, the bundle is exactly what the source passes to l10n.t, and no
 * user-facing literal in the common call sites bypasses l10n.t.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as ts from 'typescript';
import { bundleL10n, english, formatMessage, localizable, localize } from '../../src/shared/l10n';
import { msg, OAuthErrorResponse, OAuthJwtError } from '../../src/core/errors';

const root = join(__dirname, '..', '..', '..');
const readJson = (path: string): Record<string, unknown> => JSON.parse(readFileSync(join(root, path), 'utf8'));
const manifest = readJson('package.json');

interface L10nScript {
  collect(base?: string): { messages: string[]; problems: string[] };
  extractMessages(text: string, file?: string): { messages: string[]; problems: string[] };
  bundleText(messages: string[]): string;
  placeholders(message: string): string[];
  compareTranslation(english: Record<string, string>, translated: Record<string, string>): { missing: string[]; stale: string[]; placeholderMismatch: string[] };
}
// The same extraction `npm run l10n` writes the bundle with (a real import() of the .mjs, not a copy).
const script = (): Promise<L10nScript> => import(pathToFileURL(join(root, 'scripts', 'l10n.mjs')).href) as Promise<L10nScript>;

/** Every string value in the manifest, with its JSON path. */
function strings(value: unknown, path = ''): Array<{ path: string; text: string }> {
  if (typeof value === 'string') return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, `${path}.${k}`));
  return [];
}

/** `{0}`, `{tokenUrl}` …, and command links, which a translation must keep as they are. */
function keptParts(text: string): string[] {
  return [...[...text.matchAll(/\{\w+\}/g)].map((m) => m[0]), ...[...text.matchAll(/\(command:[\w.]+\)/g)].map((m) => m[0])].sort();
}

const languages = (prefix: string, dir: string) =>
  readdirSync(join(root, dir)).map((f) => new RegExp(`^${prefix}\\.([\\w-]+)\\.json$`).exec(f)?.[1]).filter((l): l is string => l !== undefined);

test('package.json: every %key% exists in package.nls.json, and every key there is used', () => {
  const nls = readJson('package.nls.json');
  const used = strings(manifest).flatMap(({ text }) => [...text.matchAll(/^%([^%]+)%$/g)].map((m) => m[1]!));
  assert.ok(used.length >= 90, `only ${used.length} placeholders`);
  for (const key of used) assert.equal(typeof nls[key], 'string', `%${key}% has no English text`);
  assert.deepEqual(Object.keys(nls).filter((key) => !used.includes(key)), [], 'keys in package.nls.json no longer used');
});

test('package.json: the user-facing fields are placeholders, not English', () => {
  const contributes = manifest.contributes as Record<string, any>;
  const literal: string[] = [];
  const check = (path: string, text: unknown) => typeof text === 'string' && !/^%[^%]+%$/.test(text) && literal.push(`${path}: ${text}`);
  check('description', manifest.description);
  for (const c of contributes.commands) check(`${c.command}.title`, c.title);
  const fields = (path: string, schema: Record<string, any>) => {
    check(`${path}.description`, schema.description);
    check(`${path}.markdownDescription`, schema.markdownDescription);
    for (const [i, d] of (schema.enumDescriptions ?? []).entries()) check(`${path}.enumDescriptions[${i}]`, d);
  };
  for (const [name, schema] of Object.entries<Record<string, any>>(contributes.configuration.properties)) {
    fields(name, schema);
    for (const [field, s] of Object.entries<Record<string, any>>(schema.items?.properties ?? {})) fields(`${name}.${field}`, s);
  }
  for (const w of contributes.walkthroughs) {
    check(`${w.id}.title`, w.title);
    check(`${w.id}.description`, w.description);
    for (const s of w.steps) {
      check(`${s.id}.title`, s.title);
      check(`${s.id}.description`, s.description);
    }
  }
  check('untrustedWorkspaces.description', (manifest.capabilities as any).untrustedWorkspaces.description);
  assert.deepEqual(literal, []);
});

test('package.nls: German exists and every language has every key, with the same placeholders and command links', () => {
  const english = readJson('package.nls.json') as Record<string, string>;
  const langs = languages('package\\.nls', '.');
  assert.ok(langs.includes('de'), 'package.nls.de.json');
  for (const lang of langs) {
    const translated = readJson(`package.nls.${lang}.json`) as Record<string, string>;
    assert.deepEqual(Object.keys(translated).sort(), Object.keys(english).sort(), `package.nls.${lang}.json keys`);
    for (const [key, text] of Object.entries(english)) {
      assert.ok(translated[key]!.trim(), `${lang}: ${key} is empty`);
      assert.deepEqual(keptParts(translated[key]!), keptParts(text), `${lang}: ${key}`);
    }
  }
});

test('l10n/bundle.l10n.json is exactly the strings the source passes to l10n.t, each a literal', async () => {
  const { collect, bundleText } = await script();
  const { messages, problems } = collect(root);
  assert.deepEqual(problems, [], 'l10n.t calls whose message is not a literal');
  assert.ok(messages.length > 300, `only ${messages.length} strings`);
  const bundle = readFileSync(join(root, 'l10n', 'bundle.l10n.json'), 'utf8');
  const inBundle = Object.keys(JSON.parse(bundle));
  assert.deepEqual(messages.filter((m) => !inBundle.includes(m)), [], 'strings missing from the bundle: run npm run l10n');
  assert.deepEqual(inBundle.filter((m) => !messages.includes(m)), [], 'strings in the bundle no longer used: run npm run l10n');
  assert.equal(bundle, bundleText(messages), 'run npm run l10n');
});

test('l10n bundle: German exists and every language has every string, with the same placeholders', async () => {
  const { compareTranslation } = await script();
  const english = readJson('l10n/bundle.l10n.json') as Record<string, string>;
  const langs = languages('bundle\\.l10n', 'l10n');
  assert.ok(langs.includes('de'), 'l10n/bundle.l10n.de.json');
  for (const lang of langs) {
    const translated = readJson(`l10n/bundle.l10n.${lang}.json`) as Record<string, string>;
    const { missing, stale, placeholderMismatch } = compareTranslation(english, translated);
    assert.deepEqual(missing, [], `${lang}: missing translations`);
    assert.deepEqual(stale, [], `${lang}: translations of strings no longer used`);
    assert.deepEqual(placeholderMismatch, [], `${lang}: other placeholders than the English`);
  }
});

test('the comparison catches a missing string, a stale one and a dropped placeholder', async () => {
  const { compareTranslation } = await script();
  const result = compareTranslation({ 'Profile "{0}"': 'Profile "{0}"', Cancel: 'Cancel' }, { 'Profile "{0}"': 'Profil', Old: 'Alt' });
  assert.deepEqual(result, { missing: ['Cancel'], stale: ['Old'], placeholderMismatch: ['Profile "{0}"'] });
});

test('the extraction takes literals, skips comments and regular expressions, and refuses a computed message', async () => {
  const { extractMessages } = await script();
  const found = extractMessages([
    "// vscode.l10n.t('in a comment')",
    'const r = /`+/g;',
    "vscode.l10n.t('Profile \"{0}\"', name);",
    'l10n.t(`Template without substitutions`);',
    'vscode.l10n.t(message);',
  ].join('\n'), 'planted.ts');
  assert.deepEqual(found.messages, ['Profile "{0}"', 'Template without substitutions']);
  assert.deepEqual(found.problems, ['planted.ts:5: l10n.t needs a string literal as its message']);
});

test('the extraction collects the core\'s marked texts, and refuses a computed one outside localize', async () => {
  const { extractMessages } = await script();
  const found = extractMessages([
    "detail: localizable('Client credentials with a signed JWT'),",
    "throw new OAuthJwtError('NETWORK', msg('Could not reach {0}.', host), msg('Check the proxy.'));",
    'msg(template, host);',
    'localizable(text);',
  ].join('\n'), 'src/core/planted.ts');
  assert.deepEqual(found.messages, ['Client credentials with a signed JWT', 'Could not reach {0}.', 'Check the proxy.']);
  assert.deepEqual(found.problems, ['src/core/planted.ts:3: msg needs a string literal as its message', 'src/core/planted.ts:4: localizable needs a string literal as its message']);
  assert.deepEqual(extractMessages('l10n.t(text.template, ...text.args);', 'src/shared/l10n.ts').problems, []);
  assert.equal(extractMessages('vscode.l10n.t(text);', 'src/vscode/elsewhere.ts').problems.length, 1);
});

test('marked core texts: English as they were for the CLI, translated through localize and describe(l10n)', () => {
  const german = bundleL10n({ 'Could not reach {0}.': '{0} ist nicht erreichbar.', 'Check the proxy.': 'Prüfen Sie den Proxy.', 'The client ID is required.': 'Die Client-ID ist erforderlich.' });
  const error = new OAuthJwtError('NETWORK', msg('Could not reach {0}.', 'idp.example.com'), msg('Check the proxy.'));
  assert.equal(error.message, 'Could not reach idp.example.com.');
  assert.equal(error.hint, 'Check the proxy.');
  assert.equal(error.describe(), 'Could not reach idp.example.com. Check the proxy.');
  assert.equal(error.describe(german), 'idp.example.com ist nicht erreichbar. Prüfen Sie den Proxy.');
  assert.equal(error.messageIn(german), 'idp.example.com ist nicht erreichbar.');
  assert.equal(error.hintIn(german), 'Prüfen Sie den Proxy.');
  // A message as an argument is translated too ("token URL" inside "The {0} is empty.").
  assert.equal(localize(bundleL10n({ 'The {0} is empty.': 'Die {0} ist leer.', 'token URL': 'Token-URL' }), msg('The {0} is empty.', msg('token URL'))), 'Die Token-URL ist leer.');
  assert.equal(String(msg('The {0} is empty.', msg('token URL'))), 'The token URL is empty.');
  // An unmarked message stays English in every language; a marked one without a translation too.
  assert.equal(new OAuthJwtError('NETWORK', 'Plain.', msg('Check the proxy.')).describe(german), 'Plain. Prüfen Sie den Proxy.');
  assert.equal(new OAuthJwtError('NETWORK', msg('Untranslated {0}.', 1)).describe(german), 'Untranslated 1.');
  assert.equal(localize(german, localizable('The client ID is required.')), 'Die Client-ID ist erforderlich.');
  // The server's words stay the server's.
  const oauth = new OAuthErrorResponse(400, 'invalid_grant', 'Check the proxy.', 'Check the proxy.');
  assert.equal(oauth.message, 'The token endpoint answered 400 invalid_grant: Check the proxy..');
  assert.equal(oauth.describe(bundleL10n({ 'The token endpoint answered {0} {1}: {2}.': 'Antwort {0} {1}: {2}.' })), 'Antwort 400 invalid_grant: Check the proxy.. Check the proxy.');
});

test('the hover\'s link texts translate without ] ( or " that would break their Markdown links', () => {
  const german = readJson('l10n/bundle.l10n.de.json') as Record<string, string>;
  for (const key of ['Open in Claim Editor', 'Copy Claims as JSON', 'Decode, and verify with a key or JWKS']) {
    assert.ok(german[key], key);
    assert.doesNotMatch(german[key]!, /[\][()"]/, key);
  }
});

test('shared formatting: {n} as vscode.l10n.t does; a bundle falls back to English and ignores inherited names', () => {
  assert.equal(formatMessage('{0} of {1}, {0} again, {2} stays', ['a', 2]), 'a of 2, a again, {2} stays');
  assert.equal(english.t('in {0} days', 3), 'in 3 days');
  const german = bundleL10n({ 'in {0} days': 'in {0} Tagen' });
  assert.equal(german.t('in {0} days', 3), 'in 3 Tagen');
  assert.equal(german.t('now'), 'now');
  assert.equal(german.t('constructor'), 'constructor');
});

// ---- the guard: user-facing literals must go through l10n.t ------------------------------

/** Calls whose string arguments the user reads. */
const SHOWN_ARGUMENTS = new Set(['showInformationMessage', 'showWarningMessage', 'showErrorMessage', 'setStatusBarMessage', 'appendMarkdown', 'MarkdownString', 'confirm', 'requireTrust', 'noKeyError', 'pickProfile', 'pickKeySlot', 'pickStoredSlot', 'pickCredentialFile']);
/** Object properties the user reads: quick pick items and options, input boxes, progress, dialogs, CodeLens, status bar items. */
const SHOWN_PROPERTIES = new Set(['label', 'description', 'detail', 'placeHolder', 'prompt', 'title', 'tooltip', 'openLabel', 'validationMessage']);
/** Assigned properties the user reads. */
const SHOWN_ASSIGNMENTS = new Set(['text', 'tooltip', 'title', 'placeholder', 'prompt', 'validationMessage', 'description', 'label']);

/** Claim names and JSON literals: the same in every language. */
const NAMES = /\b(iat|exp|nbf|jti|aud|iss|sub|kid|alg|true|false|null)\b/g;

/** True when a literal holds a word (three lower-case letters), not a name such as 'JWK', 'RSA 2048', '$(key)' or 'iat'. */
function hasWords(text: string): boolean {
  return /[a-z]{3,}/.test(text.replace(/\$\([\w~-]+\)/g, '').replace(NAMES, ''));
}

/** The literal text a node holds outside any l10n.t call (template pieces included). */
function literalText(node: ts.Node): string[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.flatMap((s) => [...literalText(s.expression), s.literal.text])];
  if (ts.isCallExpression(node)) {
    const callee = node.expression.getText();
    // Inside l10n.t the literal is the message; notificationText and friends pass their argument through.
    if (/(^|\.)l10n\.t$/.test(callee)) return [];
    if (/^(notificationText|escapeCodicons|codeSpan)$/.test(callee)) return node.arguments.flatMap(literalText);
    return [];
  }
  if (ts.isConditionalExpression(node)) return [...literalText(node.whenTrue), ...literalText(node.whenFalse)];
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) return [...literalText(node.left), ...literalText(node.right)];
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) return literalText(node.right);
  if (ts.isParenthesizedExpression(node)) return literalText(node.expression);
  return [];
}

/** An object literal with a `severity` member: a check's finding, whose `message` the user reads. */
function isFinding(node: ts.Node): boolean {
  return ts.isObjectLiteralExpression(node) && node.properties.some((p) => p.name !== undefined && ts.isIdentifier(p.name) && p.name.text === 'severity');
}

/** "file:line: text" for every user-facing literal outside l10n.t. */
function bypasses(text: string, file: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const report = (node: ts.Node, value: ts.Node) => {
    for (const piece of literalText(value)) {
      if (hasWords(piece)) found.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${piece.trim()}`);
    }
  };
  const visit = (node: ts.Node) => {
    if ((ts.isCallExpression(node) || ts.isNewExpression(node))) {
      const name = ts.isPropertyAccessExpression(node.expression) ? node.expression.name.text : node.expression.getText();
      if (SHOWN_ARGUMENTS.has(name)) for (const arg of node.arguments ?? []) report(node, arg);
      // new OAuthJwtError(code, message, hint): the message and hint are shown in the notification.
      if (ts.isNewExpression(node) && name === 'OAuthJwtError') for (const arg of (node.arguments ?? []).slice(1, 3)) report(node, arg);
    }
    if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && SHOWN_PROPERTIES.has(node.name.text)) report(node, node.initializer);
    // A finding ({ severity, field, message }) is shown in the claim editor and before a send.
    if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && node.name.text === 'message' && isFinding(node.parent)) report(node, node.initializer);
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left) && SHOWN_ASSIGNMENTS.has(node.left.name.text)) report(node, node.right);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/**
 * What stays English on purpose, by file and literal: the integrated terminal's refusals go back to
 * the oauth-jwt CLI, which is English (issue #17); the product's name; secrets.ts's storage error,
 * which composes an action and a kind per call (left for when that module has settled).
 */
const ENGLISH_ON_PURPOSE: Record<string, string[]> = {
  'src/vscode/terminal/terminalAccess.ts': [
    'The window is closing.', 'Tokens for terminals are turned off in this window.', 'Turn on', 'in your user settings, or pass --key FILE.',
    'This VS Code window has no valid profile named "', 'Its profiles:', 'Create one with "OAuth JWT: New Profile".',
    'The request for a token of profile "', '" was denied in VS Code; nothing was sent.', 'Run the command again and choose Allow in VS Code.',
    'The call to', 'with the token of profile "',
  ],
  // Only a terminal's `oauth-jwt request` can get a response this large refused.
  'src/vscode/apiRequest.ts': [
    'The response of', 'is larger than', 'MiB, more than VS Code hands to a terminal.',
    'Fetch large responses with a token: oauth-jwt token --profile NAME, or pass --key FILE.',
  ],
  'src/vscode/terminal/ipcServer.ts': ['The terminal handle could not be opened (', 'error', 'Integrated terminals of this window cannot ask it for tokens; pass --key FILE to oauth-jwt there, or reload the window.'],
  'src/vscode/secrets.ts': ['VS Code\'s secret storage could not', 'the', 'Check that the system keychain is unlocked and available (on Linux: a Secret Service such as GNOME Keyring), then try again.'],
  'src/vscode/statusBar.ts': ['**OAuth JWT Bearer** —'],
};

test('guard: no user-facing literal in src/vscode bypasses l10n.t (notifications, quick picks, input boxes, progress, status bar, errors)', () => {
  const found = [join(root, 'src', 'extension.ts'), ...files(join(root, 'src', 'vscode'))].flatMap((path) => {
    const file = relative(root, path).split(sep).join('/');
    return bypasses(readFileSync(path, 'utf8'), file).filter((line) => !ENGLISH_ON_PURPOSE[file]?.includes(line.slice(line.indexOf(': ', file.length) + 2)));
  });
  assert.deepEqual(found, []);
});

test('guard: no user-facing literal in the claim editor webview bypasses l10n.t', () => {
  const found = files(join(root, 'media', 'claimEditor')).flatMap((path) => {
    const file = relative(root, path).split(sep).join('/');
    const text = readFileSync(path, 'utf8');
    // The webview's own call sites: el(…, { text }), button(text, …), messages of validation results.
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const out: string[] = [...bypasses(text, file)];
    const visit = (node: ts.Node) => {
      if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && ['text', 'message', 'aria-label'].includes(node.name.text)) {
        for (const piece of literalText(node.initializer)) if (hasWords(piece)) out.push(`${file}: ${piece}`);
      }
      if (ts.isPropertyAssignment(node) && ts.isStringLiteral(node.name) && node.name.text === 'aria-label') {
        for (const piece of literalText(node.initializer)) if (hasWords(piece)) out.push(`${file}: ${piece}`);
      }
      if (ts.isCallExpression(node) && node.expression.getText() === 'button' && node.arguments[0]) {
        for (const piece of literalText(node.arguments[0])) if (hasWords(piece)) out.push(`${file}: ${piece}`);
      }
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left) && node.left.name.text === 'textContent') {
        for (const piece of literalText(node.right)) if (hasWords(piece)) out.push(`${file}: ${piece}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    return out;
  });
  assert.deepEqual(found, []);
});

test('the guard fails on planted literals that bypass l10n.t, and passes them once wrapped', () => {
  const planted = [
    "void vscode.window.showInformationMessage('OAuth JWT: token copied.');",
    "void vscode.window.showWarningMessage(notificationText(`OAuth JWT: profile ${name} is odd.`), 'Open Log');",
    "await vscode.window.showQuickPick([{ label: 'Keep it', detail: 'Nothing changes' }], { placeHolder: 'What now?' });",
    "await vscode.window.showInputBox({ prompt: 'Enter the secret', placeHolder: 'something secret' });",
    "vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Working on it…' }, async () => {});",
    "item.tooltip = 'Click to copy';",
    "const box = vscode.window.createInputBox(); box.prompt = 'Type the name'; box.placeholder = 'a name here'; box.validationMessage = 'That is taken';",
    "throw new OAuthJwtError('NO_KEY', 'No key here.', 'Make one.');",
    "findings.push({ severity: 'error', field: 'alg', message: `\"${alg}\" is not a supported signing algorithm.` });",
  ].join('\n');
  const found = bypasses(planted, 'planted.ts');
  assert.deepEqual(found.map((line) => line.replace(/^planted\.ts:\d+: /, '')), [
    'OAuth JWT: token copied.',
    'OAuth JWT: profile',
    'is odd.',
    'Open Log',
    'Keep it',
    'Nothing changes',
    'What now?',
    'Enter the secret',
    'something secret',
    'Working on it…',
    'Click to copy',
    'Type the name',
    'a name here',
    'That is taken',
    'No key here.',
    'Make one.',
    '" is not a supported signing algorithm.',
  ]);
  const wrapped = planted.replace(/'((?:[^'\\]|\\.)*)'/g, (whole, text: string) => (/[a-z]{3,}/.test(text) && !/^(NO_KEY)$/.test(text) ? `vscode.l10n.t('${text}')` : whole))
    .replace('`OAuth JWT: profile ${name} is odd.`', "vscode.l10n.t('OAuth JWT: profile {0} is odd.', name)")
    .replace('`\"${alg}\" is not a supported signing algorithm.`', "vscode.l10n.t('\"{0}\" is not a supported signing algorithm.', alg)");
  assert.deepEqual(bypasses(wrapped, 'wrapped.ts'), []);
  // Names and icons are not words: nothing to translate.
  assert.deepEqual(bypasses("items.push({ label: 'JWKS', detail: '$(key) RSA 2048' });", 'names.ts'), []);
});

// ---- the core's guard: messages the extension shows are marked with msg() ---------------------

/** Core calls whose arguments the extension shows (by argument index): errors' messages and hints, the checks' findings. */
const CORE_SHOWN: Record<string, number[]> = {
  OAuthJwtError: [1, 2], asOAuthJwtError: [2, 3], 'report.error': [1], 'report.warn': [1], error: [1], warn: [1],
  // The core's helpers that make an OAuthJwtError from their message and hint.
  invalidOption: [1, 2], invalidToken: [0, 1], parseOrThrow: [2, 3], invalid: [0], field: [1], tooLarge: [0, 2], unsupported: [0], tooCostly: [0], fail: [0, 1],
};

/** "file:line: text" for every literal with words that a core error or finding takes without msg(). */
function coreBypasses(text: string, file: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      for (const index of CORE_SHOWN[node.expression.getText()] ?? []) {
        const arg = node.arguments?.[index];
        for (const piece of arg ? literalText(arg) : []) {
          if (hasWords(piece)) found.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${piece.trim()}`);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * What the core still shows in English, by file and literal. Empty since issue #17 part 3: every
 * message, hint and finding is marked, fragments included (a "what" the caller names is a msg() of
 * its own, a branch picks a whole template). A new message must use msg(); an entry here is only
 * for a literal that stays English on purpose, and the test flags it once it is gone.
 */
const CORE_ENGLISH_FOR_NOW: Record<string, string[]> = {
};

test('guard: no error message, hint or finding in src/core bypasses msg() beyond the listed English ones', () => {
  const all = files(join(root, 'src', 'core')).flatMap((path) => {
    const file = relative(root, path).split(sep).join('/');
    return coreBypasses(readFileSync(path, 'utf8'), file).map((line) => ({ file, piece: line.slice(line.indexOf(': ', file.length) + 2), line }));
  });
  assert.deepEqual(all.filter(({ file, piece }) => !CORE_ENGLISH_FOR_NOW[file]?.includes(piece)).map(({ line }) => line), []);
  // The list shrinks as messages are converted: a listed piece no longer in the source is stale.
  const stale = Object.entries(CORE_ENGLISH_FOR_NOW).flatMap(([file, pieces]) => pieces.filter((piece) => !all.some((f) => f.file === file && f.piece === piece)).map((piece) => `${file}: ${piece}`));
  assert.deepEqual(stale, [], 'listed as English but no longer in the source');
});

test('the core guard fails on a planted raw message, hint or finding, and passes them once marked', () => {
  const planted = [
    "throw new OAuthJwtError('NETWORK', `Could not reach ${host}.`, 'Check the proxy.');",
    "return asOAuthJwtError(error, 'FILE_IO', 'The file could not be read.');",
    "report.error('aud', 'Okta wants the token URL as aud.');",
    "throw new OAuthJwtError('NETWORK', msg('Could not reach {0}.', host), msg('Check the proxy.'));",
    "report.warn('kid', msg('Set a kid.'));",
  ].join('\n');
  assert.deepEqual(coreBypasses(planted, 'planted.ts'), [
    'planted.ts:1: Could not reach', 'planted.ts:1: Check the proxy.', 'planted.ts:2: The file could not be read.', 'planted.ts:3: Okta wants the token URL as aud.',
  ]);
});
