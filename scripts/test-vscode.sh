#!/usr/bin/env bash
# The extension in a real VS Code: code-server 4.139.1 (VS Code 1.139) on 127.0.0.1, driven by Debian's Chromium.
#  1. installs code-server, its Node 24 and Chromium (cached in .cache/code-server; scripts/install-code-server.sh)
#  2. builds the .vsix (`npm run package`) and the test runner + suites (scripts/vscode/build-tests.mjs)
#  3. installs both offline into a fresh extensions dir, writes the user settings (short lab reloads)
#  4. starts code-server (--auth none, throwaway user-data-dir, telemetry off, no gallery), then runs
#     a) the mocha suites of test/vscode/suite inside a code-server window (test/vscode/runner)
#     b) the browser test (scripts/vscode/browser-test.ts): the tree, right-click Upgrade Pair..., the quick
#        picks, the modal, the webview to the end; then the same from the command palette with the keyboard
#  5. stops code-server; logs and screenshots stay in test-results/ (vscode-*.log, *.png, vscode/).
# Ends with mocha-style "N passing"/"N failing" lines for scripts/test.sh and one summary line.
#   env: VSCODE_TESTS=extension|browser|all (default all); VSCODE_VSIX=path uses that .vsix instead of building;
#        KEEP_CODE_SERVER=1 leaves the server running; VSCODE_TEST_GREP=TEXT runs only the extension tests whose
#        title contains TEXT.
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
results="$repo/test-results"
mkdir -p "$results/vscode"
only=${VSCODE_TESTS:-all}
t0=$(date +%s)
say() { echo "test-vscode: $*"; }
elapsed() { echo $(( $(date +%s) - $1 ))s; }

ext_pass=0; ext_fail=0; br_pass=0; br_fail=0
finish() {
  local status=$1
  echo
  echo "  $((ext_pass + br_pass)) passing"
  [ $((ext_fail + br_fail)) = 0 ] || echo "  $((ext_fail + br_fail)) failing"
  say "extension tests $ext_pass passed, $ext_fail failed; browser test $br_pass passed, $br_fail failed; total $(elapsed "$t0")"
  exit "$status"
}
fatal() { say "$*"; ext_fail=$((ext_fail + 1)); finish 1; }

# 1. code-server, Node 24, Chromium
t=$(date +%s)
paths=$(bash scripts/install-code-server.sh 2>"$results/vscode-install.log") || { cat "$results/vscode-install.log"; fatal "installing code-server failed (log: test-results/vscode-install.log)"; }
eval "$(echo "$paths" | grep -E '^(NODE|CODE_SERVER)=')"
say "code-server ready in $(elapsed "$t")"

# 2. the product .vsix and the test runner
t=$(date +%s)
if [ -n "${VSCODE_VSIX:-}" ]; then
  vsix=$(cd "$(dirname "$VSCODE_VSIX")" && pwd)/$(basename "$VSCODE_VSIX")   # a .vsix built elsewhere
else
  npm run package >"$results/vscode-package.log" 2>&1 || { tail -20 "$results/vscode-package.log"; fatal "npm run package failed (log: test-results/vscode-package.log)"; }
  vsix="$repo/dist/asa-failover-upgrade.vsix"
fi
node scripts/vscode/build-tests.mjs >"$results/vscode-build-tests.log" 2>&1 || { cat "$results/vscode-build-tests.log"; fatal "building the extension tests failed"; }
runner_vsix="$repo/out/vscode-tests/asa-failover-upgrade-test-runner.vsix"
say "built $(basename "$vsix") and the test runner in $(elapsed "$t")"

# 3. a throwaway VS Code profile with both extensions installed offline
state=$(mktemp -d /tmp/asa-vscode-test.XXXXXX)
ud="$state/user-data"; exts="$state/extensions"
mkdir -p "$ud/User" "$exts"
# ASA_UPGRADE_TEST_API=1: the installed extension runs in production mode here, so this is how it knows to return
# its test API (and to keep what the tests read); without it, activate() returns nothing.
# XDG_STATE_HOME: the job locks and journals of this run's extension hosts live in its throwaway profile, so two
# runs on one machine (or a user's own jobs) never hold each other's "Lab pair" lock.
cs_env=(env -u VSCODE_IPC_HOOK_CLI -u VSCODE_IPC_HOOK ASA_UPGRADE_TEST_API=1 XDG_STATE_HOME="$state/xdg-state"
  EXTENSIONS_GALLERY='{"serviceUrl":"http://127.0.0.1:9/gallery","itemUrl":"http://127.0.0.1:9/item"}')
cs() { "${cs_env[@]}" "$NODE" "$CODE_SERVER" --config "$state/config.yaml" --user-data-dir "$ud" --extensions-dir "$exts" "$@"; }
printf 'auth: none\ncert: false\n' >"$state/config.yaml"
cs --install-extension "$vsix" --install-extension "$runner_vsix" --force >"$results/vscode-install-extensions.log" 2>&1 \
  || { cat "$results/vscode-install-extensions.log"; fatal "installing the .vsix into code-server failed"; }
cs --list-extensions --show-versions >>"$results/vscode-install-extensions.log" 2>&1
grep -q '^asa-tools.asa-failover-upgrade@' "$results/vscode-install-extensions.log" \
  || { cat "$results/vscode-install-extensions.log"; fatal "asa-tools.asa-failover-upgrade is not listed after installing $vsix"; }
cat >"$ud/User/settings.json" <<'JSON'
{
  "asaUpgrade.lab.reloadSeconds": 2,
  "asaUpgrade.refreshIntervalSeconds": 5,
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "chat.disableAIFeatures": true,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoUpdate": false,
  "extensions.autoCheckUpdates": false,
  "extensions.ignoreRecommendations": true,
  "security.workspace.trust.enabled": false,
  "git.enabled": false,
  "git.autoRepositoryDetection": false,
  "github.gitAuthentication": false,
  "window.restoreWindows": "none",
  "window.dialogStyle": "custom",
  "remote.autoForwardPorts": false,
  "remote.restoreForwardedPorts": false
}
JSON

# 4. the server
port=$("$NODE" -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
url="http://127.0.0.1:$port/"
setsid "${cs_env[@]}" "$NODE" "$CODE_SERVER" --config "$state/config.yaml" --auth none --bind-addr "127.0.0.1:$port" \
  --user-data-dir "$ud" --extensions-dir "$exts" --disable-telemetry --disable-update-check --disable-workspace-trust \
  --disable-getting-started-override --reconnection-grace-time 10 >"$results/vscode-server.log" 2>&1 &
server=$!
stop_server() {
  if [ -n "${server:-}" ] && kill -0 "$server" 2>/dev/null; then
    if [ "${KEEP_CODE_SERVER:-}" = 1 ]; then say "code-server left running at $url (pid $server, state $state)"; return; fi
    kill -- "-$server" 2>/dev/null || kill "$server" 2>/dev/null
    wait "$server" 2>/dev/null
  fi
  # the extension hosts' logs (the "ASA Upgrade" output channel among them) are worth keeping
  rm -rf "$results/vscode/logs"; cp -r "$ud/logs" "$results/vscode/logs" 2>/dev/null
  [ "${KEEP_CODE_SERVER:-}" = 1 ] || rm -rf "$state"
}
trap stop_server EXIT
for _ in $(seq 1 120); do
  curl -fs "${url}healthz" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$results/vscode-server.log"; fatal "code-server exited at start"; }
  sleep 0.5
done
curl -fs "${url}healthz" >/dev/null || fatal "code-server did not answer on $url"
say "code-server listening on $url ($(elapsed "$t0") so far)"

tsx=(node "$repo/node_modules/tsx/dist/cli.mjs")
status=0
# a) the mocha suites inside code-server
if [ "$only" = all ] || [ "$only" = extension ]; then
  t=$(date +%s)
  "${tsx[@]}" scripts/vscode/run-extension-tests.ts --url "$url" --workspace "$state/workspace-extension-tests" \
    --entry "$repo/out/vscode-tests/suite/index.js" --out "$results/vscode" --timeout "${VSCODE_TEST_TIMEOUT:-600}" \
    ${VSCODE_TEST_GREP:+--grep "$VSCODE_TEST_GREP"} \
    | tee "$results/vscode-extension-tests.log"
  rc=${PIPESTATUS[0]}
  if [ -f "$results/vscode/extension-tests.json" ]; then
    ext_pass=$("$NODE" -p "require('$results/vscode/extension-tests.json').passes.length")
    ext_fail=$("$NODE" -p "require('$results/vscode/extension-tests.json').failures.length")
  fi
  [ "$rc" = 0 ] || { status=1; [ "$ext_fail" != 0 ] || ext_fail=1; }
  say "extension tests took $(elapsed "$t")"
fi
# b) the browser test
if [ "$only" = all ] || [ "$only" = browser ]; then
  t=$(date +%s)
  mkdir -p "$state/workspace-browser"
  "${tsx[@]}" scripts/vscode/browser-test.ts --url "$url" --workspace "$state/workspace-browser" --out "$results" \
    | tee "$results/vscode-browser-test.log"
  rc=${PIPESTATUS[0]}
  br_pass=$(grep -Eo '^ *[0-9]+ passing' "$results/vscode-browser-test.log" | tail -1 | grep -Eo '[0-9]+' || echo 0)
  br_fail=$(grep -Eo '^ *[0-9]+ failing' "$results/vscode-browser-test.log" | tail -1 | grep -Eo '[0-9]+' || echo 0)
  [ "$rc" = 0 ] || { status=1; [ "$br_fail" != 0 ] || br_fail=1; }
  say "browser test took $(elapsed "$t")"
fi
finish $status
