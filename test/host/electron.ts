/**
 * The same host suites in desktop VS Code through @vscode/test-electron, for machines that can
 * download VS Code (this one cannot: use run.ts there). Browser control is not offered here, so
 * the tests that need it skip themselves.
 *
 *   node out/test/host/electron.js [suite …]      (VSCODE_TEST_VERSION picks the VS Code build)
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests, TestRunFailedError } from '@vscode/test-electron';
import { defaultHostSuites, forwardedEnvironment, SUITE_ENV, suiteNamed, type HostSuite } from './suites';
import { registerDisplayLanguage, writeUserSettings } from './userSettings';

const repoRoot = resolve(__dirname, '..', '..', '..');

async function runSuite(suite: HostSuite): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), `oauth-jwt-electron-${suite.name}-`));
  try {
    const workspace = join(dir, 'workspace');
    const userData = join(dir, 'user-data');
    mkdirSync(workspace);
    writeUserSettings(userData);
    if (suite.locale) registerDisplayLanguage(userData, suite.locale);
    console.log(`\n=== host suite "${suite.name}" (${suite.trusted ? 'trusted workspace' : 'Restricted Mode'}) in Electron ===`);
    return await runTests({
      version: process.env.VSCODE_TEST_VERSION ?? 'stable',
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: join(repoRoot, 'out', 'test', 'integration', 'index.js'),
      extensionTestsEnv: { ...forwardedEnvironment(process.env), [SUITE_ENV]: suite.name },
      launchArgs: [
        workspace,
        '--user-data-dir', userData,
        '--extensions-dir', join(dir, 'extensions'),
        '--disable-extensions',
        '--disable-gpu',
        '--skip-welcome',
        '--skip-release-notes',
        // Electron refuses to start as root with its sandbox on.
        ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
        ...(suite.trusted ? ['--disable-workspace-trust'] : []),
        ...(suite.locale ? ['--locale', suite.locale] : []),
      ],
    });
  } catch (error) {
    if (error instanceof TestRunFailedError) return error.code ?? 1;
    throw error;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const suites = process.argv.length > 2 ? process.argv.slice(2).map(suiteNamed) : defaultHostSuites;
  let failed = 0;
  for (const suite of suites) {
    const code = await runSuite(suite);
    console.log(`suite "${suite.name}" exited with ${code}`);
    if (code !== 0) failed++;
  }
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
