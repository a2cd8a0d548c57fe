// Test-only extension that runs the extension's mocha suites inside code-server. @vscode/test-electron cannot
// start a code-server window, so this runner is installed next to the product VSIX and does what
// `--extensionTestsPath` does on the desktop: load the suites into the extension host and run them.
// It activates only in a workspace that holds `.asa-vscode-test.json` (written by scripts/test-vscode.sh), so
// other windows of the same server (the browser test) stay untouched.

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { registerScenes } from './scenes';

interface RunRequest {
  /** The compiled suite entry (test/vscode/suite/index.ts built to JS). */
  entry: string;
  /** Where to write the results JSON; its `.partial` twin is written while running. */
  results: string;
  /** Where to write the spec-style log. */
  log: string;
  grep?: string;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  // The scenes the browser test uses for its screenshots, in every window of the test server.
  context.subscriptions.push(...registerScenes());
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder || folder.uri.scheme !== 'file') return;
  const markerPath = path.join(folder.uri.fsPath, '.asa-vscode-test.json');
  let request: RunRequest;
  try {
    request = JSON.parse(fs.readFileSync(markerPath, 'utf8')) as RunRequest;
  } catch {
    return;
  }
  // Extensions' log files (the "ASA Upgrade" output channel among them) sit next to this extension's own.
  process.env.ASA_TEST_LOGS_ROOT ??= path.dirname(context.logUri.fsPath);
  // One run per marker: a reload of the window must not run the suites a second time.
  if (fs.existsSync(request.results)) return;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const suite = require(request.entry) as { runToFile(results: string, log: string, grep?: string): Promise<void> };
    await suite.runToFile(request.results, request.log, request.grep);
  } catch (e) {
    const error = e instanceof Error ? (e.stack ?? e.message) : String(e);
    fs.writeFileSync(request.results, JSON.stringify({ passes: [], failures: [{ title: 'load the suites', error }], pending: [], crashed: true }));
  }
}

export function deactivate(): void {}
