import { parseArgs, type ParseArgsConfig } from 'node:util';
import { resolve } from 'node:path';
import { readBoundedFile } from '../core/boundedRead';
import { OAuthJwtError } from '../core/errors';
import { MAX_JSON_CHARS } from '../core/limits';
import type { CliIo } from './io';

/** A mistake in how the command was called: exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export type Options = ParseArgsConfig['options'];

/** node:util parseArgs in strict mode, with its errors turned into UsageError. */
export function parse<O extends NonNullable<Options>>(argv: string[], options: O, positionals = 0) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: positionals > 0 });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, '').split('\n')[0] ?? 'invalid arguments');
  }
  if (parsed.positionals.length > positionals) {
    throw new UsageError(`unexpected argument "${parsed.positionals[positionals]}"`);
  }
  return parsed;
}

export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got "${value}")`);
  return value as T;
}

export function positiveInteger(value: string | undefined, flag: string, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw new UsageError(`${flag} must be a whole number from 1 to ${max} (got "${value}")`);
  }
  return Number(value);
}

export function positiveNumber(value: string | undefined, flag: string, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || n > max) {
    throw new UsageError(`${flag} must be a number of seconds above 0 and at most ${max} (got "${value}")`);
  }
  return n;
}

export function required<T>(value: T | undefined, flag: string): T {
  if (value === undefined || value === '') throw new UsageError(`${flag} is required`);
  return value;
}

/**
 * Reads a small text file given on the command line: a regular file only (never a device or a FIFO,
 * even through a symlink), and never more than its cap (readBoundedFile); FILE_IO naming the path.
 */
export async function readTextFile(cwd: string, path: string, what: string, maxChars = MAX_JSON_CHARS): Promise<string> {
  // A character is at most 4 bytes of UTF-8.
  return (await readBoundedFile(resolve(cwd, path), maxChars * 4, `The ${what} file ${path}`)).toString('utf8');
}

/** Reads a secret from the environment variable named by a flag. */
export function secretFromEnv(io: Pick<CliIo, 'env' | 'secrets'>, variable: string | undefined, flag: string): string | undefined {
  if (variable === undefined) return undefined;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) throw new UsageError(`${flag} takes the NAME of an environment variable (got an invalid name)`);
  const value = io.env[variable];
  if (value === undefined || value === '') {
    throw new OAuthJwtError('MISSING_SECRET', `The environment variable ${variable} (named by ${flag}) is not set or empty.`, `Export ${variable} before running the command.`);
  }
  io.secrets.push(value);
  return value;
}

/** --param K=V pairs. */
export function keyValues(values: string[] | undefined, flag: string): Record<string, string> | undefined {
  if (!values?.length) return undefined;
  const out: Record<string, string> = {};
  for (const pair of values) {
    const at = pair.indexOf('=');
    if (at < 1) throw new UsageError(`${flag} takes NAME=VALUE (one value has no name before "=")`);
    const name = pair.slice(0, at);
    if (name === '__proto__' || name === 'constructor' || name === 'prototype') throw new UsageError(`${flag}: the parameter name "${name}" is not allowed`);
    out[name] = pair.slice(at + 1);
  }
  return out;
}
