/**
 * The one way files are written, by the CLI and the extension alike: a generated key pair to a
 * folder — private.key (mode 0600), public.pem, public.jwk.json and, for RSA, certificate_pub.crt,
 * the names the Workfront guide's openssl command produces — and any other file (an exported JWK).
 * Nothing is overwritten unless asked; existing files are found with lstat (a dangling symlink in
 * the way counts as existing).
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, mkdir, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { type Message, msg, OAuthJwtError } from './errors';

/** What writeKeyFiles writes; the private key and certificate are optional. */
export interface KeyFileContents {
  privateKeyPem?: string;
  publicKeyPem: string;
  publicJwk: object;
  certificatePem?: string;
}

export interface WriteFilesOptions {
  /** Replace files that already exist. */
  force?: boolean;
}

export interface WriteKeyFilesOptions extends WriteFilesOptions {
  /** When private.key is written, make sure the folder's .gitignore lists it (creating the file if need be). */
  ignorePrivateKey?: boolean;
}

/** A file for {@link writeFiles}: its name in the folder, its text, and whether it is secret (mode 0600). */
export interface FileToWrite {
  name: string;
  content: string;
  secret?: boolean;
}

export const PRIVATE_KEY_FILE = 'private.key';
export const PUBLIC_KEY_FILE = 'public.pem';
export const PUBLIC_JWK_FILE = 'public.jwk.json';
export const CERTIFICATE_FILE = 'certificate_pub.crt';
export const JWKS_FILE = 'jwks.json';

const PRIVATE_MODE = 0o600;
/** Public files and .gitignore: readable by all, less the umask (what a plain write would give). */
const PUBLIC_MODE = 0o644;
/** Not on Windows, where fs.constants has no O_NOFOLLOW. */
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;
const overwriteHint = (): Message => msg('Choose another folder, or allow overwriting (--force).');

/**
 * Writes the key files into `dir` (see {@link writeFiles}) and returns their paths in the order
 * written; private.key goes first, so that it is saved even when a later file fails. With
 * `ignorePrivateKey`, a written private.key is then added to the folder's .gitignore.
 */
export async function writeKeyFiles(dir: string, files: KeyFileContents, options: WriteKeyFilesOptions = {}): Promise<string[]> {
  const targets: FileToWrite[] = [];
  if (files.privateKeyPem !== undefined) targets.push({ name: PRIVATE_KEY_FILE, content: files.privateKeyPem, secret: true });
  targets.push({ name: PUBLIC_KEY_FILE, content: files.publicKeyPem });
  targets.push({ name: PUBLIC_JWK_FILE, content: jsonFileText(files.publicJwk) });
  if (files.certificatePem !== undefined) targets.push({ name: CERTIFICATE_FILE, content: files.certificatePem });
  const written = await writeFiles(dir, targets, options);
  if (options.ignorePrivateKey && files.privateKeyPem !== undefined) await ignoreInGit(dir, PRIVATE_KEY_FILE);
  return written;
}

/** JSON as the files we write hold it: indented, with a final newline. */
export function jsonFileText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * Writes the files into `dir` (created when missing) and returns their paths in the order written.
 * Without `force`, nothing is written when any of them exists (FILE_EXISTS), and every file is
 * created exclusively so a file appearing meanwhile is not overwritten either. A failing file
 * stops the rest (FILE_IO, naming those already written).
 */
export async function writeFiles(dir: string, files: readonly FileToWrite[], options: WriteFilesOptions = {}): Promise<string[]> {
  const force = options.force === true;
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw fileIoError(dir, error, 'create the folder', []);
  }
  if (!force) {
    const existing = await existingFiles(dir, files.map((f) => f.name));
    if (existing.length > 0) throw fileExists(dir, existing.map((name) => join(dir, name)));
  }

  const written: string[] = [];
  for (const file of files) {
    const path = join(dir, file.name);
    try {
      await writeOneFile(path, file.content, { force, mode: file.secret ? PRIVATE_MODE : PUBLIC_MODE });
    } catch (error) {
      if (!force && (error as NodeJS.ErrnoException).code === 'EEXIST') throw fileExists(dir, [path], written);
      throw fileIoError(path, error, 'write', written);
    }
    written.push(path);
  }
  return written;
}

/** Which of `names` exist in `dir`, in their order: what to ask about before overwriting. */
export async function existingFiles(dir: string, names: readonly string[]): Promise<string[]> {
  const found = await Promise.all(names.map(async (name) => ((await exists(join(dir, name))) ? name : undefined)));
  return found.filter((name) => name !== undefined);
}

/**
 * Makes sure the .gitignore of `dir` ignores `name`: appends `name` unless a line names it (as
 * `name` or `/name`) with no negation (`!…`) after it — in a .gitignore the last matching line
 * wins, so a later `!private.key` would undo an earlier one. A .gitignore that is a symbolic link
 * is refused (never followed out of the folder); a missing one is created.
 */
export async function ignoreInGit(dir: string, name: string): Promise<void> {
  const path = join(dir, '.gitignore');
  try {
    let file: FileHandle;
    try {
      // O_NOFOLLOW: a symlink fails with ELOOP instead of being followed; O_CREAT|O_EXCL refuses any link (even a dangling one).
      file = await open(path, constants.O_RDWR | constants.O_APPEND | NO_FOLLOW);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      file = await open(path, 'wx+', PUBLIC_MODE);
    }
    try {
      if (!(await file.stat()).isFile()) throw Object.assign(new Error('not a regular file'), { code: 'ELOOP' });
      const current = await file.readFile('utf8');
      if (!ignores(current, name)) await file.appendFile(`${current.endsWith('\n') || current === '' ? '' : '\n'}${name}\n`, 'utf8');
    } finally {
      await file.close();
    }
  } catch (error) {
    if (['ELOOP', 'EMLINK', 'EEXIST'].includes((error as NodeJS.ErrnoException).code ?? '')) {
      throw new OAuthJwtError('FILE_IO', msg('{0} is a symbolic link (or not a regular file): not following it to add {1}.', path, name), msg('Add the line {0} to the .gitignore yourself, or replace the link with a regular file.', name));
    }
    throw fileIoError(path, error, 'update', []);
  }
}

/** Whether a line of `gitignore` names `name` (or `/name`) with no negation after it. */
function ignores(gitignore: string, name: string): boolean {
  const lines = gitignore.split(/\r?\n/).map((line) => line.trim());
  for (let i = lines.length - 1; i >= 0; i--) {
    if (lines[i]!.startsWith('!')) return false;
    if (lines[i] === name || lines[i] === `/${name}`) return true;
  }
  return false;
}

/** Whether `dir` is inside a Git work tree: it or a folder above it holds `.git`. */
export async function insideGitWorkTree(dir: string): Promise<boolean> {
  for (let current = dir; ; current = dirname(current)) {
    if (await exists(join(current, '.git')).catch(() => false)) return true;
    if (dirname(current) === current) return false;
  }
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

/**
 * Writes one file without ever following a link at its name. Without `force` it is created
 * exclusively (O_EXCL: an existing file or any symlink there fails with EEXIST). With `force` it
 * goes to a fresh file beside the target and is renamed over it, so a symlink at that name is
 * replaced, not followed, and an existing file's mode is not inherited. The mode is set on
 * creation (and chmod'ed, since the umask could narrow a private key's further): the private key
 * is never in a file readable by others, not even for a moment.
 */
async function writeOneFile(path: string, content: string, options: { force: boolean; mode: number }): Promise<void> {
  const temporary = options.force ? join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`) : path;
  const file = await open(temporary, 'wx', options.mode);
  try {
    if (options.mode === PRIVATE_MODE) await file.chmod(PRIVATE_MODE);
    await file.writeFile(content, 'utf8');
    await file.sync();
  } catch (error) {
    await file.close();
    if (temporary !== path) await unlink(temporary).catch(() => undefined);
    throw error;
  }
  await file.close();
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
  return new OAuthJwtError('FILE_EXISTS', written.length > 0
    ? msg('Not overwriting existing files in {0}: {1} ({2} already written).', dir, names, written.map((p) => basename(p)).join(', '))
    : msg('Not overwriting existing files in {0}: {1}.', dir, names), overwriteHint());
}

const REASONS: Readonly<Record<string, Message>> = {
  EACCES: msg('permission denied'),
  EPERM: msg('permission denied'),
  EISDIR: msg('a folder of that name is in the way'),
  ENOTDIR: msg('part of the path is a file, not a folder'),
  ENOSPC: msg('the disk is full'),
  EROFS: msg('the file system is read-only'),
  EDQUOT: msg('the disk quota is exceeded'),
};

function fileIoError(path: string, error: unknown, action: 'create the folder' | 'write' | 'update' | 'check', written: string[]): OAuthJwtError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason = (code !== undefined && Object.hasOwn(REASONS, code) && REASONS[code]) || msg('the file system refused');
  const saved = written.map((p) => basename(p)).join(', ');
  // One whole sentence per action; only a write has files already saved.
  const message = action === 'create the folder' ? msg('Could not create the folder {0}: {1}.', path, reason)
    : action === 'update' ? msg('Could not update {0}: {1}.', path, reason)
    : action === 'check' ? msg('Could not check {0}: {1}.', path, reason)
    : written.length === 0 ? msg('Could not write {0}: {1}.', path, reason)
    : written.length === 1 ? msg('Could not write {0}: {1}. {2} was saved.', path, reason, saved)
    : msg('Could not write {0}: {1}. {2} were saved.', path, reason, saved);
  // Only the error code is kept as the cause: the path is ours, and nothing else is needed to act.
  return new OAuthJwtError('FILE_IO', message, msg('Check the folder and its permissions, or choose another folder.'), { cause: code });
}
