/**
 * Reading and writing PEM text (RFC 7468) before anything is handed to a parser.
 * Only labels and positions are inspected here; the base64 body is never echoed.
 */
import { msg, OAuthJwtError } from './errors';
import type { MessageArgument } from '../shared/l10n';
import { MAX_PEM_CHARS } from './limits';

/** One `-----BEGIN X-----` … `-----END X-----` block. */
export interface PemBlock {
  /** The label, e.g. `PRIVATE KEY`, `CERTIFICATE`. */
  readonly label: string;
  /** The whole block, BEGIN and END lines included, with LF line ends. */
  readonly text: string;
  /** True for legacy OpenSSL encryption (`Proc-Type: 4,ENCRYPTED` inside a PKCS#1/SEC1 block). */
  readonly legacyEncrypted: boolean;
}

/**
 * Refuses text over `max` characters, then removes a UTF-8 BOM, turns CRLF/CR into LF and trims.
 * The cap comes first so that nothing large is ever scanned. `what` names the input with its
 * article (msg('The private key')): it begins the sentence.
 */
export function normalizeInput(text: string, what: MessageArgument, max: number = MAX_PEM_CHARS): string {
  if (typeof text !== 'string') {
    throw new OAuthJwtError('INVALID_PEM', msg('{0} is not text.', what), msg('Give the contents of a PEM or JSON file.'));
  }
  if (text.length > max) {
    throw new OAuthJwtError(
      'INPUT_TOO_LARGE',
      msg('{0} is too large ({1} characters; at most {2} are read).', what, text.length, max),
      msg('Check that you chose the right file: key and certificate files are a few kilobytes.'),
    );
  }
  return unescapeNewlines(text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').trim());
}

/**
 * PEM copied out of a JSON string (a service-account file, a secrets manager) has the two
 * characters "\n" for its line breaks, perhaps "\/" for "/", and may keep its quotes: undone here.
 * JSON text itself is left alone (its parser reads the escapes).
 */
function unescapeNewlines(text: string): string {
  const unquoted = /^"-----BEGIN [^"]*"$/.test(text) ? text.slice(1, -1) : text;
  if (text.startsWith('{') || !/-----BEGIN [A-Z0-9 ]{1,40}-----(\\r)?\\n/.test(unquoted)) return text;
  return unquoted.replace(/\\r\\n|\\n/g, '\n').replace(/\\\//g, '/').trim();
}

// Labels are restricted to what RFC 7468 allows, so a label is safe to show in a message.
// Indentation and trailing blanks are allowed: keys are often pasted from YAML or e-mail.
const BEGIN = /^[ \t]*-----BEGIN ([A-Z0-9 ]{1,40})-----[ \t]*$/gm;
const BASE64_LINE = /^[A-Za-z0-9+/=]*$/;

/**
 * Every PEM block in `text` (already normalized), in order. A block without its END line, or with
 * a body that is not base64, is reported as INVALID_PEM — typically a truncated copy and paste.
 */
export function findPemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  for (const match of text.matchAll(BEGIN)) {
    const label = match[1]!;
    const start = match.index! + match[0].indexOf('-');
    const endLine = `-----END ${label}-----`;
    const end = text.indexOf(endLine, start);
    if (end < 0) {
      throw new OAuthJwtError(
        'INVALID_PEM',
        msg('The {0} block has no "{1}" line: the text looks truncated.', label, endLine),
        msg('Copy the whole file, from the BEGIN line to the END line.'),
      );
    }
    const blockText = text.slice(start, end + endLine.length);
    const lines = blockText.split('\n').slice(1, -1).map((line) => line.trim());
    // Legacy encrypted PEM has RFC 1421 headers ("Proc-Type: …", "DEK-Info: …") before a blank line.
    const headerEnd = lines.indexOf('');
    const headers = headerEnd >= 0 && lines.slice(0, headerEnd).every((l) => l.includes(':')) ? lines.slice(0, headerEnd) : [];
    const body = lines.slice(headers.length === 0 ? 0 : headerEnd + 1).filter((l) => l !== '');
    if (body.length === 0 || !body.every((line) => BASE64_LINE.test(line))) {
      throw new OAuthJwtError(
        'INVALID_PEM',
        msg('The {0} block is damaged: its body is not base64.', label),
        msg('Copy the file again without changing it, from the BEGIN line to the END line.'),
      );
    }
    blocks.push({
      label,
      text: [`-----BEGIN ${label}-----`, ...headers, ...(headers.length ? [''] : []), ...body, endLine].join('\n') + '\n',
      legacyEncrypted: headers.some((h) => /^Proc-Type:\s*4,\s*ENCRYPTED$/i.test(h)),
    });
  }
  return blocks;
}

/** The DER bytes of a block (its base64 body; RFC 1421 header lines skipped). */
export function pemBody(block: PemBlock): Buffer {
  const lines = block.text.split('\n').filter((line) => line !== '' && !line.startsWith('-----') && !line.includes(':'));
  return Buffer.from(lines.join(''), 'base64');
}

/** PEM text (64-character lines, LF line ends) for DER bytes. */
export function pemEncode(label: string, der: Uint8Array): string {
  const base64 = Buffer.from(der).toString('base64');
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
