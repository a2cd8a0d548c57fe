// Entry of the extension test suites. Two hosts load it:
// - @vscode/test-electron (test/vscode/electron.ts) calls run(), the standard `--extensionTestsPath` contract;
// - the code-server runner (test/vscode/runner) calls runToFile(), which also writes the results as JSON and a
//   spec-style log, because nothing reads the console of a code-server extension host.

import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export interface SuiteResults {
  stats: { passes: number; failures: number; pending: number; durationMs: number };
  passes: Array<{ title: string; durationMs?: number }>;
  failures: Array<{ title: string; error: string }>;
  pending: Array<{ title: string }>;
}

function suiteFiles(): string[] {
  return fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort()
    .map((f) => path.join(__dirname, f));
}

function createMocha(grep?: string): Mocha {
  // An upgrade of the lab pair takes a few reloads of the simulated units; the suites set their own timeouts.
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  if (grep) mocha.grep(grep);
  for (const file of suiteFiles()) mocha.addFile(file);
  return mocha;
}

/** @vscode/test-electron's contract: resolve when every test passed. */
export function run(): Promise<void> {
  const mocha = createMocha(process.env.ASA_VSCODE_TEST_GREP);
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} extension test(s) failed.`)) : resolve()));
  });
}

function errorText(err: unknown): string {
  if (err instanceof Error) return err.stack ?? err.message;
  return String(err);
}

/** The code-server runner's entry: runs the suites and writes `results` (JSON) and `log` (spec style). */
export function runToFile(results: string, log: string, grep?: string): Promise<void> {
  const mocha = createMocha(grep);
  mocha.reporter(Mocha.reporters.Base); // prints nothing; the events below write the log
  const out: SuiteResults = { stats: { passes: 0, failures: 0, pending: 0, durationMs: 0 }, passes: [], failures: [], pending: [] };
  const started = Date.now();
  fs.writeFileSync(log, '');
  const write = (line: string): void => fs.appendFileSync(log, `${line}\n`);
  return new Promise((resolve) => {
    const runner = mocha.run(() => {
      out.stats = { passes: out.passes.length, failures: out.failures.length, pending: out.pending.length, durationMs: Date.now() - started };
      write('');
      write(`  ${out.passes.length} passing (${Math.round(out.stats.durationMs / 1000)}s)`);
      if (out.pending.length) write(`  ${out.pending.length} pending`);
      if (out.failures.length) write(`  ${out.failures.length} failing`);
      out.failures.forEach((f, i) => write(`\n  ${i + 1}) ${f.title}:\n${f.error.replace(/^/gm, '     ')}`));
      // Written last and in one go: the driver waits for this file.
      const tmp = `${results}.partial`;
      fs.writeFileSync(tmp, JSON.stringify(out, null, 2));
      fs.renameSync(tmp, results);
      resolve();
    });
    runner.on('suite', (s) => {
      if (s.title) write(`\n  ${s.titlePath().join(' › ')}`);
    });
    runner.on('test', (t) => write(`    … ${t.title}`));
    runner.on('pass', (t) => {
      out.passes.push({ title: t.fullTitle(), durationMs: t.duration });
      write(`    ✓ ${t.title} (${t.duration ?? 0}ms)`);
    });
    runner.on('fail', (t, err) => {
      out.failures.push({ title: t.fullTitle(), error: errorText(err) });
      write(`    ${out.failures.length}) ${t.title}`);
    });
    runner.on('pending', (t) => {
      out.pending.push({ title: t.fullTitle() });
      write(`    - ${t.title}`);
    });
  });
}
