/**
 * The cost an encrypted PKCS#8 key (RFC 5958 EncryptedPrivateKeyInfo) asks of whoever decrypts it.
 * The file chooses its own PBKDF2 iteration count or scrypt parameters, and OpenSSL honours them
 * synchronously: a 404-byte file with 2^31-1 iterations blocks for hours. So they are read here,
 * from the DER, before the passphrase is ever asked for, and absurd costs are refused.
 */
import { count, DerError, objectId, readAll, sequence, type Tlv } from './derReader';
import { type Message, msg, OAuthJwtError } from './errors';
import type { MessageArgument } from '../shared/l10n';

/**
 * OpenSSL and Node write 2 048 iterations, Java's keytool 10 000; OWASP's 2023 advice for
 * PBKDF2-HMAC-SHA256 is 600 000. 600 000 rounds of the slowest PRF in use (HMAC-SHA-1/SHA-512, about
 * 1.5 µs a round on a laptop) take about a second; anything above is refused.
 */
export const MAX_PBKDF2_ITERATIONS = 600_000;

/**
 * scrypt's work grows with N·r·p (its memory with N·r; OpenSSL refuses over 32 MiB, but not a large p).
 * OpenSSL's default for PKCS#8 is N = 16 384, r = 8, p = 1 (0.13 s); the cap, 2^20, is 8 times that
 * (about a second).
 */
export const MAX_SCRYPT_WORK = 2 ** 20;

const OID = {
  PBES2: '1.2.840.113549.1.5.13',
  PBKDF2: '1.2.840.113549.1.5.12',
  SCRYPT: '1.3.6.1.4.1.11591.4.11',
} as const;
/** PBES1 (PKCS#5 v1.5, 1.2.840.113549.1.5.x) and PKCS#12 PBE (1.2.840.113549.1.12.1.x): parameters are { salt, iterations }. */
const LEGACY_PBE = /^1\.2\.840\.113549\.1\.(5\.\d+|12\.1\.\d+)$/;

const shown = (n: number): MessageArgument => (Number.isFinite(n) ? String(n) : msg('more than 2^53'));

function tooCostly(message: Message): OAuthJwtError {
  return new OAuthJwtError(
    'UNSUPPORTED_KEY',
    message,
    msg('If the key is yours, re-encrypt it with usual settings, e.g. openssl pkcs8 -topk8 -v2 aes-256-cbc -iter 2048, or import it unencrypted.'),
  );
}

/** Refuses more than MAX_PBKDF2_ITERATIONS rounds (PBKDF2, PKCS#12 key derivation and MAC). */
export function assertAffordableIterations(iterations: number): void {
  if (iterations > MAX_PBKDF2_ITERATIONS) {
    throw tooCostly(msg('This encrypted private key asks for {0} PBKDF2 iterations (at most {1} are accepted) to derive its decryption key, far more than any key tool writes; it is refused rather than decrypted.', shown(iterations), MAX_PBKDF2_ITERATIONS));
  }
}

/**
 * Refuses an EncryptedPrivateKeyInfo (DER) whose key derivation would cost more than
 * MAX_PBKDF2_ITERATIONS PBKDF2 rounds (PBES2, PBES1, PKCS#12 PBE) or MAX_SCRYPT_WORK for scrypt's
 * N·r·p: UNSUPPORTED_KEY naming the parameter. Structure that cannot be read is INVALID_PEM (failing
 * closed: what is not read here is not handed to OpenSSL). Other schemes pass: OpenSSL derives
 * keys only for these.
 */
export function assertAffordableKeyDerivation(der: Buffer): void {
  try {
    assertAffordableAlgorithm(sequence(readAll(der)[0])[0]);
  } catch (error) {
    if (!(error instanceof DerError)) throw error;
    throw new OAuthJwtError('INVALID_PEM', msg('The encrypted private key could not be read: its encryption parameters are damaged.'), msg('Copy the whole key file again, from the BEGIN line to the END line.'));
  }
}

/**
 * The same check on an encryption AlgorithmIdentifier alone (PKCS#12's encrypted contents use the
 * same ones); a DerError when it cannot be read.
 */
export function assertAffordableAlgorithm(algorithmIdentifier: Tlv | undefined): void {
  const algorithm = sequence(algorithmIdentifier);
  const scheme = objectId(algorithm[0]);
  if (scheme === OID.PBES2) {
    const kdf = sequence(sequence(algorithm[1])[0]);
    const kdfId = objectId(kdf[0]);
    const params = sequence(kdf[1]);
    if (kdfId === OID.PBKDF2) assertAffordableIterations(count(params[1]));
    if (kdfId === OID.SCRYPT) checkScrypt(count(params[1]), count(params[2]), count(params[3]));
  } else if (LEGACY_PBE.test(scheme)) {
    assertAffordableIterations(count(sequence(algorithm[1])[1]));
  }
}

function checkScrypt(n: number, r: number, p: number): void {
  if (!(n * r * p <= MAX_SCRYPT_WORK)) {
    throw tooCostly(msg('This encrypted private key asks for scrypt with N = {0}, r = {1}, p = {2} (N·r·p at most {3} is accepted) to derive its decryption key, far more than any key tool writes; it is refused rather than decrypted.',
      shown(n), shown(r), shown(p), MAX_SCRYPT_WORK));
  }
}
