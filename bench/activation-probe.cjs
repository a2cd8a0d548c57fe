// Loads the extension bundle in a fresh Node process with a stand-in for the `vscode` module and activates
// it, printing how long that took. The stand-in accepts every API call (it is not a test double: nothing is
// asserted on it); what is measured is the bundle's own load and activation work.
const Module = require('node:module');
const { performance } = require('node:perf_hooks');

const bundle = process.argv[2];
const anything = () =>
  new Proxy(function () {}, {
    get: (_t, p) => (p === 'then' ? undefined : p === Symbol.toPrimitive ? () => '' : p === Symbol.iterator ? [][Symbol.iterator].bind([]) : anything()),
    apply: () => anything(),
    construct: () => anything(),
  });
const vscode = anything();
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
};
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode };

const os = require('node:os');
const path = require('node:path');
const storage = path.join(os.tmpdir(), `asa-activation-${process.pid}`);
const memento = { get: (_k, d) => d, update: async () => {}, keys: () => [], setKeysForSync: () => {} };
const context = {
  subscriptions: [],
  extensionUri: anything(),
  extensionPath: path.dirname(path.dirname(bundle)),
  globalStorageUri: anything(),
  globalStoragePath: storage,
  storageUri: undefined,
  logUri: anything(),
  globalState: memento,
  workspaceState: memento,
  secrets: { get: async () => undefined, store: async () => {}, delete: async () => {}, onDidChange: anything() },
  asAbsolutePath: (p) => path.join(path.dirname(path.dirname(bundle)), p),
  extensionMode: 1,
  environmentVariableCollection: anything(),
  extension: anything(),
};

const t0 = performance.now();
const ext = require(bundle);
Promise.resolve(ext.activate(context)).then(
  () => {
    const activationMs = performance.now() - t0;
    process.stdout.write(JSON.stringify({ activationMs }));
    process.exit(0);
  },
  (e) => {
    process.stderr.write(`activation failed: ${e && e.stack}\n`);
    process.exit(1);
  },
);
