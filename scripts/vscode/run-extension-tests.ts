// Runs the extension's mocha suites inside code-server: opens a window on a workspace that holds the runner's
// marker (.asa-vscode-test.json), whose presence activates the test-runner extension in that window's
// extension host; then waits for its results file and prints the spec-style log.
//   usage: tsx scripts/vscode/run-extension-tests.ts --url http://127.0.0.1:PORT/ --workspace DIR
//            --entry out/vscode-tests/suite/index.js --out test-results/vscode [--timeout 600] [--grep TEXT]
// Exit code: 0 when every test passed, 1 otherwise.

import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SuiteResults } from '../../test/vscode/suite/index';
import { args, launchChromium, openWorkbench, screenshot } from './workbench';

async function main(): Promise<number> {
  const a = args();
  const url = a.url;
  const workspace = resolve(a.workspace ?? 'out/vscode-tests/workspace');
  const entry = resolve(a.entry ?? 'out/vscode-tests/suite/index.js');
  const outDir = resolve(a.out ?? 'test-results/vscode');
  const timeoutMs = Number(a.timeout ?? 600) * 1000;
  if (!url) throw new Error('--url of the running code-server is required');
  if (!existsSync(entry)) throw new Error(`${entry} does not exist: run scripts/vscode/build-tests.mjs first`);

  mkdirSync(workspace, { recursive: true });
  mkdirSync(outDir, { recursive: true });
  const results = join(outDir, 'extension-tests.json');
  const log = join(outDir, 'extension-tests.log');
  rmSync(results, { force: true });
  writeFileSync(join(workspace, '.asa-vscode-test.json'), JSON.stringify({ entry, results, log, grep: a.grep }, null, 2));

  const started = Date.now();
  const browser = await launchChromium();
  let consoleLines: string[] = [];
  try {
    const wb = await openWorkbench(browser, url, workspace);
    consoleLines = wb.console;
    console.log(`extension tests: workbench open after ${((Date.now() - started) / 1000).toFixed(1)}s, waiting for the runner`);
    const deadline = Date.now() + timeoutMs;
    let printed = 0;
    while (!existsSync(results)) {
      if (Date.now() > deadline) {
        await screenshot(wb.page, outDir, 'extension-tests-timeout');
        throw new Error(`no results after ${timeoutMs / 1000}s: the runner did not finish (see ${log} and the workbench console log)`);
      }
      // Relay the log while it grows, so a hanging test shows where it hangs.
      if (existsSync(log)) {
        const text = readFileSync(log, 'utf8');
        const lines = text.split('\n');
        const complete = lines.slice(0, -1);
        for (const line of complete.slice(printed)) console.log(line);
        printed = complete.length;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    if (existsSync(log)) for (const line of readFileSync(log, 'utf8').split('\n').slice(printed)) console.log(line);
    await screenshot(wb.page, outDir, 'extension-tests-end');
  } finally {
    writeFileSync(join(outDir, 'extension-tests.console.log'), consoleLines.join('\n'));
    await browser.close();
  }
  const r = JSON.parse(readFileSync(results, 'utf8')) as SuiteResults & { crashed?: boolean };
  if ((r as { crashed?: boolean }).crashed) {
    for (const f of r.failures) console.log(`\n  ${f.title}:\n${f.error}`);
    console.log('\n  0 passing\n  1 failing');
  }
  console.log(`extension tests: ${r.passes.length} passed, ${r.failures.length} failed in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  return r.failures.length === 0 && r.passes.length > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`extension tests: ${e instanceof Error ? e.message : String(e)}`);
    console.log('\n  0 passing\n  1 failing');
    process.exit(1);
  },
);
