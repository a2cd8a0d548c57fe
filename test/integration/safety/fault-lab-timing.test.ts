// The lab must stay trustworthy when the test process is busy: chaos runs several labs and engines in one
// Node process, and a stalled event loop makes Node fire a longer timer before a shorter one (timers of
// different durations live in different lists). A unit must still pass through its states in order, or
// it goes back from Standby Ready to Bulk Sync (or stays "Active Config Applied") and the engine is blamed.

import assert from 'node:assert/strict';
import { startLab, type LabEvent, type LabPair } from '../../../src/lab';
import { labAnomaliesOf } from '../../support/chaos';
import { connectToLab, type LabConnection } from '../../support/lab-connector';

function busy(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    /* stall the event loop, as a loaded CI machine does */
  }
}

describe('lab state sequences survive a stalled event loop', function () {
  this.timeout(30_000);
  let lab: LabPair | undefined;
  let conn: LabConnection | undefined;
  let pump: NodeJS.Timeout | undefined;
  afterEach(async () => {
    clearInterval(pump);
    await conn?.close();
    await lab?.stop();
  });

  /** Stalls the loop just after the lab records a matching event, while other timers of the lab's durations are pending. */
  function stallAfter(l: LabPair, match: (e: LabEvent) => boolean, durationsMs: number[]): void {
    // Older timers with the duration of the lab's last step: that list's head is due before the lab's earlier
    // steps, so after the stall Node runs the whole list, the lab's last step included, before them.
    pump = setInterval(() => {
      for (const d of durationsMs) setTimeout(() => undefined, d);
    }, 3);
    const record = l.history.record.bind(l.history);
    let done = false;
    l.history.record = (e) => {
      record(e);
      if (!done && match(e as LabEvent)) {
        done = true;
        setImmediate(() => busy(400));
      }
    };
  }

  it('a switch-over ends Active, through every taking-over state in order', async () => {
    lab = await startLab({ reloadSeconds: 0.5, failoverSeconds: 0.1 });
    conn = connectToLab(lab);
    const session = await conn.connector.connect('active');
    stallAfter(lab, (e) => e.kind === 'failover', [100]);
    await session.noFailoverActive().catch(() => undefined);
    await lab.waitFor((l) => l.units.secondary.state === 'Active', 5000, 'the secondary to finish taking over');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(lab.units.secondary.state, 'Active');
    assert.deepEqual(labAnomaliesOf(lab, lab.history.events, Date.now()), []);
  });

  it('a reloaded standby ends Standby Ready, through every joining state in order', async () => {
    lab = await startLab({ reloadSeconds: 0.5, failoverSeconds: 0.1 });
    conn = connectToLab(lab);
    const session = await conn.connector.connect('active');
    // The unit joins 0.45 R after the reload: Cold Standby 25 ms later, then 75, 125, 175 and Standby Ready at 275 ms.
    stallAfter(lab, (e) => e.kind === 'state' && e.to === 'Cold Standby', [275]);
    await session.reloadStandby();
    await lab.waitFor((l) => l.history.states('secondary').includes('Cold Standby'), 5000, 'the secondary to join');
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(lab.units.secondary.state, 'Standby Ready');
    assert.deepEqual(labAnomaliesOf(lab, lab.history.events, Date.now()), []);
  });
});
