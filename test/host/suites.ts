/**
 * The real-host test suites: each runs in its own extension host session (a fresh workbench,
 * user data and secret store). Read by the drivers (run.ts, electron.ts) and by the mocha entry
 * inside the host (test/integration/index.ts), so it imports nothing.
 */
export interface HostSuite {
  /** Passed to the host as {@link SUITE_ENV}. */
  readonly name: string;
  /**
   * Folder under test/integration holding this suite's `*.test.ts`. The empty string means every
   * test file that is not in another suite's folder.
   */
  readonly folder: string;
  /** True: the workspace opens trusted. False: it opens in Restricted Mode (no prompt). */
  readonly trusted: boolean;
  /** False: run only when named (`npm run test:host -- bench`), never as part of the default run. */
  readonly byDefault?: boolean;
  /** The display language code-server starts with (`--locale`); English when absent. */
  readonly locale?: string;
}

export const hostSuites: readonly HostSuite[] = [
  { name: 'trusted', folder: '', trusted: true },
  { name: 'restricted', folder: 'restricted', trusted: false },
  // The extension in German: package.nls.de.json and l10n/bundle.l10n.de.json in the real host.
  { name: 'german', folder: 'german', trusted: true, locale: 'de' },
  // The host benchmark (bench/host.ts runs it): figures, not tests.
  { name: 'bench', folder: 'bench', trusted: true, byDefault: false },
];

/** The suites a run without suite names runs. */
export const defaultHostSuites: readonly HostSuite[] = hostSuites.filter((s) => s.byDefault !== false);

/** Environment variable naming the suite the host runs. */
export const SUITE_ENV = 'OAUTH_JWT_TEST_SUITE';
/** Environment variable with the browser-control URL (absent when there is no browser). */
export const BROWSER_ENV = 'OAUTH_JWT_TEST_BROWSER';
/** Driver environment variables with this prefix are passed on to the extension host. */
export const FORWARDED_ENV_PREFIX = 'OAUTH_JWT_TEST_';

/**
 * Picks a suite's test files from paths relative to the integration tests' folder
 * (forward slashes).
 */
export function testFilesOf(suite: HostSuite, relativePaths: readonly string[]): string[] {
  const otherFolders = hostSuites.map((s) => s.folder).filter((f) => f !== '' && f !== suite.folder);
  return relativePaths.filter((path) =>
    suite.folder === ''
      ? !otherFolders.some((folder) => path.startsWith(`${folder}/`))
      : path.startsWith(`${suite.folder}/`),
  );
}

export function suiteNamed(name: string | undefined): HostSuite {
  const suite = hostSuites.find((s) => s.name === (name ?? 'trusted'));
  if (!suite) throw new Error(`unknown host suite ${JSON.stringify(name)}; known: ${hostSuites.map((s) => s.name).join(', ')}`);
  return suite;
}

/**
 * Starts every line the test run inside the host prints, so the driver can tell it from the
 * workbench's own console output, which arrives through the same channel.
 */
export const TEST_OUTPUT_PREFIX = '\u2063';
/** A line `${TEST_OUTPUT_PREFIX}${SUMMARY_MARKER}{"passed":…,"failed":…,"pending":…}` ends a run. */
export const SUMMARY_MARKER = '[host-summary]';

/** The driver's OAUTH_JWT_TEST_* variables, which the extension host receives too. */
export function forwardedEnvironment(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[0].startsWith(FORWARDED_ENV_PREFIX) && entry[1] !== undefined),
  );
}
