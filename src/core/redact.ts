/**
 * Known secrets shorter than this are not searched for. Replacing every "a" or "42" in a log line
 * would shred the text, and the pattern of the replacements would itself reveal the short secret.
 * Real secrets (client secrets, passphrases, tokens) are far longer.
 */
export const MIN_KNOWN_SECRET_LENGTH = 4;

/** Parameter and JSON member names whose values are secrets. */
const SENSITIVE_NAMES = [
  'client_secret', 'client_assertion', 'assertion', 'jwt_token', 'access_token', 'refresh_token', 'id_token',
  'password', 'passphrase', 'private_key', 'subject_token', 'actor_token',
];
const NAMES = SENSITIVE_NAMES.join('|');

/** A space in a PEM label as it is written raw, percent-encoded (once or twice) or form-encoded. */
const PEM_SPACE = '(?: |%20|%2520|\\+)';
const PEM_LABEL = `[A-Z0-9]{1,20}(?:${PEM_SPACE}[A-Z0-9]{1,20}){0,6}`;
/**
 * Any PEM block, raw or URL-encoded (the dashes are never encoded); a block without its END line
 * (truncated output) is redacted to the end of the text.
 */
const PEM = new RegExp(`-----BEGIN${PEM_SPACE}${PEM_LABEL}-----[\\s\\S]*?(?:-----END${PEM_SPACE}${PEM_LABEL}-----|$)`, 'g');

/**
 * A PEM body without its BEGIN and END lines: base64 DER, which starts "MI" (a SEQUENCE), of at least
 * one full 64-character line, continued over line breaks (real or written "\n").
 */
const BARE_PEM_BODY = /(?<![A-Za-z0-9+/])MI[A-Za-z0-9+/]{62,}(?:(?:\r?\n|\\(?:r\\)?n)[ \t]*[A-Za-z0-9+/]{4,})*={0,2}/g;

/**
 * A run of base64url segments joined by at least two dots, starting where a run starts (the look-behind keeps
 * the scan linear: a regex tried at every "eyJ" inside one long run would be quadratic). JWTs are then found
 * inside the run by redactTokensInRun.
 */
/**
 * base64url text, possibly wrapped over lines. A line continues it only when the line holds nothing
 * else up to a dot, its end or a closing quote or bracket: a word that merely starts the next line stays.
 */
const B64URL_WORD = `[A-Za-z0-9_-]+(?:\\r?\\n[ \\t]*[A-Za-z0-9_-]+(?=[\\r\\n.%"'&,;)\\]}>]|[ \\t]*(?:\\r?\\n|$)|$))*`;
/** A JWT's dot, raw or percent-encoded (once or twice, either case). */
const JWT_DOT = '(?:\\.|%2[Ee]|%252[Ee])';
const DOTTED_RUN = new RegExp(`(?<![A-Za-z0-9_-])(?<![A-Za-z0-9_-]\\r?\\n[ \\t]*)${B64URL_WORD}(?:${JWT_DOT}(?:${B64URL_WORD})?){2,}`, 'g');
/** A line break inside a run: wrapped text, unless the next line starts a new token. */
const WRAP = /\r?\n[ \t]*/g;
const WRAP_BEFORE_TOKEN = /(\r?\n[ \t]*)(?=eyJ)/;

function isJweHeader(segment: string): boolean {
  return Buffer.from(segment, 'base64url').toString('utf8').includes('"enc"');
}

/**
 * Redacts each JWS/JWT (three parts, the last empty for alg "none") and JWE (five parts, "enc" in its header)
 * in a dotted run. A token's header always starts `{"`, which base64url writes "eyJ".
 */
function redactTokensInRun(run: string): string {
  // Lines of a run are wrapped text, but a line that starts "eyJ" starts a token of its own.
  if (WRAP_BEFORE_TOKEN.test(run)) return run.split(WRAP_BEFORE_TOKEN).map((piece, i) => (i % 2 ? piece : redactTokensInRun(piece))).join('');
  // Odd entries are the dots (kept as written), even ones the segments.
  const parts = run.split(new RegExp(`(${JWT_DOT})`));
  const segments = parts.filter((_, i) => i % 2 === 0);
  const flat = segments.map((segment) => segment.replace(WRAP, ''));
  const out: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as string;
    const at = segment.indexOf('eyJ');
    const left = segments.length - i;
    if (at < 0 || left < 3 || (flat[i] as string).length - (flat[i] as string).indexOf('eyJ') < 7 || !segments[i + 1]) {
      out.push(segment, parts[2 * i + 1] ?? '');
      continue;
    }
    const jwe = left >= 5 && isJweHeader((flat[i] as string).slice((flat[i] as string).indexOf('eyJ')));
    i += jwe ? 4 : 2;
    out.push(`${segment.slice(0, at)}${jwe ? '[redacted JWE]' : '[redacted JWT]'}`, parts[2 * i + 1] ?? '');
  }
  return out.join('');
}

/** Skips values already redacted by an earlier rule, so the replacement text is never re-redacted. */
const NOT_REDACTED = '(?!\\[redacted)';

/** `Authorization: <scheme> <credentials>` in headers, curl `-H '…'` and logs, to the end of the line or the quote. */
const AUTHORIZATION_HEADER = /(authorization\s*:[ \t]*)([^\r\n'"]*)/gi;
const SCHEME_AND_CREDENTIALS = /^((?:bearer|basic|dpop|digest|negotiate|token)\s+)?([\s\S]*)$/i;

function redactAuthorization(match: string, prefix: string, value: string): string {
  const [, scheme = '', credentials = ''] = SCHEME_AND_CREDENTIALS.exec(value) ?? [];
  // Nothing after the colon here (the value is quoted, as in `authorization: '…'`), or already redacted.
  if (!credentials.trim() || credentials.startsWith('[redacted')) return match;
  return `${prefix}${scheme}[redacted]`;
}

/**
 * `"name": "value"` in JSON (also JSON inside a JSON string, `\\"name\\": \\"value\\"`), and `name: 'value'`
 * as util.inspect prints objects; the value may hold escaped characters and ends at its closing quote.
 */
const QUOTED_PAIR = new RegExp(`((\\\\?["']?)(?:${NAMES}|authorization)\\2\\s*:\\s*(\\\\?["']))${NOT_REDACTED}(?:(?!\\3)(?:[^\\\\\\r\\n]|\\\\.))+(?=\\3)`, 'gi');

/** The private members of a JWK (RSA d, p, q, dp, dq, qi; EC/OKP d; symmetric k), in JSON or JSON inside a string. */
const JWK_PRIVATE_MEMBER = /((\\?")(?:d|p|q|dp|dq|qi|k)\2\s*:\s*\2)(?!\[redacted)[A-Za-z0-9_\-+/=]+/g;

/** Form bodies and query strings `name=value`; the value ends at "&", white space or a quote. */
const FORM_PAIR = new RegExp(`((?:${NAMES})=)${NOT_REDACTED}[^&\\s"']+`, 'gi');

/** A bearer credential standing alone in text ("Bearer abc…"); short words after "Bearer" are left alone. */
const BEARER = new RegExp(`(\\bBearer\\s+)${NOT_REDACTED}[A-Za-z0-9._~+/=-]{20,}`, 'gi');

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A literal as a pattern in which each %XX escape matches in either case (encoders differ). */
function percentPattern(literal: string): string {
  return escapeRegex(literal).replace(/%([0-9A-F])([0-9A-F])/g, (_, a: string, b: string) => `%${hexDigit(a)}${hexDigit(b)}`);
}
const hexDigit = (digit: string) => (/[A-F]/.test(digit) ? `[${digit}${digit.toLowerCase()}]` : digit);

/**
 * The secret inside a JSON string, as any JSON encoder may write it: each UTF-16 unit as itself (or
 * its short escape such as \" or \n), as \uXXXX in either case, and "/" also as \/.
 */
function jsonPattern(secret: string): string {
  let out = '';
  for (let i = 0; i < secret.length; i++) {
    const unit = secret[i]!;
    const hex = unit.charCodeAt(0).toString(16).padStart(4, '0');
    const options = new Set([escapeRegex(unit), escapeRegex(JSON.stringify(unit).slice(1, -1))]);
    if (unit === '/') options.add('\\\\/');
    options.add(`\\\\u${[...hex].map((d) => (/[a-f]/.test(d) ? `[${d}${d.toUpperCase()}]` : d)).join('')}`);
    out += options.size === 1 ? [...options][0] : `(?:${[...options].join('|')})`;
  }
  return out;
}

/** Literal forms of one secret: raw, percent-encoded (RFC 3986 and form style), twice percent-encoded. */
function literalForms(secret: string): string[] {
  const formEncoded = new URLSearchParams({ s: secret }).toString().slice(2);
  const once = [secret, encodeURIComponent(secret), formEncoded, formEncoded.replace(/\+/g, '%20')];
  const forms = new Set(once);
  for (const form of once) if (form !== secret) forms.add(encodeURIComponent(form));
  // A JWT's signature alone is enough to recognise (and, with the rest, to replay) the token.
  const signature = /^[\w-]+\.[\w-]+\.([\w-]{16,})$/.exec(secret)?.[1];
  if (signature) forms.add(signature);
  return [...forms];
}

/**
 * The parts of base64 (both alphabets) that depend on the secret alone, at the three alignments a
 * secret can have inside a longer encoded text (for example "Basic " + base64("id:" + secret)).
 */
function base64Cores(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const cores: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const start = Math.ceil((offset * 8) / 6);
    const end = Math.floor(((offset + bytes.length) * 8) / 6);
    const core = encoded.slice(start, end);
    if (core.length >= MIN_KNOWN_SECRET_LENGTH) cores.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return cores;
}

interface SecretMatcher {
  secrets: string[];
  /** Each secret's forms that are plain text (no "%" escape), for the quick look (see redactKnown). */
  plain: string[][];
  /** Every literal and JSON form of every secret, longest first, one alternation: built on first need. */
  pattern?: RegExp | null;
  base64: string[];
}

let lastMatcher: { key: string; matcher: SecretMatcher } | undefined;

/** The matcher for a set of known secrets (kept for the next call: log lines come with the same set). */
function secretMatcher(knownSecrets: Iterable<string>): SecretMatcher {
  const secrets = [...knownSecrets].filter((secret) => typeof secret === 'string' && secret.length >= MIN_KNOWN_SECRET_LENGTH);
  const key = JSON.stringify(secrets);
  if (lastMatcher?.key === key) return lastMatcher.matcher;
  const plain = secrets.map((secret) => literalForms(secret).filter((form) => form.length >= MIN_KNOWN_SECRET_LENGTH && !form.includes('%')));
  const matcher: SecretMatcher = { secrets, plain, base64: secrets.flatMap(base64Cores) };
  lastMatcher = { key, matcher };
  return matcher;
}

/**
 * One alternation of every literal and JSON form of `secrets`, longest first, so a secret that
 * contains another is replaced whole. Compiling it is costly (a JSON form has a group per character),
 * so it is built only when a text may hold one of them.
 */
function alternation(secrets: string[]): RegExp | null {
  const patterns = new Map<string, number>();
  for (const secret of secrets) {
    for (const form of literalForms(secret)) if (form.length >= MIN_KNOWN_SECRET_LENGTH) patterns.set(percentPattern(form), form.length);
    patterns.set(jsonPattern(secret), secret.length);
  }
  const sources = [...patterns].sort((a, b) => b[1] - a[1]).map(([source]) => source);
  return sources.length ? new RegExp(sources.join('|'), 'g') : null;
}

/** A run of base64 or base64url text, where an encoded secret would sit. */
const BASE64_RUN = /[A-Za-z0-9+/_-]{4,}={0,2}/g;

function redactKnown(text: string, knownSecrets: Iterable<string>): string {
  const matcher = secretMatcher(knownSecrets);
  let pattern: RegExp | null;
  if (text.includes('%') || text.includes('\\')) {
    // Escaped forms may be there: every form of every secret.
    if (matcher.pattern === undefined) matcher.pattern = alternation(matcher.secrets);
    pattern = matcher.pattern;
  } else {
    // Without "%" and "\\" a percent-encoded or JSON-escaped form cannot occur, and a JSON form is the
    // secret itself: only a secret with a plain form inside the text can match, so the alternation of
    // those alone (usually none) replaces exactly what the full one would.
    const present = matcher.secrets.filter((_, i) => matcher.plain[i]!.some((form) => text.includes(form)));
    pattern = present.length ? alternation(present) : null;
  }
  const out = pattern ? text.replace(pattern, '[redacted]') : text;
  const { base64 } = matcher;
  if (!base64.length) return out;
  return out.replace(BASE64_RUN, (run) => (base64.some((core) => run.includes(core)) ? '[redacted]' : run));
}

/**
 * The one function every log line passes through. Replaces with "[redacted …]":
 * PEM blocks (any BEGIN … END, or BEGIN to the end of the text when END is missing), JWTs/JWSs (three
 * base64url segments starting "eyJ") and JWEs (five), values of client_secret / client_assertion / assertion /
 * jwt_token / access_token / refresh_token / id_token / password / passphrase / private_key / subject_token /
 * actor_token in form bodies, query strings and JSON, `Authorization` header values (Bearer/Basic …),
 * a lone "Bearer <credential>", and every string in `knownSecrets` of at least MIN_KNOWN_SECRET_LENGTH
 * characters (raw, percent-encoded, form-encoded and JSON-escaped).
 */
export function redact(text: string, knownSecrets?: Iterable<string>): string {
  let out = typeof text === 'string' ? text : String(text);
  // Known secrets first: later rules would otherwise cut a secret in two and leave a tail behind.
  if (knownSecrets) out = redactKnown(out, knownSecrets);
  return out
    .replace(PEM, '[redacted PEM]')
    .replace(BARE_PEM_BODY, '[redacted PEM]')
    .replace(JWK_PRIVATE_MEMBER, '$1[redacted]')
    .replace(DOTTED_RUN, redactTokensInRun)
    .replace(AUTHORIZATION_HEADER, redactAuthorization)
    .replace(QUOTED_PAIR, '$1[redacted]')
    .replace(FORM_PAIR, '$1[redacted]')
    .replace(BEARER, '$1[redacted]');
}
