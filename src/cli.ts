// PLACEHOLDER — the oauth-jwt CLI (SPEC §5) is being written over src/core.
process.stderr.write('oauth-jwt: not built yet\n');
process.exit(1);
