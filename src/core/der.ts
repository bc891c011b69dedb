/**
 * The few DER (X.690) encodings a self-signed certificate needs: a writer, not a parser (reading
 * certificates is Node's X509Certificate). Each function returns one complete TLV.
 */

const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** A TLV with the given tag byte; the length in the shortest form (X.690 §10.1). */
export function tlv(tag: number, content: Uint8Array): Buffer {
  const n = content.length;
  let length: number[];
  if (n < 0x80) {
    length = [n];
  } else {
    const octets: number[] = [];
    for (let rest = n; rest > 0; rest = Math.floor(rest / 256)) octets.unshift(rest % 256);
    length = [0x80 | octets.length, ...octets];
  }
  return Buffer.concat([Buffer.from([tag, ...length]), content]);
}

export const sequence = (...items: Uint8Array[]): Buffer => tlv(TAG.SEQUENCE, Buffer.concat(items));
export const set = (...items: Uint8Array[]): Buffer => tlv(TAG.SET, Buffer.concat(items));
export const octetString = (bytes: Uint8Array): Buffer => tlv(TAG.OCTET_STRING, bytes);
export const utf8String = (text: string): Buffer => tlv(TAG.UTF8_STRING, Buffer.from(text, 'utf8'));
/** PrintableString (X.680 §41.4): letters, digits, space and '()+,-./:=? — the caller checks the characters. */
export const printableString = (text: string): Buffer => tlv(TAG.PRINTABLE_STRING, Buffer.from(text, 'ascii'));
/** IA5String: 7-bit ASCII — the caller checks the characters. */
export const ia5String = (text: string): Buffer => tlv(TAG.IA5_STRING, Buffer.from(text, 'ascii'));
export const nullValue = (): Buffer => tlv(TAG.NULL, Buffer.alloc(0));
export const boolean = (value: boolean): Buffer => tlv(TAG.BOOLEAN, Buffer.from([value ? 0xff : 0x00]));
/** A BIT STRING of whole octets (no unused bits). */
export const bitString = (bytes: Uint8Array): Buffer => tlv(TAG.BIT_STRING, Buffer.concat([Buffer.from([0]), bytes]));
/** Context-specific, constructed: `[n] EXPLICIT`. */
export const explicit = (n: number, inner: Uint8Array): Buffer => tlv(0xa0 | n, inner);
/** Context-specific, constructed, over several items: `[n] IMPLICIT SET/SEQUENCE OF`. */
export const implicitConstructed = (n: number, ...items: Uint8Array[]): Buffer => explicit(n, Buffer.concat(items));
/** Context-specific, primitive: `[n] IMPLICIT` over a primitive value's content octets. */
export const implicitPrimitive = (n: number, content: Uint8Array): Buffer => tlv(0x80 | n, content);

/** An INTEGER from a small non-negative number. */
export function smallInteger(value: number): Buffer {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError('smallInteger takes a non-negative safe integer');
  const octets: number[] = [];
  for (let rest = value; rest > 0; rest = Math.floor(rest / 256)) octets.unshift(rest % 256);
  if (octets.length === 0 || octets[0]! & 0x80) octets.unshift(0);
  return tlv(TAG.INTEGER, Buffer.from(octets));
}

/**
 * An INTEGER from big-endian octets that already are its minimal two's-complement encoding
 * (positive: high bit of the first octet clear; no superfluous leading zero octet).
 */
export function integerOctets(octets: Uint8Array): Buffer {
  if (octets.length === 0 || octets[0]! & 0x80 || (octets.length > 1 && octets[0] === 0 && !(octets[1]! & 0x80))) {
    throw new RangeError('integerOctets takes a minimal positive encoding');
  }
  return tlv(TAG.INTEGER, octets);
}

/** An OBJECT IDENTIFIER from its dotted form, e.g. "2.5.4.3". */
export function oid(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number);
  if (arcs.length < 2 || arcs.some((a) => !Number.isSafeInteger(a) || a < 0) || arcs[0]! > 2 || (arcs[0]! < 2 && arcs[1]! > 39)) {
    throw new RangeError(`not an object identifier: ${dotted}`);
  }
  const octets: number[] = [];
  for (const arc of [arcs[0]! * 40 + arcs[1]!, ...arcs.slice(2)]) {
    const base128 = [arc % 128];
    for (let rest = Math.floor(arc / 128); rest > 0; rest = Math.floor(rest / 128)) base128.unshift(0x80 | (rest % 128));
    octets.push(...base128);
  }
  return tlv(TAG.OID, Buffer.from(octets));
}

/**
 * A certificate validity time (RFC 5280 §4.1.2.5): UTCTime through 2049, GeneralizedTime from 2050,
 * both in UTC with whole seconds.
 */
export function time(date: Date): Buffer {
  const year = date.getUTCFullYear();
  if (year < 1950 || year > 9999) throw new RangeError('certificate times are 1950 to 9999');
  const two = (n: number) => String(n).padStart(2, '0');
  const rest = `${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}${two(date.getUTCHours())}${two(date.getUTCMinutes())}${two(date.getUTCSeconds())}Z`;
  return year < 2050
    ? tlv(TAG.UTC_TIME, Buffer.from(`${two(year % 100)}${rest}`, 'ascii'))
    : tlv(TAG.GENERALIZED_TIME, Buffer.from(`${year}${rest}`, 'ascii'));
}
