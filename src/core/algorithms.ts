import type { KeyObject } from 'node:crypto';
import { type Message, msg, OAuthJwtError } from './errors';
import type { MessageArgument } from '../shared/l10n';
import type { Curve, PrivateKey, SigningAlgorithm } from './keys';

const RSA_ALGORITHMS: readonly SigningAlgorithm[] = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];

/** RFC 7518 §3.4 ties each ECDSA algorithm to exactly one curve; any other pairing is invalid. */
const EC_ALGORITHM: Record<Curve, SigningAlgorithm> = { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' };

/** OpenSSL's names for the curves, as KeyObject.asymmetricKeyDetails reports them. */
const OPENSSL_CURVES: Record<string, Curve> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };

/** What a key is, as far as choosing a signing algorithm goes. */
interface KeyKind {
  type: 'rsa' | 'rsa-pss' | 'ec' | 'ed25519' | 'other';
  curve?: Curve;
}

function kindOfKeyObject(key: KeyObject): KeyKind {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return { type: 'rsa' };
    case 'rsa-pss':
      // A key restricted to PSS (OID RSASSA-PSS): jose cannot sign or verify with it.
      return { type: 'rsa-pss' };
    case 'ec': {
      const named = key.asymmetricKeyDetails?.namedCurve;
      return { type: 'ec', curve: named ? OPENSSL_CURVES[named] : undefined };
    }
    case 'ed25519':
      return { type: 'ed25519' };
    default:
      return { type: 'other' };
  }
}

function kindOfPrivateKey(key: PrivateKey): KeyKind {
  // The KeyObject is the truth; the descriptor only fills in what it cannot say.
  if (!key.key?.asymmetricKeyType) return { type: key.type, curve: key.curve };
  const kind = kindOfKeyObject(key.key);
  // Only when Node does not name the curve does the descriptor's curve count; an unsupported curve stays unsupported.
  return kind.type === 'ec' && !key.key.asymmetricKeyDetails?.namedCurve ? { type: 'ec', curve: key.curve } : kind;
}

function algorithmsFor(kind: KeyKind): SigningAlgorithm[] {
  switch (kind.type) {
    case 'rsa':
      return [...RSA_ALGORITHMS];
    case 'ec':
      return kind.curve ? [EC_ALGORITHM[kind.curve]] : [];
    case 'ed25519':
      return ['EdDSA'];
    default:
      return [];
  }
}

function describeKind(kind: KeyKind): Message {
  switch (kind.type) {
    case 'rsa':
      return msg('an RSA key');
    case 'ec':
      return kind.curve ? msg('an EC {0} key', kind.curve) : msg('an EC key on an unsupported curve');
    case 'ed25519':
      return msg('an Ed25519 key');
    case 'rsa-pss':
      return msg('an RSA key restricted to PSS, which is not supported');
    default:
      return msg('a key of an unsupported type');
  }
}

/** The signing algorithms that can be used with a public or private key object (empty when none can). */
export function algorithmsForKeyObject(key: KeyObject): SigningAlgorithm[] {
  return algorithmsFor(kindOfKeyObject(key));
}

/** The signing algorithms that can be used with this private key, the default first. */
export function algorithmsForKey(key: PrivateKey): SigningAlgorithm[] {
  return algorithmsFor(kindOfPrivateKey(key));
}

/** The algorithm used when none is given: RS256 for RSA, ES256/ES384/ES512 by curve, EdDSA for Ed25519. */
export function defaultAlgorithm(key: PrivateKey): SigningAlgorithm {
  const kind = kindOfPrivateKey(key);
  const [first] = algorithmsFor(kind);
  if (!first) {
    throw new OAuthJwtError('UNSUPPORTED_KEY', msg('No JWT signing algorithm suits {0}.', describeKind(kind)),
      msg('Use an RSA key (2048 bits or more), an EC key on P-256, P-384 or P-521, or an Ed25519 key.'));
  }
  return first;
}

/** Throws ALG_MISMATCH (saying which key suits which algorithms) unless `alg` can be used with this key; ALG_NONE for "none". */
export function assertAlgorithmSuitsKey(alg: string, key: PrivateKey): asserts alg is SigningAlgorithm {
  assertAlgorithmSuits(alg, kindOfPrivateKey(key));
}

/** The same check for a public key, as verification needs it. */
export function assertAlgorithmSuitsKeyObject(alg: string, key: KeyObject): asserts alg is SigningAlgorithm {
  assertAlgorithmSuits(alg, kindOfKeyObject(key));
}

/** "A or B or C", with "or" translated. */
function orList(items: readonly string[]): MessageArgument {
  return items.length <= 1 ? items[0] ?? '' : msg('{0} or {1}', orList(items.slice(0, -1)), items[items.length - 1]!);
}

function assertAlgorithmSuits(alg: string, kind: KeyKind): void {
  if (typeof alg === 'string' && alg.trim().toLowerCase() === 'none') {
    throw new OAuthJwtError('ALG_NONE', msg('The algorithm "none" means an unsigned token and is never used.'),
      msg('Choose a signing algorithm that suits the key, or leave the algorithm out to use the key\'s default.'));
  }
  const suitable = algorithmsFor(kind);
  if ((suitable as string[]).includes(alg)) return;
  // An algorithm name comes from user input; keep the echo short and printable.
  const shown = typeof alg === 'string' ? JSON.stringify(alg.length > 24 ? `${alg.slice(0, 24)}…` : alg) : msg('a non-text value');
  const caseFix = suitable.find((a) => typeof alg === 'string' && a.toLowerCase() === alg.toLowerCase());
  const message = suitable.length
    ? msg('The algorithm {0} cannot be used with {1}, which suits {2}.', shown, describeKind(kind), suitable.join(', '))
    : msg('The algorithm {0} cannot be used: no signing algorithm suits {1}.', shown, describeKind(kind));
  const hint = caseFix
    ? msg('Algorithm names are case-sensitive: write {0}.', caseFix)
    : suitable.length
      ? msg('Use {0}, or leave the algorithm out to use {1}.', orList(suitable), suitable[0]!)
      : msg('Use a plain RSA key ("BEGIN PRIVATE KEY" or "BEGIN RSA PRIVATE KEY"), an EC key on P-256, P-384 or P-521, or an Ed25519 key.');
  throw new OAuthJwtError('ALG_MISMATCH', message, hint);
}
