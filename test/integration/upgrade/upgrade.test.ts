import assert from 'node:assert/strict';
import { MemoryJournal, unfinished } from '../../../src/core/journal';
import { assertInvariants, changingCommands, NEW_ASA, NEW_ASDM, NEW_ASDM_VERSION, NEW_VERSION, OLD_VERSION, phasesOf, SIZES, startBench, type Bench } from './support';

describe('upgrading a lab pair over SSH', function () {
  this.timeout(120_000);
  let bench: Bench;
  afterEach(async () => bench?.stop());

  it('a full upgrade ends with both units on the new versions, the primary active and the secondary Standby Ready', async () => {
    bench = await startBench();
    const { outcome, events } = await bench.run();
    assert.equal(outcome.outcome, 'upgraded', outcome.message);
    const { primary, secondary } = bench.lab.units;
    assert.equal(primary.version, NEW_VERSION);
    assert.equal(secondary.version, NEW_VERSION);
    assert.equal(primary.asdmVersion, NEW_ASDM_VERSION);
    assert.ok(primary.isActive);
    assert.equal(secondary.state, 'Standby Ready');
    assert.deepEqual(primary.bootImages.slice(0, 2), [`disk0:/${NEW_ASA}`, 'disk0:/asa9-18-4-22-smp-k8.bin']);
    assert.equal(primary.files().get(NEW_ASA), SIZES.asa);
    assert.equal(secondary.files().get(NEW_ASDM), SIZES.asdm);
    assertInvariants(bench.lab, { secondaryFirst: true });
    assert.deepEqual(phasesOf(events), [
      'preconditions:done',
      'download:done',
      'boot-config:done',
      'reload-secondary:done',
      'failover-to-secondary:done',
      'reload-primary:done',
      'failover-to-primary:done',
    ]);
    assert.equal(outcome.pair?.mixedVersions, false);
    assert.equal(outcome.pair?.activeRole, 'primary');
  });

  it('without a standby address, reaches the secondary through failover exec mate and still upgrades', async () => {
    bench = await startBench();
    const { outcome } = await bench.run({ connector: bench.mateConnector() });
    assert.equal(outcome.outcome, 'upgraded', outcome.message);
    assert.ok(bench.lab.history.commands('secondary', 'mate').some((c) => c.startsWith('copy /noconfirm')));
    assert.equal(bench.lab.units.secondary.version, NEW_VERSION);
    assertInvariants(bench.lab, { secondaryFirst: true });
  });

  it('download only copies and checks the images and changes nothing else; the upgrade after it copies nothing', async () => {
    bench = await startBench();
    // The pair's journal (the CLI keeps one per pair) carries the hash computed from the checked copies: a file
    // on flash is kept only with that proof, never by its name and size alone.
    const journal = new MemoryJournal();
    const first = await bench.run({ journal, request: bench.request({ downloadOnly: true }) });
    assert.equal(first.outcome.outcome, 'downloaded', first.outcome.message);
    assert.equal(bench.lab.units.secondary.files().get(NEW_ASA), SIZES.asa);
    assert.equal(bench.lab.history.reloads().length, 0);
    assert.ok(!changingCommands(bench.lab).some((c) => /boot system|write|reload/.test(c)));
    const mark = Date.now();
    const second = await bench.run({ journal });
    assert.equal(second.outcome.outcome, 'upgraded', second.outcome.message);
    const copies = changingCommands(bench.lab, mark).filter((c) => /copy /.test(c));
    assert.deepEqual(copies, []);
    assert.ok(second.events.some((e) => e.type === 'step' && e.stepId === 'copy-secondary-asa' && e.status === 'skipped'));
  });

  it('a corrupted transfer is caught by the hash check and nothing is reloaded', async () => {
    bench = await startBench();
    bench.lab.faults.inject({ kind: 'corrupt-transfer', unit: 'secondary', times: 1 });
    const { outcome } = await bench.run({ request: bench.request({ asaMd5: bench.md5(NEW_ASA), asdmMd5: bench.md5(NEW_ASDM) }) });
    assert.equal(outcome.outcome, 'failed');
    assert.match(outcome.message, /does not match the known MD5/);
    assert.match(outcome.pair?.nextSafeAction ?? '', /no unit was reloaded|Fix the cause/);
    assert.equal(bench.lab.history.reloads().length, 0);
    assert.ok(!changingCommands(bench.lab).some((c) => /boot system|write memory|reload/.test(c)));
  });

  it('without a known hash, a corrupted copy on one unit is caught by comparing both units', async () => {
    bench = await startBench();
    bench.lab.faults.inject({ kind: 'corrupt-transfer', unit: 'primary', times: 1 });
    const { outcome } = await bench.run();
    assert.equal(outcome.outcome, 'failed');
    assert.match(outcome.message, /different MD5 on each unit|size/);
    assert.equal(bench.lab.history.reloads().length, 0);
  });

  it('a cancelled upgrade stops at a safe point, says where the pair is, and resumes from there', async () => {
    bench = await startBench();
    const journal = new MemoryJournal();
    const controller = new AbortController();
    const first = await bench.run({
      journal,
      signal: controller.signal,
      pairKey: 'lab',
      onEvent: (e) => {
        if (e.type === 'phase' && e.phase === 'failover-to-secondary' && e.status === 'running') controller.abort();
      },
    });
    assert.equal(first.outcome.outcome, 'cancelled', first.outcome.message);
    assert.equal(first.outcome.pair?.mixedVersions, true);
    assert.match(first.outcome.pair?.nextSafeAction ?? '', /mixed versions: resume the upgrade/);
    assert.equal(bench.lab.units.secondary.version, NEW_VERSION);
    assert.equal(bench.lab.units.primary.version, OLD_VERSION);
    assert.ok(bench.lab.units.primary.isActive);
    const record = unfinished(journal);
    assert.ok(record);
    assert.equal(record.toVersion, NEW_VERSION);

    // A new job that is not a resume refuses the mixed pair and touches nothing.
    const mark = Date.now();
    const fresh = await bench.run();
    assert.equal(fresh.outcome.outcome, 'refused');
    assert.match(fresh.outcome.message, /different versions/);
    assert.deepEqual(changingCommands(bench.lab, mark), []);

    const resumed = await bench.run({ journal, resume: true, request: record.request });
    assert.equal(resumed.outcome.outcome, 'upgraded', resumed.outcome.message);
    assert.equal(bench.lab.units.secondary.reloadCount, 1, 'the upgraded secondary was not reloaded again');
    assert.equal(bench.lab.units.primary.reloadCount, 1);
    assert.deepEqual(changingCommands(bench.lab, mark).filter((c) => /copy /.test(c)), []);
    assertInvariants(bench.lab, { secondaryFirst: true });
    assert.equal(unfinished(journal), undefined);
  });

  it('a unit that comes back on the old image stops the upgrade before any switch-over', async () => {
    bench = await startBench();
    bench.lab.faults.inject({ kind: 'boots-old-version', unit: 'secondary', times: 1 });
    const { outcome } = await bench.run();
    assert.equal(outcome.outcome, 'failed');
    assert.match(outcome.message, /came back on 9\.18\(4\)22, not 9\.20\(2\)/);
    assert.ok(bench.lab.units.primary.isActive);
    assert.ok(!changingCommands(bench.lab).some((c) => /failover active/.test(c)));
    assertInvariants(bench.lab);
  });
});
