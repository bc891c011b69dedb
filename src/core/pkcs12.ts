/**
 * PKCS#12 (.pfx / .p12) files, as Azure Key Vault, Entra ID, Windows and `openssl pkcs12 -export`
 * write them: the MAC is checked with the password, the key bags and certificate bags are read from
 * plain and password-encrypted contents. Our own small reader (derReader.ts, pkcs12Crypto.ts, rc2.ts)
 * rather than a library: see the README's Design section.
 */
import { DerError, explicit, objectId, octetString, readOne, sequence, type Tlv } from './derReader';
import { msg, OAuthJwtError } from './errors';
import { assertAffordableKeyDerivation } from './keyDerivationCost';
import { bmpPassword, macMatches, pbeDecrypt, readMacData } from './pkcs12Crypto';

const OID = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  x509Certificate: '1.2.840.113549.1.9.22.1',
} as const;

/** What a PKCS#12 file holds that is used here: PKCS#8 private keys and X.509 certificates (DER). */
export interface Pkcs12Contents {
  keys: Buffer[];
  certificates: Buffer[];
}

/** Whether bytes are a PFX: a DER SEQUENCE whose first member is INTEGER 3 (RFC 7292 §4). */
export function looksLikePkcs12(bytes: Buffer): boolean {
  if (bytes[0] !== 0x30) return false;
  try {
    const version = sequence(readOne(bytes))[0];
    return version?.tag === 0x02 && version.content.length === 1 && version.content[0] === 3;
  } catch {
    return false;
  }
}

const damaged = () => new OAuthJwtError('INVALID_PEM', msg('This PKCS#12 (.pfx/.p12) file could not be read: it is damaged, or uses indefinite (BER) lengths, which are not read here.'), msg('Export it again (e.g. openssl pkcs12 -export), or export the key as PEM.'));

/**
 * Reads a PKCS#12 file. `password` undefined means none was given: the empty password is tried
 * (Azure Key Vault exports have none). PASSPHRASE_REQUIRED when it needs one, BAD_PASSPHRASE when
 * the given one does not verify the MAC (or, without a MAC, does not decrypt), UNSUPPORTED_KEY for
 * schemes not read here or costs over the cap, INVALID_PEM for damaged structure.
 */
export function readPkcs12(der: Buffer, password: string | undefined): Pkcs12Contents {
  try {
    const [version, authSafe, macTlv] = sequence(readOne(der));
    if (version?.tag !== 0x02) throw new DerError();
    const [contentType, content] = sequence(authSafe);
    if (objectId(contentType) !== OID.data) throw new OAuthJwtError('UNSUPPORTED_KEY', msg('This PKCS#12 file is protected by a public-key signature, not a password; it is not read here.'), msg('Export it again with a password (openssl pkcs12 -export).'));
    const authSafeBytes = octetString(explicit(content, 0));
    const text = password ?? '';
    // "No password" is written either as the empty BMP string (two zero bytes) or as nothing at all.
    const candidates = password === undefined || password === '' ? [bmpPassword(''), bmpPassword(null)] : [bmpPassword(password)];
    let bmp = candidates[0]!;
    if (macTlv) {
      const mac = readMacData(macTlv);
      const match = candidates.find((candidate) => macMatches(mac, candidate, authSafeBytes));
      if (!match) throw wrongPassword(password);
      bmp = match;
    }
    const contents: Pkcs12Contents = { keys: [], certificates: [] };
    for (const info of sequence(readOne(authSafeBytes))) {
      const [type, value] = sequence(info);
      const typeId = objectId(type);
      if (typeId === OID.data) readSafeContents(octetString(explicit(value, 0)), text, bmp, contents, password);
      else if (typeId === OID.encryptedData) {
        const [, encryptedContentInfo] = sequence(explicit(value, 0));
        const [, algorithm, encrypted] = sequence(encryptedContentInfo);
        const plain = pbeDecrypt(algorithm!, text, bmp, implicitOctets(encrypted));
        if (!plain) throw wrongPassword(password);
        readSafeContents(plain, text, bmp, contents, password);
      }
    }
    if (contents.keys.length === 0) {
      throw new OAuthJwtError('NOT_A_PRIVATE_KEY', contents.certificates.length ? msg('This PKCS#12 file holds only certificates, no private key.') : msg('This PKCS#12 file holds nothing usable, no private key.'), msg('Export the certificate together with its private key (in Windows: "Yes, export the private key").'));
    }
    return contents;
  } catch (error) {
    if (error instanceof DerError) throw damaged();
    throw error;
  }
}

function wrongPassword(password: string | undefined): OAuthJwtError {
  return password === undefined
    ? new OAuthJwtError('PASSPHRASE_REQUIRED', msg('This PKCS#12 (.pfx/.p12) file is protected by a password.'), msg('Give the password it was exported with.'))
    : new OAuthJwtError('BAD_PASSPHRASE', msg('The PKCS#12 file could not be opened: the password is wrong (or the file is damaged).'), msg('Check the password and try again.'));
}

/** [0] IMPLICIT OCTET STRING: primitive (0x80), or constructed (0xA0) from OCTET STRING pieces. */
function implicitOctets(tlv: Tlv | undefined): Buffer {
  if (tlv?.tag === 0x80) return tlv.content;
  if (tlv?.tag === 0xa0) return Buffer.concat(sequence({ ...tlv, tag: 0x30 }).map((piece) => octetString(piece)));
  throw new DerError();
}

function readSafeContents(bytes: Buffer, password: string, bmp: Buffer, into: Pkcs12Contents, given: string | undefined): void {
  for (const bag of sequence(readOne(bytes))) {
    const [bagId, bagValue] = sequence(bag);
    const id = objectId(bagId);
    if (id === OID.keyBag) into.keys.push(Buffer.from(explicit(bagValue, 0).encoded));
    else if (id === OID.shroudedKeyBag) {
      const encryptedKey = explicit(bagValue, 0);
      assertAffordableKeyDerivation(encryptedKey.encoded);
      const [algorithm, data] = sequence(encryptedKey);
      const plain = pbeDecrypt(algorithm!, password, bmp, octetString(data));
      if (!plain) throw wrongPassword(given);
      into.keys.push(plain);
    } else if (id === OID.certBag) {
      const [certType, certValue] = sequence(explicit(bagValue, 0));
      if (objectId(certType) === OID.x509Certificate) into.certificates.push(Buffer.from(octetString(explicit(certValue, 0))));
    }
  }
}
