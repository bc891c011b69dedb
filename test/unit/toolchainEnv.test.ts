/**
 * The toolchain installer's environment scrub (test/host/install-toolchain.sh). Started from an npm
 * script, the installer inherits the outer npm's variables; code-server's postinstall reads the
 * Node version from npm_config_user_agent and refused to install ("requires node v24 … you are on
 * node v20") whenever `npm test` or `npm start` started it. These tests run the script's first
 * step with such an environment and read back what its installs would see.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const script = resolve(__dirname, '..', '..', '..', 'test', 'host', 'install-toolchain.sh');

/** The environment the installer runs its installs in, when started with `env`. */
function scrubbed(env: NodeJS.ProcessEnv): Map<string, string> {
  const out = execFileSync('bash', [script], { env: { ...env, OAUTH_JWT_TOOLCHAIN_PRINT_ENV: '1' }, encoding: 'utf8' });
  return new Map(out.split('\n').filter(Boolean).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
}

/** What npm puts in a script's environment (npm 11 under Node 20), besides this process's own. */
function npmScriptEnv(cache: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64 workspaces/false',
    npm_config_nodedir: '/usr',
    npm_config_global_prefix: '/usr',
    npm_lifecycle_event: 'test',
    npm_lifecycle_script: 'node out/test/host/run.js',
    npm_package_name: 'oauth-jwt-bearer',
    npm_node_execpath: '/usr/bin/node',
    npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
    INIT_CWD: '/somewhere/the-clone',
    NODE: '/usr/bin/node',
    PATH: ['/somewhere/the-clone/node_modules/.bin', '/usr/lib/node_modules/npm/node_modules/@npmcli/run-script/lib/node-gyp-bin', '', process.env.PATH ?? '/usr/bin:/bin'].join(':'),
    OAUTH_JWT_HOST_CACHE: cache,
    HTTPS_PROXY: 'http://127.0.0.1:9',
  };
}

test('install-toolchain.sh runs its installs without the outer npm\'s variables or PATH entries', () => {
  const cache = mkdtempSync(join(tmpdir(), 'oauth-jwt-toolchain-env-'));
  try {
    const env = scrubbed(npmScriptEnv(cache));
    const leaked = [...env.keys()].filter((name) => /^npm_/i.test(name) || name === 'INIT_CWD' || name === 'NODE');
    assert.deepEqual(leaked, [], 'npm\'s variables reach the nested installs (code-server\'s postinstall reads npm_config_user_agent)');
    const path = (env.get('PATH') ?? '').split(':');
    assert.ok(path.length > 0 && path.every((dir) => dir !== '' && !dir.endsWith('/node_modules/.bin') && !dir.endsWith('/node-gyp-bin')), `PATH keeps npm's additions: ${path.join(':')}`);
    assert.ok(path.includes('/usr/bin'), 'PATH lost the system folders');
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
});

test('install-toolchain.sh keeps what the installs need: HOME, the cache folder, proxy and CA settings', () => {
  const cache = mkdtempSync(join(tmpdir(), 'oauth-jwt-toolchain-env-'));
  try {
    const env = scrubbed({ ...npmScriptEnv(cache), NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca-certificates.crt' });
    assert.equal(env.get('OAUTH_JWT_HOST_CACHE'), cache);
    assert.equal(env.get('HOME'), process.env.HOME);
    assert.equal(env.get('HTTPS_PROXY'), 'http://127.0.0.1:9');
    assert.equal(env.get('NODE_EXTRA_CA_CERTS'), '/etc/ssl/certs/ca-certificates.crt');
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
});
