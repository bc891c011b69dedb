import { parseJsonObject, type JsonObject } from '../core/jsonObject';
import { buildJwt, signJwt } from '../core/jwt';
import { THUMBPRINTS } from '../core/thumbprints';
import { oneOf, parse, positiveInteger, required, UsageError } from './args';
import type { CliIo } from './io';
import { readCertificateFor, readPrivateKey } from './keyInput';

export const signUsage = `oauth-jwt sign --key FILE [--passphrase-env VAR] [--alg ALG] [--kid KID] [--header JSON] [--claims JSON]
               [--iss S] [--sub S] [--aud S] [--ttl SECONDS] [--jti] [--cert FILE [--thumbprint x5t#S256|x5t]]
    prints a compact JWS; adds iat, and exp = iat + ttl (default 300); alg defaults from the key;
    --cert FILE (the key's certificate) adds its thumbprint to the header (x5t#S256 unless --thumbprint x5t)`;

export async function sign(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, {
    key: { type: 'string' },
    'passphrase-env': { type: 'string' },
    alg: { type: 'string' },
    kid: { type: 'string' },
    header: { type: 'string' },
    claims: { type: 'string' },
    iss: { type: 'string' },
    sub: { type: 'string' },
    aud: { type: 'string' },
    ttl: { type: 'string' },
    jti: { type: 'boolean' },
    cert: { type: 'string' },
    thumbprint: { type: 'string' },
  });
  const thumbprint = oneOf(values.thumbprint, THUMBPRINTS, '--thumbprint');
  if (thumbprint !== undefined && values.cert === undefined) throw new UsageError('--thumbprint goes with --cert');
  const keyFile = required(values.key, '--key');
  const lifetimeSeconds = positiveInteger(values.ttl, '--ttl', 31_536_000) ?? 300;
  const header: JsonObject = values.header !== undefined ? parseJsonObject(values.header, '--header') : {};
  const claims: JsonObject = values.claims !== undefined ? parseJsonObject(values.claims, '--claims') : {};
  if (values.kid !== undefined) header.kid = values.kid;
  if (values.iss !== undefined) claims.iss = values.iss;
  if (values.sub !== undefined) claims.sub = values.sub;
  if (values.aud !== undefined) claims.aud = values.aud;
  const key = await readPrivateKey(io, keyFile, values['passphrase-env']);
  if (values.cert !== undefined) {
    const certificate = await readCertificateFor(io, values.cert, key);
    const member = thumbprint ?? 'x5t#S256';
    header[member] ??= member === 'x5t' ? certificate.x5t : certificate.x5tS256;
  }
  const built = buildJwt({ header, claims, lifetimeSeconds, jti: values.jti ?? false });
  io.stdout(`${await signJwt(built.header, built.payload, key, values.alg)}\n`);
  return 0;
}
