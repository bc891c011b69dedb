// The oauth-jwt command (SPEC §5): a thin entry over src/cli/ and src/core/.
import { processIo } from './cli/io';
import { main } from './cli/main';

declare const OAUTH_JWT_VERSION: string | undefined;

const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
const version = typeof OAUTH_JWT_VERSION === 'string' ? OAUTH_JWT_VERSION : '0.0.0';
main(process.argv.slice(2), processIo(controller.signal), version).then((code) => {
  process.exitCode = code;
});
