// The same extension suites on desktop VS Code, with @vscode/test-electron, for machines that can download VS
// Code (this one cannot: CI runs them inside code-server through scripts/test-vscode.sh instead).
//   usage: node scripts/vscode/build-tests.mjs --no-vsix && npm run build && npx tsx test/vscode/electron.ts
//   env:   VSCODE_VERSION (default "stable"), ASA_VSCODE_TEST_GREP (run only matching tests)
// The extension under test is this repository (dist/extension.js), loaded as the development extension.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const repo = resolve(__dirname, '../..');
  const state = mkdtempSync(join(tmpdir(), 'asa-vscode-electron-'));
  const userData = join(state, 'user-data');
  const logs = join(state, 'logs');
  const workspace = join(state, 'workspace');
  mkdirSync(join(userData, 'User'), { recursive: true });
  mkdirSync(workspace, { recursive: true });
  // Short simulated reloads keep the lab upgrade within the suites' timeouts.
  writeFileSync(
    join(userData, 'User', 'settings.json'),
    JSON.stringify({ 'asaUpgrade.lab.reloadSeconds': 2, 'telemetry.telemetryLevel': 'off', 'update.mode': 'none', 'workbench.startupEditor': 'none' }, null, 2),
  );
  try {
    await runTests({
      version: process.env.VSCODE_VERSION ?? 'stable',
      extensionDevelopmentPath: repo,
      extensionTestsPath: join(repo, 'out/vscode-tests/suite/index.js'),
      extensionTestsEnv: { ASA_TEST_LOGS_ROOT: logs, ASA_VSCODE_TEST_GREP: process.env.ASA_VSCODE_TEST_GREP },
      launchArgs: [workspace, '--user-data-dir', userData, '--logsPath', logs, '--disable-extensions', '--disable-workspace-trust'],
    });
  } finally {
    rmSync(state, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
