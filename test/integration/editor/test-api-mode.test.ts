// Issue 9 item 7: the packaged extension (dist/extension.js) hands its test API (credentials, host-key trust,
// lab history, kept webview messages) only to a test host. Loaded as an installed extension in production
// mode, activate() returns nothing; with ExtensionMode.Test, or ASA_UPGRADE_TEST_API=1 as the code-server test
// runner sets it, it returns the API. The probe is the bench's: the bundle with a stand-in `vscode` module.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureBuilt, REPO } from '../../support/cli-run';

function activate(env: Record<string, string>): { testApi: boolean } {
  const clean = { ...process.env };
  delete clean.ASA_UPGRADE_TEST_API;
  const out = execFileSync(process.execPath, [join(REPO, 'bench', 'activation-probe.cjs'), join(REPO, 'dist', 'extension.js')], {
    encoding: 'utf8',
    env: { ...clean, ...env },
  });
  return JSON.parse(out) as { testApi: boolean };
}

describe('The test API of the packaged extension', function () {
  this.timeout(60_000);
  before(() => ensureBuilt());

  it('is not returned in production mode', () => {
    assert.equal(activate({}).testApi, false);
  });

  it('is returned in ExtensionMode.Test, and when the test runner sets ASA_UPGRADE_TEST_API=1', () => {
    assert.equal(activate({ ASA_PROBE_EXTENSION_MODE: '3' }).testApi, true);
    assert.equal(activate({ ASA_UPGRADE_TEST_API: '1' }).testApi, true);
  });
});
