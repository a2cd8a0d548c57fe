// The invariant checker has teeth: unsafe sequences driven by hand over SSH against a lab pair (reloading
// the active unit, switching over to a unit that is not ready or runs the wrong version, leaving the pair
// without an active unit, two copies at once) are each caught from the lab's history, and dishonest outcome
// snapshots are caught too. Without this, a clean fault matrix and chaos run would prove nothing.

import assert from 'node:assert/strict';
import type { UnitSession } from '../../../src/core/ports';
import type { UpgradeEvent, UpgradeOutcome } from '../../../src/core/model';
import { startLab, type LabOptions, type LabPair } from '../../../src/lab';
import { NEW_ASA, NEW_VERSION, OLD_VERSION, startImageServer } from '../../support/chaos';
import { baselineOf, checkInvariants, checkOutcome, type InvariantOptions, type InvariantRule } from '../../support/invariants';
import { connectToLab, type LabConnection } from '../../support/lab-connector';

describe('the invariant checker catches unsafe sequences from the lab history', function () {
  this.timeout(60_000);
  let lab: LabPair | undefined;
  let conn: LabConnection | undefined;
  const extra: LabConnection[] = [];
  afterEach(async () => {
    for (const c of extra.splice(0)) await c.close();
    await conn?.close();
    await lab?.stop();
    lab = undefined;
    conn = undefined;
  });

  async function pair(options: LabOptions = {}): Promise<{ lab: LabPair; active: UnitSession; base: InvariantOptions }> {
    lab = await startLab({ reloadSeconds: 1, failoverSeconds: 0.2, imageSizes: { asa: 64 * 1024, asdm: 32 * 1024 }, ...options });
    const base: InvariantOptions = { initial: baselineOf(lab), targetVersion: NEW_VERSION };
    conn = connectToLab(lab, { commandMs: 5000 });
    return { lab, active: await conn.connector.connect('active'), base };
  }

  const rules = (l: LabPair, o: InvariantOptions): InvariantRule[] => [...new Set(checkInvariants(l.history.events, { ...o, until: Date.now() }).map((v) => v.rule))].sort();

  it('a quiet pair has no violations', async () => {
    const { lab, active, base } = await pair();
    await active.showFailover();
    await active.showVersion();
    assert.deepEqual(rules(lab, base), []);
  });

  it('reloading the active unit', async () => {
    const { lab, active, base } = await pair();
    await active.reload().catch(() => undefined);
    await lab.waitFor((l) => l.history.reloads('primary').length === 1, 5000, 'the reload');
    assert.deepEqual(rules(lab, base), ['reload-of-active-unit', 'reload-while-mate-not-active']);
  });

  it('reloading a unit twice', async () => {
    const { lab, active, base } = await pair({ reloadSeconds: 0.5 });
    await active.reloadStandby();
    await lab.waitFor((l) => l.history.reloads('secondary').length === 1 && l.units.secondary.state === 'Standby Ready', 10_000, 'the first reload');
    const again = await conn!.connector.connect('active');
    await again.reloadStandby();
    await lab.waitFor((l) => l.history.reloads('secondary').length === 2, 5000, 'the second reload');
    assert.deepEqual(rules(lab, base), []);
    assert.deepEqual(rules(lab, { ...base, maxReloadsPerUnit: 1 }), ['reloaded-twice']);
  });

  it('switching over to a standby that is still joining', async () => {
    const { lab, active, base } = await pair();
    await active.reloadStandby();
    await lab.waitFor((l) => l.units.secondary.isUp && ['Cold Standby', 'Sync Config', 'Sync File System', 'Bulk Sync'].includes(l.units.secondary.state), 10_000, 'the secondary joining');
    await active.noFailoverActive().catch(() => undefined);
    assert.ok(rules(lab, base).includes('failover-to-unready-standby'), rules(lab, base).join());
  });

  it('switching over to a standby that runs the old version', async () => {
    const { lab, active, base } = await pair();
    await active.noFailoverActive().catch(() => undefined);
    await lab.waitFor((l) => l.units.secondary.isActive, 5000, 'the switch-over');
    assert.deepEqual(rules(lab, base), ['failover-to-wrong-version']);
    assert.deepEqual(rules(lab, { ...base, targetVersion: OLD_VERSION }), [], 'the same switch-over on the expected version is fine');
  });

  it('a switch-over the device carried out late, when the standby was no longer ready', async () => {
    const { lab, active, base } = await pair({ reloadSeconds: 1 });
    lab.faults.inject({ kind: 'slow-answers', unit: 'primary', command: 'no failover active', delayMs: 600, times: 1 });
    const sent = active.noFailoverActive().catch(() => undefined);
    await lab.waitFor((l) => l.history.commands('primary').includes('no failover active'), 5000, 'the command to arrive');
    const other = connectToLab(lab, { commandMs: 5000 });
    extra.push(other);
    await (await other.connector.connect('active')).reloadStandby();
    await sent;
    await lab.waitFor((l) => l.units.secondary.isActive, 5000, 'the late switch-over');
    assert.deepEqual(rules(lab, { ...base, targetVersion: OLD_VERSION }), ['failover-to-unready-standby']);
  });

  it('switching over with `failover active` sent to the standby on the old version', async () => {
    const { lab, base } = await pair();
    const standby = await conn!.connector.connect('standby');
    await standby.failoverActive().catch(() => undefined);
    await lab.waitFor((l) => l.units.secondary.isActive, 5000, 'the switch-over');
    assert.deepEqual(rules(lab, base), ['failover-to-wrong-version']);
  });

  it('reloading the standby while its mate is still taking over', async () => {
    const { lab, active, base } = await pair({ failoverSeconds: 4 });
    await active.noFailoverActive().catch(() => undefined);
    await lab.waitFor((l) => l.units.secondary.isActive, 5000, 'the switch-over');
    const second = connectToLab(lab, { commandMs: 5000 });
    extra.push(second);
    const now = await second.connector.connect('active');
    assert.notEqual(lab.units.secondary.state, 'Active', 'still taking over');
    await now.reloadStandby();
    await lab.waitFor((l) => l.history.reloads('primary').length === 1, 5000, 'the reload');
    assert.deepEqual(rules(lab, { ...base, targetVersion: OLD_VERSION }), ['reload-while-mate-not-active']);
  });

  it('leaving the pair with no active unit', async () => {
    const { lab, active, base } = await pair({ reloadSeconds: 3 });
    await active.reloadStandby();
    await lab.waitFor((l) => !l.units.secondary.isUp, 5000, 'the secondary going down');
    const again = connectToLab(lab, { commandMs: 5000 });
    extra.push(again);
    await (await again.connector.connect('active')).reload().catch(() => undefined);
    await lab.waitFor((l) => !l.units.primary.isUp, 5000, 'the primary going down');
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(rules(lab, base), ['no-active-unit', 'reload-of-active-unit', 'reload-while-mate-not-active']);
    // The allowance is the only slack: a long one forgives a short gap still open at the end.
    assert.ok(!rules(lab, { ...base, noActiveAllowanceMs: 60_000 }).includes('no-active-unit'));
  });

  it('two copies at once on one unit, and two jobs at once', async () => {
    const images = await startImageServer();
    try {
      const { lab, active, base } = await pair({ copyBytesPerSecond: 128 * 1024 });
      const other = connectToLab(lab, { commandMs: 10_000 });
      extra.push(other);
      const second = await other.connector.connect('active');
      const url = images.server.url(NEW_ASA);
      await Promise.all([active.copy(url, `disk0:/${NEW_ASA}`, undefined, { timeoutMs: 10_000 }), second.copy(url, `disk0:/b-${NEW_ASA}`, undefined, { timeoutMs: 10_000 })]);
      assert.deepEqual(rules(lab, base), ['overlapping-copies']);
      const jobs = [
        { name: 'a', start: 1000, end: 5000, outcome: 'failed' as const },
        { name: 'b', start: 4000, end: 9000, outcome: 'upgraded' as const },
        { name: 'c', start: 4500, end: 4600, outcome: 'refused' as const },
      ];
      assert.deepEqual(checkInvariants([], { jobs }).map((v) => v.rule), ['two-jobs-at-once']);
      assert.deepEqual(checkInvariants([], { jobs: [jobs[0], jobs[2]] }), []);
    } finally {
      await images.stop();
    }
  });

  it('an outcome snapshot that does not match the lab, or has no next safe action', async () => {
    const { lab, active, base } = await pair();
    await active.showFailover();
    const t = Date.now();
    const honest: UpgradeOutcome = {
      outcome: 'failed',
      message: 'stopped',
      pair: {
        activeRole: 'primary',
        mixedVersions: false,
        units: [
          { role: 'primary', state: 'Active', version: OLD_VERSION, isActive: true },
          { role: 'secondary', state: 'Standby Ready', version: OLD_VERSION, isActive: false },
        ],
        nextSafeAction: 'Fix the cause, then run the upgrade again.',
      },
    };
    const window = { from: t - 10, to: t };
    assert.deepEqual(checkOutcome(honest, lab.history.events, { ...base, window }), []);
    const wrongActive = structuredClone(honest);
    wrongActive.pair!.activeRole = 'secondary';
    wrongActive.pair!.units[0].isActive = false;
    wrongActive.pair!.units[1].isActive = true;
    assert.equal(checkOutcome(wrongActive, lab.history.events, { ...base, window }).length, 1);
    const wrongVersion = structuredClone(honest);
    wrongVersion.pair!.units[1].version = NEW_VERSION;
    assert.ok(checkOutcome(wrongVersion, lab.history.events, { ...base, window }).length >= 1);
    const noAdvice = structuredClone(honest);
    delete noAdvice.pair!.nextSafeAction;
    assert.equal(checkOutcome(noAdvice, lab.history.events, { ...base, window }).length, 1);
    const noPair: UpgradeOutcome = { outcome: 'failed', message: 'x' };
    assert.equal(checkOutcome(noPair, lab.history.events, { ...base, window }).length, 1);
  });

  it('a job that changes the pair after it stopped, or starts a reload long after it was cancelled', async () => {
    const { lab, active, base } = await pair();
    const stopAt = Date.now();
    const events: UpgradeEvent[] = [
      { type: 'phase', at: stopAt - 5, phase: 'boot-config', status: 'running' },
      { type: 'phase', at: stopAt, phase: 'boot-config', status: 'failed', message: 'stopped' },
    ];
    await new Promise((r) => setTimeout(r, 200));
    await active.writeMemory();
    await active.showFailover();
    const outcome: UpgradeOutcome = {
      outcome: 'failed',
      message: 'stopped',
      pair: {
        activeRole: 'primary',
        mixedVersions: false,
        units: [
          { role: 'primary', state: 'Active', version: OLD_VERSION, isActive: true },
          { role: 'secondary', state: 'Standby Ready', version: OLD_VERSION, isActive: false },
        ],
        nextSafeAction: 'Fix the cause, then run the upgrade again.',
      },
    };
    const window = { from: stopAt, to: Date.now() };
    assert.deepEqual(checkOutcome(outcome, lab.history.events, { ...base, events, window }).map((v) => v.rule), ['changed-after-stop']);
    const cancelledAt = Date.now();
    await new Promise((r) => setTimeout(r, 400));
    await active.reloadStandby();
    const cancelled = { ...outcome, outcome: 'cancelled' as const };
    const after = { from: Date.now(), to: Date.now() };
    const rulesSeen = checkOutcome(cancelled, lab.history.events, { ...base, window: after, cancelledAt }).map((v) => v.rule);
    assert.ok(rulesSeen.includes('changed-after-stop'), rulesSeen.join());
    assert.ok(
      checkOutcome(cancelled, lab.history.events, { ...base, window: after, cancelledAt: Date.now() - 100 }).every((v) => v.rule !== 'changed-after-stop'),
      'a reload within the grace after the cancel is the step under way finishing',
    );
  });
});
