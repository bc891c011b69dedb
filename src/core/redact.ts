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

/** Any PEM block; a block without its END line (truncated output) is redacted to the end of the text. */
const PEM = /-----BEGIN [A-Z0-9 ]{1,60}-----[\s\S]*?(?:-----END [A-Z0-9 ]{1,60}-----|$)/g;

/**
 * A run of base64url segments joined by at least two dots, starting where a run starts (the look-behind keeps
 * the scan linear: a regex tried at every "eyJ" inside one long run would be quadratic). JWTs are then found
 * inside the run by redactTokensInRun.
 */
const DOTTED_RUN = /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]*){2,}/g;

function isJweHeader(segment: string): boolean {
  return Buffer.from(segment, 'base64url').toString('utf8').includes('"enc"');
}

/**
 * Redacts each JWS/JWT (three parts, the last empty for alg "none") and JWE (five parts, "enc" in its header)
 * in a dotted run. A token's header always starts `{"`, which base64url writes "eyJ".
 */
function redactTokensInRun(run: string): string {
  const segments = run.split('.');
  const out: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as string;
    const at = segment.indexOf('eyJ');
    const left = segments.length - i;
    if (at < 0 || left < 3 || segment.length - at < 7 || !segments[i + 1]) {
      out.push(segment);
      continue;
    }
    const jwe = left >= 5 && isJweHeader(segment.slice(at));
    out.push(`${segment.slice(0, at)}${jwe ? '[redacted JWE]' : '[redacted JWT]'}`);
    i += jwe ? 4 : 2;
  }
  return out.join('.');
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

/** Form bodies and query strings `name=value`; the value ends at "&", white space or a quote. */
const FORM_PAIR = new RegExp(`((?:${NAMES})=)${NOT_REDACTED}[^&\\s"']+`, 'gi');

/** A bearer credential standing alone in text ("Bearer abc…"); short words after "Bearer" are left alone. */
const BEARER = new RegExp(`(\\bBearer\\s+)${NOT_REDACTED}[A-Za-z0-9._~+/=-]{20,}`, 'gi');

/** Every form in which a known secret may appear in a log line, longest first. */
function secretForms(knownSecrets: Iterable<string>): string[] {
  const forms = new Set<string>();
  for (const secret of knownSecrets) {
    if (typeof secret !== 'string' || secret.length < MIN_KNOWN_SECRET_LENGTH) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    // application/x-www-form-urlencoded differs from encodeURIComponent (spaces as "+", "!'()*" escaped).
    const formEncoded = new URLSearchParams({ s: secret }).toString().slice(2);
    forms.add(formEncoded);
    // Strict RFC 3986 encoders escape "!'()*" too but write spaces as %20.
    forms.add(formEncoded.replace(/\+/g, '%20'));
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  // Longest first, so a secret that contains another is replaced whole.
  return [...forms].filter((form) => form.length >= MIN_KNOWN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
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
  if (knownSecrets) for (const form of secretForms(knownSecrets)) out = out.split(form).join('[redacted]');
  return out
    .replace(PEM, '[redacted PEM]')
    .replace(DOTTED_RUN, redactTokensInRun)
    .replace(AUTHORIZATION_HEADER, redactAuthorization)
    .replace(QUOTED_PAIR, '$1[redacted]')
    .replace(FORM_PAIR, '$1[redacted]')
    .replace(BEARER, '$1[redacted]');
}
