// CONTRACT STUB — to be implemented (jwt helper). Signatures are fixed; see TSDoc.
import type { PrivateKey, SigningAlgorithm } from './keys';

/** The algorithm used when none is given: RS256 for RSA, ES256/ES384/ES512 by curve, EdDSA for Ed25519. */
export declare function defaultAlgorithm(key: PrivateKey): SigningAlgorithm;

/** Throws ALG_MISMATCH (saying which key suits which algorithms) unless `alg` can be used with this key; ALG_NONE for "none". */
export declare function assertAlgorithmSuitsKey(alg: string, key: PrivateKey): asserts alg is SigningAlgorithm;
