// Bundles the extension and the CLI with esbuild. ssh2's optional native parts stay out of the bundle:
// without them ssh2 falls back to its pure-JS crypto, which is what runs in the VSIX and the CLI.
import * as esbuild from 'esbuild';
import { chmodSync } from 'node:fs';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: process.argv.includes('--minify'),
  // ssh2 tells its server sessions apart by `constructor.name === 'Session'`; minified class names broke that and
  // the lab's SSH server (inside the extension host) threw on a client that left mid-handshake.
  keepNames: true,
  external: ['vscode', 'cpu-features', '*.node'],
  logLevel: 'warning',
};

// The extension loads its engine (ssh2, the lab) on first use from a second file, so activation neither
// evaluates nor even compiles SSH code: `import('./engine')` in src/ui/engine-loader.ts stays a runtime require.
const engineOutOfLine = {
  name: 'engine-out-of-line',
  setup(build) {
    build.onResolve({ filter: /^\.\/engine$/ }, (args) =>
      args.importer.endsWith('engine-loader.ts') ? { path: './engine.js', external: true } : undefined,
    );
  },
};

await Promise.all([
  esbuild.build({ ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', plugins: [engineOutOfLine] }),
  esbuild.build({ ...common, entryPoints: ['src/ui/engine.ts'], outfile: 'dist/engine.js' }),
  esbuild.build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
]);
chmodSync('dist/cli.js', 0o755);
