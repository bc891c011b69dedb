/**
 * The mocha entry VS Code loads inside the extension host (extensionTestsPath). Runs the test
 * files of the suite named by OAUTH_JWT_TEST_SUITE (test/host/suites.ts) and resolves when they
 * pass. Every line of output carries TEST_OUTPUT_PREFIX so the driver can tell it from the
 * workbench's own console output; the last line gives the counts.
 */
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { format } from 'node:util';
import { SUITE_ENV, SUMMARY_MARKER, TEST_OUTPUT_PREFIX, suiteNamed, testFilesOf } from '../host/suites';

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith('.test.js') ? [path] : [];
  });
}

function print(...args: unknown[]): void {
  console.log('%s', TEST_OUTPUT_PREFIX + format(...args));
}

export async function run(): Promise<void> {
  process.setSourceMapsEnabled(true); // stack traces point into the .ts sources
  const suite = suiteNamed(process.env[SUITE_ENV]);
  Mocha.reporters.Base.consoleLog = print;
  const mocha = new Mocha({ ui: 'tdd', reporter: 'spec', color: false, timeout: 20_000 });
  // OAUTH_JWT_TEST_GREP narrows a run to the matching tests while working on them.
  const grep = process.env.OAUTH_JWT_TEST_GREP;
  if (grep) mocha.grep(grep);
  const all = testFiles(__dirname).map((path) => relative(__dirname, path).split(sep).join('/'));
  const files = testFilesOf(suite, all);
  print(`running host suite "${suite.name}": ${files.length} test files`);
  for (const file of files) mocha.addFile(join(__dirname, file));
  await mocha.loadFilesAsync();

  const runner = await new Promise<Mocha.Runner>((resolve) => {
    const started = mocha.run(() => resolve(started));
  });
  const { passes = 0, failures = 0, pending = 0 } = runner.stats ?? {};
  print(`${SUMMARY_MARKER}${JSON.stringify({ passed: passes, failed: failures, pending })}`);
  if (failures > 0) throw new Error(`${failures} of ${passes + failures} host tests failed`);
  if (passes === 0) throw new Error('no host test ran');
}
