/**
 * A small DER reader for the structures read here from files someone else may have made (encrypted
 * PKCS#8 parameters, PKCS#12): definite lengths only, as DER requires; any structural surprise is a
 * DerError, which callers turn into their own message.
 */

/** One TLV: its tag, its content, and its whole encoding (tag and length included). */
export interface Tlv {
  tag: number;
  content: Buffer;
  encoded: Buffer;
}

export class DerError extends Error {}

/** The TLVs one after another in `bytes`. */
export function readAll(bytes: Buffer): Tlv[] {
  const out: Tlv[] = [];
  let at = 0;
  while (at < bytes.length) {
    const start = at;
    if (at + 2 > bytes.length) throw new DerError();
    const tag = bytes[at]!;
    let length = bytes[at + 1]!;
    at += 2;
    if (length & 0x80) {
      const octets = length & 0x7f;
      if (octets === 0 || octets > 4 || at + octets > bytes.length) throw new DerError();
      length = 0;
      for (let i = 0; i < octets; i++) length = length * 256 + bytes[at + i]!;
      at += octets;
    }
    if (at + length > bytes.length) throw new DerError();
    out.push({ tag, content: bytes.subarray(at, at + length), encoded: bytes.subarray(start, at + length) });
    at += length;
  }
  return out;
}

/** The one TLV `bytes` holds (nothing after it). */
export function readOne(bytes: Buffer): Tlv {
  const all = readAll(bytes);
  if (all.length !== 1) throw new DerError();
  return all[0]!;
}

export function sequence(tlv: Tlv | undefined): Tlv[] {
  if (tlv?.tag !== 0x30) throw new DerError();
  return readAll(tlv.content);
}

/** The content of an [n] EXPLICIT wrapper: the one TLV inside it. */
export function explicit(tlv: Tlv | undefined, n: number): Tlv {
  if (tlv?.tag !== (0xa0 | n)) throw new DerError();
  return readOne(tlv.content);
}

export function octetString(tlv: Tlv | undefined): Buffer {
  if (tlv?.tag !== 0x04) throw new DerError();
  return tlv.content;
}

export function objectId(tlv: Tlv | undefined): string {
  if (tlv?.tag !== 0x06 || tlv.content.length === 0) throw new DerError();
  const arcs: number[] = [];
  let value = 0;
  for (const byte of tlv.content) {
    value = value * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      arcs.push(value);
      value = 0;
    }
  }
  const first = Math.min(2, Math.floor(arcs[0]! / 40));
  return [first, arcs[0]! - first * 40, ...arcs.slice(1)].join('.');
}

/** A non-negative INTEGER; anything that does not fit a safe integer counts as Infinity (always over a cap). */
export function count(tlv: Tlv | undefined): number {
  if (tlv?.tag !== 0x02 || tlv.content.length === 0 || tlv.content[0]! & 0x80) throw new DerError();
  let value = 0;
  for (const byte of tlv.content) value = value * 256 + byte;
  return Number.isSafeInteger(value) ? value : Infinity;
}
