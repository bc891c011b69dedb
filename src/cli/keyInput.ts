import { importPrivateKey, type PrivateKey } from '../core/keys';
import { MAX_PEM_CHARS } from '../core/limits';
import { readTextFile, secretFromEnv } from './args';
import type { CliIo } from './io';

/** Reads --key FILE, with the passphrase of an encrypted key from --passphrase-env VAR. */
export async function readPrivateKey(io: CliIo, file: string, passphraseEnv: string | undefined): Promise<PrivateKey> {
  const text = await readTextFile(io.cwd, file, 'key', MAX_PEM_CHARS);
  const passphrase = secretFromEnv(io, passphraseEnv, '--passphrase-env');
  return importPrivateKey(text, passphrase);
}
