#!/usr/bin/env bash
# The project's one test command (`npm test`; .ci/run calls it). Installs what the tests need that npm does
# not (system packages, code-server), then runs every suite: typecheck, unit, integration over real SSH,
# the extension inside a real VS Code (code-server) and the browser test. Ends with one summary line.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-results
[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/install-system-deps.sh || { echo "could not install system packages"; exit 1; }

passed=0; failed=0; status=0
count() { # mocha's spec reporter ends with "N passing" and, on failures, "N failing"
  local log=$1 p f
  p=$(grep -Eo '^ *[0-9]+ passing' "$log" | tail -1 | grep -Eo '[0-9]+' || echo 0)
  f=$(grep -Eo '^ *[0-9]+ failing' "$log" | tail -1 | grep -Eo '[0-9]+' || echo 0)
  passed=$((passed + p)); failed=$((failed + f))
}
run() { # run NAME CMD...: prints live, keeps a log, remembers failure
  local name=$1; shift
  echo "=== $name"
  "$@" 2>&1 | tee "test-results/$name.log"
  local rc=${PIPESTATUS[0]}
  count "test-results/$name.log"
  if [ "$rc" != 0 ]; then echo "=== $name FAILED (exit $rc)"; status=1; fi
}

run typecheck npx tsc -p . --noEmit
run build node scripts/build.mjs
run unit npx mocha 'test/unit/**/*.test.ts'
run integration npx mocha --timeout 120000 'test/integration/**/*.test.ts'
if [ -f scripts/test-vscode.sh ]; then run vscode bash scripts/test-vscode.sh; fi

echo
echo "tests: $passed passed, $failed failed"
[ "$failed" = 0 ] || status=1
exit $status
