/**
 * Writes a generated key pair to a folder: private.key (mode 0600), public.pem, public.jwk.json and,
 * for RSA, certificate_pub.crt — the names the Workfront guide's openssl command produces.
 */
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { OAuthJwtError } from './errors';

/** What writeKeyFiles writes; the private key and certificate are optional. */
export interface KeyFileContents {
  privateKeyPem?: string;
  publicKeyPem: string;
  publicJwk: object;
  certificatePem?: string;
}

export interface WriteKeyFilesOptions {
  /** Replace files that already exist. */
  force?: boolean;
}

export const PRIVATE_KEY_FILE = 'private.key';
export const PUBLIC_KEY_FILE = 'public.pem';
export const PUBLIC_JWK_FILE = 'public.jwk.json';
export const CERTIFICATE_FILE = 'certificate_pub.crt';

const PRIVATE_MODE = 0o600;
const overwriteHint = 'Choose another folder, or allow overwriting (--force).';

/**
 * Writes the files into `dir` (created when missing) and returns their paths in the order written.
 * Without `force`, nothing is written when any of them exists (FILE_EXISTS), and every file is
 * created exclusively so a file appearing meanwhile is not overwritten either. The private key is
 * written first, so that it is saved even when a later file fails (FILE_IO).
 */
export async function writeKeyFiles(dir: string, files: KeyFileContents, options: WriteKeyFilesOptions = {}): Promise<string[]> {
  const force = options.force === true;
  const targets: Array<{ path: string; content: string; secret: boolean }> = [];
  if (files.privateKeyPem !== undefined) targets.push({ path: join(dir, PRIVATE_KEY_FILE), content: files.privateKeyPem, secret: true });
  targets.push({ path: join(dir, PUBLIC_KEY_FILE), content: files.publicKeyPem, secret: false });
  targets.push({ path: join(dir, PUBLIC_JWK_FILE), content: `${JSON.stringify(files.publicJwk, null, 2)}\n`, secret: false });
  if (files.certificatePem !== undefined) targets.push({ path: join(dir, CERTIFICATE_FILE), content: files.certificatePem, secret: false });

  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw fileIoError(dir, error, 'create the folder', []);
  }
  if (!force) {
    const existing = (await Promise.all(targets.map(async (t) => ((await exists(t.path)) ? t.path : undefined)))).filter((p) => p !== undefined);
    if (existing.length > 0) throw fileExists(dir, existing);
  }

  const written: string[] = [];
  for (const target of targets) {
    try {
      if (target.secret) await writePrivate(target.path, target.content, force);
      else await writeExclusiveOrReplace(target.path, target.content, force);
    } catch (error) {
      if (!force && (error as NodeJS.ErrnoException).code === 'EEXIST') throw fileExists(dir, [target.path], written);
      throw fileIoError(target.path, error, 'write', written);
    }
    written.push(target.path);
  }
  return written;
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path); // lstat: a dangling symlink in the way counts as existing too
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw fileIoError(path, error, 'check', []);
  }
}

async function writeExclusiveOrReplace(path: string, content: string, force: boolean): Promise<void> {
  const file = await open(path, force ? 'w' : 'wx');
  try {
    await file.writeFile(content, 'utf8');
  } finally {
    await file.close();
  }
}

/**
 * The private key is never in a file readable by others, not even for a moment: it is created
 * with mode 0600 (and chmod'ed, since the umask could narrow it further). With `force`, it goes to
 * a fresh file beside the target and is renamed over it, so an existing file's wider mode (or a
 * symlink at that name) is not inherited.
 */
async function writePrivate(path: string, content: string, force: boolean): Promise<void> {
  const temporary = force ? join(path, '..', `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`) : path;
  const file = await open(temporary, 'wx', PRIVATE_MODE);
  try {
    await file.chmod(PRIVATE_MODE);
    await file.writeFile(content, 'utf8');
    await file.sync();
  } finally {
    await file.close();
  }
  if (temporary !== path) {
    try {
      await rename(temporary, path);
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      throw error;
    }
  }
}

function fileExists(dir: string, paths: string[], written: string[] = []): OAuthJwtError {
  const names = paths.map((p) => basename(p)).join(', ');
  const partial = written.length > 0 ? ` (${written.map((p) => basename(p)).join(', ')} already written)` : '';
  return new OAuthJwtError('FILE_EXISTS', `Not overwriting existing files in ${dir}: ${names}${partial}.`, overwriteHint);
}

const REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'a folder of that name is in the way',
  ENOTDIR: 'part of the path is a file, not a folder',
  ENOSPC: 'the disk is full',
  EROFS: 'the file system is read-only',
  EDQUOT: 'the disk quota is exceeded',
};

function fileIoError(path: string, error: unknown, action: string, written: string[]): OAuthJwtError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason = (code !== undefined && REASONS[code]) || 'the file system refused';
  const saved = written.length > 0 ? ` ${written.map((p) => basename(p)).join(', ')} ${written.length === 1 ? 'was' : 'were'} saved.` : '';
  // Only the error code is kept as the cause: the path is ours, and nothing else is needed to act.
  return new OAuthJwtError('FILE_IO', `Could not ${action} ${path}: ${reason}.${saved}`, 'Check the folder and its permissions, or choose another folder.', { cause: code });
}
