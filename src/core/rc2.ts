/**
 * RC2-CBC decryption (RFC 2268), for the one place it is still met: the certificates inside
 * PKCS#12 files written with the legacy "pbeWithSHAAnd40BitRC2-CBC" (OpenSSL 1.x, older Windows).
 * OpenSSL 3 keeps RC2 in its legacy provider, which Node does not load, so it is done here.
 * Decryption only; what it decrypts is public (certificates), and the file's MAC is checked first.
 */

// RFC 2268 §2: PITABLE, a permutation of 0..255 based on the digits of pi.
const PITABLE = Buffer.from(
  'd978f9c419ddb5ed28e9fd794aa0d89dc67e37832b76538e624c6488448bfba2179a59f587b34f1361456d8d09817d32bd8f40eb86b77b0bf09521225c6b4e82' +
  '54d66593ce60b21c7356c014a78cf1dc1275ca1f3bbee4d1423dd430a33cb6266fbf0eda4669075727f21d9bbc944303f811c7f690ef3ee706c3d52fc8661ed7' +
  '08e8eade8052eef784aa72ac354d6a2a961ad2715a1549744b9fd05e0418a4ecc2e0416e0f51cbcc2491af50a1f47039997c3a8523b8b47afc02365b25559731' +
  '2d5dfa98e38a92ae05df2910676cbac9d300e6cfe19ea82c6316013f58e289a90d38341bab33ffb0bb480c5fb9b1cd2ec5f3db47e5a59c770aa62068fe7fc1ad',
  'hex',
);

/** The 64 16-bit words of the expanded key (RFC 2268 §2), for a key of `effectiveBits` effective bits. */
export function expandKey(key: Buffer, effectiveBits: number): Uint16Array {
  const l = new Uint8Array(128);
  l.set(key);
  const t = key.length;
  const t8 = Math.ceil(effectiveBits / 8);
  const tm = 0xff % 2 ** (8 + effectiveBits - 8 * t8);
  for (let i = t; i < 128; i++) l[i] = PITABLE[(l[i - 1]! + l[i - t]!) & 0xff]!;
  l[128 - t8] = PITABLE[l[128 - t8]! & tm]!;
  for (let i = 127 - t8; i >= 0; i--) l[i] = PITABLE[l[i + 1]! ^ l[i + t8]!]!;
  const k = new Uint16Array(64);
  for (let i = 0; i < 64; i++) k[i] = l[2 * i]! | (l[2 * i + 1]! << 8);
  return k;
}

const rotateRight = (x: number, s: number) => ((x >>> s) | (x << (16 - s))) & 0xffff;

/** One 8-byte block decrypted with an expanded key (exported for the RFC 2268 §5 known-answer tests). */
export function decryptBlock(k: Uint16Array, block: Buffer): Buffer {
  const r = [0, 1, 2, 3].map((i) => block.readUInt16LE(2 * i));
  const shifts = [1, 2, 3, 5];
  let j = 63;
  const mixRound = () => {
    for (let i = 3; i >= 0; i--) {
      r[i] = rotateRight(r[i]!, shifts[i]!);
      r[i] = (r[i]! - k[j--]! - (r[(i + 3) & 3]! & r[(i + 2) & 3]!) - (~r[(i + 3) & 3]! & r[(i + 1) & 3]!)) & 0xffff;
    }
  };
  const mashRound = () => {
    for (let i = 3; i >= 0; i--) r[i] = (r[i]! - k[r[(i + 3) & 3]! & 63]!) & 0xffff;
  };
  for (let n = 0; n < 5; n++) mixRound();
  mashRound();
  for (let n = 0; n < 6; n++) mixRound();
  mashRound();
  for (let n = 0; n < 5; n++) mixRound();
  const out = Buffer.alloc(8);
  r.forEach((word, i) => out.writeUInt16LE(word, 2 * i));
  return out;
}

/** RC2-CBC decryption with PKCS#7 padding removed; undefined when the padding is wrong (wrong key). */
export function rc2CbcDecrypt(key: Buffer, effectiveBits: number, iv: Buffer, data: Buffer): Buffer | undefined {
  if (data.length === 0 || data.length % 8 !== 0 || iv.length !== 8) return undefined;
  const k = expandKey(key, effectiveBits);
  const out = Buffer.alloc(data.length);
  let previous = iv;
  for (let at = 0; at < data.length; at += 8) {
    const block = data.subarray(at, at + 8);
    const plain = decryptBlock(k, block);
    for (let i = 0; i < 8; i++) out[at + i] = plain[i]! ^ previous[i]!;
    previous = block;
  }
  const pad = out[out.length - 1]!;
  if (pad < 1 || pad > 8 || !out.subarray(out.length - pad).every((b) => b === pad)) return undefined;
  return out.subarray(0, out.length - pad);
}
