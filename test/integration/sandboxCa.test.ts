import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { generateKeyPair, privateKeyPem } from '../../src/core/keys';
import { createSelfSignedCertificate } from '../../src/core/x509';
import { SANDBOX_PROVISION_ENV } from '../../src/shared/sandboxProvision';
import { extraCaCertificates } from '../../src/vscode/caFile';
import { Config } from '../../src/vscode/config';
import type { Services } from '../../src/vscode/services';
import { engine, services } from './support';

suite('npm start hands its HTTPS certificate over: trusted for loopback URLs only, and only in an Extension Development Host', () => {
  test('development host: the sandbox certificate for 127.0.0.1 and localhost, never for another host; any other mode: not at all', async () => {
    const s = await services();
    const dir = mkdtempSync(join(tmpdir(), 'oauth-jwt-sandbox-ca-'));
    const previous = process.env[SANDBOX_PROVISION_ENV];
    // Each run gets its own Config, so the suite's own services are left as they are.
    const withMode = (mode: vscode.ExtensionMode): Services => ({
      ...s,
      config: new Config(),
      context: new Proxy(s.context, { get: (target, property) => (property === 'extensionMode' ? mode : Reflect.get(target, property, target)) }),
    });
    try {
      const key = await generateKeyPair({ type: 'ec', curve: 'P-256' });
      const caPem = await createSelfSignedCertificate(key, { commonName: 'sandbox server', days: 2, ipAddresses: ['127.0.0.1'] });
      writeFileSync(join(dir, 'private.key'), privateKeyPem(key));
      writeFileSync(join(dir, 'certificate.crt'), caPem);
      writeFileSync(join(dir, 'ca.pem'), caPem);
      writeFileSync(join(dir, 'provision.json'), JSON.stringify({
        version: 1, privateKeyFile: join(dir, 'private.key'), certificateFile: join(dir, 'certificate.crt'), caCertificateFile: join(dir, 'ca.pem'),
        profiles: [{ name: 'Sandbox CA Check', tokenUrl: 'https://127.0.0.1:9/token' }],
      }));
      process.env[SANDBOX_PROVISION_ENV] = join(dir, 'provision.json');

      const development = withMode(vscode.ExtensionMode.Development);
      await (await engine())().importSandboxSecrets(development);
      assert.match((await extraCaCertificates(development.config, 'https://127.0.0.1:9/token')) ?? '', /BEGIN CERTIFICATE/);
      assert.equal(await extraCaCertificates(development.config, 'https://localhost:9/api'), caPem);
      assert.equal(await extraCaCertificates(development.config, 'https://idp.example.com/token'), undefined, 'never for a host that is not loopback');

      for (const mode of [vscode.ExtensionMode.Production, vscode.ExtensionMode.Test]) {
        const other = withMode(mode);
        await (await engine())().importSandboxSecrets(other);
        assert.equal(await extraCaCertificates(other.config, 'https://127.0.0.1:9/token'), undefined, `mode ${mode}`);
      }
    } finally {
      if (previous === undefined) delete process.env[SANDBOX_PROVISION_ENV];
      else process.env[SANDBOX_PROVISION_ENV] = previous;
      await s.keys.forget('Sandbox CA Check');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
