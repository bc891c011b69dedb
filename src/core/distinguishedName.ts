/**
 * Subject names as openssl's `-subj` writes them ("/CN=app/O=Example Ltd/C=GB"), parsed with
 * limits and clear errors, and written as a DER Name (RFC 5280 §4.1.2.4): one attribute per RDN,
 * in the order given. Only the attributes a CA asks for are known; anything else is refused by
 * name rather than guessed at.
 */
import * as der from './der';
import { type Message, msg, OAuthJwtError } from './errors';

interface AttributeType {
  oid: string;
  /** X.520 upper bound in characters. */
  max: number;
  /** How the value is written: UTF8String unless the standard says otherwise. */
  encoding: 'utf8' | 'printable' | 'ia5';
}

const ATTRIBUTES: Readonly<Record<string, AttributeType>> = {
  CN: { oid: '2.5.4.3', max: 64, encoding: 'utf8' },
  O: { oid: '2.5.4.10', max: 64, encoding: 'utf8' },
  OU: { oid: '2.5.4.11', max: 64, encoding: 'utf8' },
  L: { oid: '2.5.4.7', max: 128, encoding: 'utf8' },
  ST: { oid: '2.5.4.8', max: 128, encoding: 'utf8' },
  C: { oid: '2.5.4.6', max: 2, encoding: 'printable' }, // RFC 5280: PrintableString, ISO 3166 two letters
  serialNumber: { oid: '2.5.4.5', max: 64, encoding: 'printable' },
  emailAddress: { oid: '1.2.840.113549.1.9.1', max: 255, encoding: 'ia5' },
};

/** One attribute of a subject, e.g. { type: 'CN', value: 'app' }. */
export interface NameAttribute {
  type: string;
  value: string;
}

const MAX_SUBJECT_CHARS = 1024;
const MAX_ATTRIBUTES = 16;
const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

const hint = msg('Write the subject as openssl does, e.g. "/CN=my-app/O=Example Ltd/C=GB" (known attributes: {0}; write "\\/" for a slash inside a value).', Object.keys(ATTRIBUTES).join(', '));

function invalid(message: string | Message): OAuthJwtError {
  return new OAuthJwtError('INVALID_OPTION', message, hint);
}

/**
 * Parses "/CN=…/O=…". A backslash escapes the next character ("\/" is a slash in a value). Refuses
 * an empty or oversized subject, an unknown attribute, an empty or overlong value, control
 * characters, characters the attribute's string type cannot hold, and a subject without CN.
 */
export function parseSubject(text: string): NameAttribute[] {
  if (typeof text !== 'string' || text.trim() === '') throw invalid(msg('The subject is empty.'));
  if (text.length > MAX_SUBJECT_CHARS) throw invalid(msg('The subject is longer than {0} characters.', MAX_SUBJECT_CHARS));
  const input = text.trim();
  if (!input.startsWith('/')) throw invalid(msg('The subject must begin with "/", as in "/CN=my-app".'));
  const parts: string[] = [];
  let current = '';
  for (let i = 1; i < input.length; i++) {
    const char = input[i]!;
    if (char === '\\') {
      if (i + 1 >= input.length) throw invalid(msg('The subject ends with a lone backslash.'));
      current += input[++i];
    } else if (char === '/') {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  if (parts.length > MAX_ATTRIBUTES) throw invalid(msg('The subject has more than {0} attributes.', MAX_ATTRIBUTES));

  const attributes = parts.map((part, index) => {
    const equals = part.indexOf('=');
    if (equals <= 0) throw invalid(msg('Attribute {0} ("{1}") is not of the form TYPE=value.', index + 1, printable(part)));
    const type = part.slice(0, equals).trim();
    const value = part.slice(equals + 1).trim();
    const known = Object.hasOwn(ATTRIBUTES, type) ? ATTRIBUTES[type]! : undefined;
    if (!known) throw invalid(msg('"{0}" is not a subject attribute this tool writes.', printable(type)));
    if (value === '') throw invalid(msg('The value of {0} is empty.', type));
    if (/[\u0000-\u001f\u007f-\u009f]/.test(value)) throw invalid(msg('The value of {0} contains a control character.', type));
    if ([...value].length > known.max) throw invalid(msg('The value of {0} is longer than {1} characters.', type, known.max));
    if (known.encoding === 'printable' && !PRINTABLE.test(value)) throw invalid(msg('The value of {0} may hold only letters, digits, spaces and \'()+,-./:=?.', type));
    if (known.encoding === 'ia5' && !/^[\u0020-\u007e]*$/.test(value)) throw invalid(msg('The value of {0} may hold only ASCII characters.', type));
    if (type === 'C' && !/^[A-Z]{2}$/.test(value)) throw invalid(msg('C is a two-letter country code in capitals, e.g. GB or DE.'));
    return { type, value };
  });
  if (!attributes.some((a) => a.type === 'CN')) throw invalid(msg('The subject has no CN (common name).'));
  return attributes;
}

/** A DER Name: a SEQUENCE of single-attribute RDNs in the given order. */
export function encodeName(attributes: readonly NameAttribute[]): Buffer {
  return der.sequence(
    ...attributes.map(({ type, value }) => {
      const known = ATTRIBUTES[type]!;
      const encoded = known.encoding === 'printable' ? der.printableString(value) : known.encoding === 'ia5' ? der.ia5String(value) : der.utf8String(value);
      return der.set(der.sequence(der.oid(known.oid), encoded));
    }),
  );
}

/** Shows a piece of hostile input in a message: control characters escaped, at most 40 characters. */
function printable(text: string): string {
  const shown = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return shown.length > 40 ? `${shown.slice(0, 40)}…` : shown;
}
