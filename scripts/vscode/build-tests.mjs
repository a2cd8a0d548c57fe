// Builds what the in-editor tests need, under out/vscode-tests/ (gitignored):
//   suite/index.js + suite/NN-*.test.js  the mocha suites of test/vscode/suite (mocha bundled into index.js)
//   runner/                               the test-runner extension of test/vscode/runner
//   asa-failover-upgrade-test-runner.vsix that extension packaged, to install into code-server next to the product
// usage: node scripts/vscode/build-tests.mjs [--no-vsix]
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const out = join(repo, 'out/vscode-tests');
const suiteDir = join(repo, 'test/vscode/suite');
rmSync(out, { recursive: true, force: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  // ssh2's optional native parts (as in scripts/build.mjs): it falls back to pure JS without them.
  external: ['vscode', 'cpu-features', '*.node'],
  logLevel: 'warning',
  absWorkingDir: repo,
};

const tests = readdirSync(suiteDir).filter((f) => f.endsWith('.test.ts'));
await Promise.all([
  esbuild.build({ ...common, logLevel: 'error', entryPoints: [join(suiteDir, 'index.ts')], outfile: join(out, 'suite/index.js') }),
  ...tests.map((f) =>
    esbuild.build({ ...common, entryPoints: [join(suiteDir, f)], outfile: join(out, 'suite', f.replace(/\.ts$/, '.js')) }),
  ),
  esbuild.build({ ...common, sourcemap: false, entryPoints: [join(repo, 'test/vscode/runner/extension.ts')], outfile: join(out, 'runner/runner.js') }),
]);
copyFileSync(join(repo, 'test/vscode/runner/package.json'), join(out, 'runner/package.json'));
writeFileSync(join(out, 'runner/.vscodeignore'), '*.vsix\n');

if (!process.argv.includes('--no-vsix')) {
  mkdirSync(out, { recursive: true });
  const vsce = join(repo, 'node_modules/@vscode/vsce/vsce');
  execFileSync(
    process.execPath,
    [vsce, 'package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--no-update-package-json', '-o', join(out, 'asa-failover-upgrade-test-runner.vsix')],
    { cwd: join(out, 'runner'), stdio: ['ignore', 'ignore', 'inherit'] },
  );
}
console.log(`built ${tests.length} suite file(s) and the test runner into ${out}`);
