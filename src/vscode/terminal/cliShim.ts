/**
 * The `oauth-jwt` that integrated terminals find on PATH: a two-line script that runs the bundled
 * CLI (dist/cli.js) on the extension host's own runtime with ELECTRON_RUN_AS_NODE=1, the way VS
 * Code's git askpass does, so it works with no Node installed. Written at run time into the
 * window's private folder because the runtime's path differs per machine and a .vsix does not keep
 * a file's executable bit. Node only, no vscode import.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The scripts for a runtime and a CLI path: a POSIX shell script and a Windows batch file. */
export function cliShimScripts(runtimePath: string, cliPath: string): { sh: string; cmd: string } {
  const shQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
  // Batch files expand %…% even inside quotes; Windows paths cannot hold a double quote.
  const cmdQuote = (text: string) => `"${text.replace(/%/g, '%%')}"`;
  return {
    sh: `#!/bin/sh\nELECTRON_RUN_AS_NODE=1 exec ${shQuote(runtimePath)} ${shQuote(cliPath)} "$@"\n`,
    cmd: `@echo off\r\nsetlocal\r\nset ELECTRON_RUN_AS_NODE=1\r\n${cmdQuote(runtimePath)} ${cmdQuote(cliPath)} %*\r\nexit /b %ERRORLEVEL%\r\n`,
  };
}

/** Writes `oauth-jwt` (and `oauth-jwt.cmd` on Windows) into `folder`/bin; returns that folder for PATH. */
export async function writeCliShim(folder: string, runtimePath: string, cliPath: string, platform: NodeJS.Platform = process.platform): Promise<string> {
  const bin = join(folder, 'bin');
  await mkdir(bin, { mode: 0o700 });
  const { sh, cmd } = cliShimScripts(runtimePath, cliPath);
  // The shell script on Windows too, for Git Bash.
  await writeFile(join(bin, 'oauth-jwt'), sh, { mode: 0o700, flag: 'wx' });
  if (platform === 'win32') await writeFile(join(bin, 'oauth-jwt.cmd'), cmd, { flag: 'wx' });
  return bin;
}
