// `asa-upgrade status` while the pair is not at rest: a user checks on it in the middle of a reload.

import assert from 'node:assert/strict';
import { connectToLab } from '../../support/lab-connector';
import { ensureBuilt, runCli } from '../../support/cli-run';
import { startCliLab, type CliLab } from './lab-fixture';

describe('asa-upgrade status while the standby reloads', function () {
  this.timeout(60_000);
  let t: CliLab;
  before(ensureBuilt);
  beforeEach(async () => {
    // A slow reload, so the secondary is surely still on its way back while status runs.
    t = await startCliLab({ reloadSeconds: 12 });
  });
  afterEach(async () => {
    await t?.stop();
  });

  for (const standby of [true, false]) {
    it(`reports the secondary's state as the active unit sees it (${standby ? 'with' : 'without'} --standby), exit 0`, async () => {
      const c = connectToLab(t.lab);
      try {
        await (await c.connector.connect('active')).reloadStandby();
      } finally {
        await c.close();
      }
      await t.lab.waitFor((l) => l.units.secondary.state !== 'Standby Ready', 10_000, 'the secondary to leave Standby Ready');
      const r = await runCli(['status', ...t.connection({ standby }), '--json'], { env: t.env });
      assert.equal(r.code, 0, r.stderr);
      const doc = JSON.parse(r.stdout) as { failover: boolean; units: Array<{ role: string; state: string; active: boolean; version: string }> };
      assert.equal(doc.failover, true);
      assert.deepEqual([doc.units[0].role, doc.units[0].state, doc.units[0].active], ['primary', 'Active', true]);
      const secondary = doc.units[1];
      assert.equal(secondary.role, 'secondary');
      assert.notEqual(secondary.state, 'Standby Ready', 'not yet back');
      assert.ok(t.lab.history.states('secondary').includes(secondary.state), `a state the unit really was in: ${secondary.state} (${t.lab.history.states('secondary').join(' -> ')})`);
    });
  }
});
