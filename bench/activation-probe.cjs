// Loads the extension bundle in a fresh Node process with a stand-in for the `vscode` module and activates
// it, printing how long that took. The stand-in accepts every API call (it is not a test double: nothing is
// asserted on it); what is measured is the bundle's own load and activation work.
const Module = require('node:module');
const { performance } = require('node:perf_hooks');

const bundle = process.argv[2];
const anything = () => {
  const assigned = new Map();
  return new Proxy(function () {}, {
    get: (_t, p) =>
      assigned.has(p) ? assigned.get(p) : p === 'then' ? undefined : p === Symbol.toPrimitive ? () => '' : p === Symbol.iterator ? [][Symbol.iterator].bind([]) : anything(),
    set: (_t, p, v) => (assigned.set(p, v), true),
    apply: () => anything(),
    construct: () => anything(),
  });
};
// esbuild's import helper builds the namespace on the module's prototype, so a prototype that answers every
// name stands in for the whole API, whatever (minified) names the bundle uses.
const cache = new Map();
const api = new Proxy({}, { get: (_t, p) => (p === 'then' || p === '__esModule' ? undefined : cache.get(p) ?? (cache.set(p, anything()), cache.get(p))) });
const vscode = Object.create(api);
// The one enum whose values the extension compares with (its test mode): the real ones.
vscode.ExtensionMode = { Production: 1, Development: 2, Test: 3 };
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
};
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode };

const os = require('node:os');
const path = require('node:path');
const storage = path.join(os.tmpdir(), `asa-activation-${process.pid}`);
const uri = (p) => ({ scheme: 'file', fsPath: p, path: p, toString: () => `file://${p}`, with: () => uri(p) });
const memento = { get: (_k, d) => d, update: async () => {}, keys: () => [], setKeysForSync: () => {} };
const context = {
  subscriptions: [],
  extensionUri: uri(path.dirname(path.dirname(bundle))),
  extensionPath: path.dirname(path.dirname(bundle)),
  globalStorageUri: uri(storage),
  globalStoragePath: storage,
  storageUri: undefined,
  logUri: uri(storage),
  globalState: memento,
  workspaceState: memento,
  secrets: { get: async () => undefined, store: async () => {}, delete: async () => {}, onDidChange: anything() },
  asAbsolutePath: (p) => path.join(path.dirname(path.dirname(bundle)), p),
  // ExtensionMode.Production (1) unless the caller asks for another (3 is Test).
  extensionMode: Number(process.env.ASA_PROBE_EXTENSION_MODE ?? 1),
  environmentVariableCollection: anything(),
  extension: anything(),
};

// VS Code's extension host has Node's own modules loaded before any extension activates; load them here too,
// so their one-time start-up is not counted against the extension.
for (const m of ['fs', 'path', 'os', 'crypto', 'child_process', 'net', 'events', 'util', 'url', 'stream', 'http', 'https', 'zlib', 'tls', 'dgram']) require(`node:${m}`);

const t0 = performance.now();
const ext = require(bundle);
Promise.resolve(ext.activate(context)).then(
  (returned) => {
    const activationMs = performance.now() - t0;
    // What activate() handed back: the test API exists only in test mode (src/extension.ts).
    const testApi = returned !== undefined && returned !== null && typeof returned.openLab === 'function';
    process.stdout.write(JSON.stringify({ activationMs, testApi }));
    process.exit(0);
  },
  (e) => {
    process.stderr.write(`activation failed: ${e && e.stack}\n`);
    process.exit(1);
  },
);
