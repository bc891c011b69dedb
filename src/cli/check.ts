import { certificateExpiry, describeExpiry, MAX_WARNING_DAYS } from '../core/certificateExpiry';
import { systemClock } from '../core/clock';
import { MAX_PEM_CHARS } from '../core/limits';
import { readCertificate } from '../core/x509';
import { parse, readTextFile, required, UsageError } from './args';
import type { CliIo } from './io';

export const checkUsage = `oauth-jwt check --cert FILE [--days N]
    exits 1 when the certificate has expired or expires within N days (default 30; 0 checks only
    that it has not expired), 0 otherwise — for CI; prints when it expires`;

export async function check(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, { cert: { type: 'string' }, days: { type: 'string' } });
  const file = required(values.cert, '--cert');
  const days = values.days === undefined ? 30 : Number(values.days);
  if (values.days !== undefined && (!/^\d+$/.test(values.days) || days > MAX_WARNING_DAYS)) {
    throw new UsageError(`--days must be a whole number from 0 to ${MAX_WARNING_DAYS} (got "${values.days.slice(0, 20)}")`);
  }
  const info = readCertificate(await readTextFile(io.cwd, file, 'certificate', MAX_PEM_CHARS));
  const expiry = certificateExpiry(info, systemClock, days);
  const soon = expiry.state === 'expired' || expiry.state === 'expiring';
  (soon ? io.stderr : io.stdout)(`${file}: ${describeExpiry(expiry)}${expiry.state === 'expiring' ? ` — within ${days} days; rotate the key (oauth-jwt rotate)` : expiry.state === 'expired' ? ' — rotate the key (oauth-jwt rotate)' : ''}\n`);
  return soon ? 1 : 0;
}
