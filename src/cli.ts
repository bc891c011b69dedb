// The oauth-jwt command (SPEC §5): a thin entry over src/cli/ and src/core/.
import { processIo } from './cli/io';
import { main } from './cli/main';

declare const OAUTH_JWT_VERSION: string | undefined;

// Node 22.1+ keeps V8's compiled code of the command bundles between runs. Asked only there:
// loading node:module costs Node 20 start-up time for nothing.
if (Number(process.versions.node.split('.')[0]) >= 22) {
  (require('node:module') as { enableCompileCache?: () => unknown }).enableCompileCache?.();
}

const version = typeof OAUTH_JWT_VERSION === 'string' ? OAUTH_JWT_VERSION : '0.0.0';
main(process.argv.slice(2), processIo(), version).then((code) => {
  process.exitCode = code;
});
