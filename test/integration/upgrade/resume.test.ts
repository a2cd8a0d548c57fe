import assert from 'node:assert/strict';
import { MemoryJournal, unfinished } from '../../../src/core/journal';
import type { UpgradeEvent } from '../../../src/core/model';
import { assertInvariants, changingCommands, NEW_VERSION, startBench, type Bench } from './support';

/**
 * The engine is cut off (its sessions torn down and the job cancelled, as a crash or a closed window would)
 * at a phase boundary or in the middle of a wait; a resume from the journal must end with the pair upgraded,
 * each unit reloaded exactly once, no image copied twice, and the invariants intact.
 */
describe('resuming an interrupted upgrade', function () {
  this.timeout(120_000);
  let bench: Bench;
  afterEach(async () => bench?.stop());

  const points: Array<[string, (e: UpgradeEvent, seen: UpgradeEvent[]) => boolean]> = [
    ['as the download starts', (e) => e.type === 'phase' && e.phase === 'download' && e.status === 'running'],
    ['in the middle of the copies', (e) => e.type === 'copy' && e.unit === 'secondary' && (e.marks ?? 0) > 3],
    ['as the boot images are set', (e) => e.type === 'phase' && e.phase === 'boot-config' && e.status === 'running'],
    ['right after the secondary\'s reload was sent', (e) => e.type === 'log' && /Reloading the secondary/.test(e.message)],
    ['while the secondary is syncing', (e) => e.type === 'unit' && e.unit.role === 'secondary' && /Sync|Cold|Negotiation/.test(e.unit.state)],
    ['as the switch-over to the secondary starts', (e) => e.type === 'phase' && e.phase === 'failover-to-secondary' && e.status === 'running'],
    ['while the primary is down', (e) => e.type === 'unit' && e.unit.role === 'primary' && e.unit.state !== 'Standby Ready' && e.unit.state !== 'Active'],
    ['as the switch-back starts', (e) => e.type === 'phase' && e.phase === 'failover-to-primary' && e.status === 'running'],
  ];

  for (const [where, cut] of points) {
    it(`cut off ${where}, then resumed: upgraded, each unit reloaded once`, async () => {
      bench = await startBench();
      const journal = new MemoryJournal();
      const connector = bench.connector;
      const controller = new AbortController();
      const seen: UpgradeEvent[] = [];
      let fired = false;
      const first = await bench.run({
        journal,
        pairKey: 'lab',
        connector,
        signal: controller.signal,
        onEvent: (e) => {
          seen.push(e);
          if (!fired && cut(e, seen)) {
            fired = true;
            controller.abort();
            void connector.close();
          }
        },
      });
      assert.ok(fired, `the cut point "${where}" was never reached (outcome ${first.outcome.outcome}: ${first.outcome.message})`);
      assert.notEqual(first.outcome.outcome, 'upgraded');
      assert.ok(first.outcome.pair?.nextSafeAction, 'the stop says what to do next');
      const record = unfinished(journal);
      assert.ok(record, 'the journal shows an unfinished job');

      const mark = Date.now();
      // Copies the job saw complete (its journal records them) are never copied twice. A copy that went on to the
      // end on the unit after the cut is only kept when a hash proves it is the image (never by name and size).
      const completed = new Set((record.copies ?? []).map((c) => `${c.unit} ${c.file}`));
      const second = await bench.run({ journal, resume: true, request: record.request, pairKey: 'lab' });
      assert.equal(second.outcome.outcome, 'upgraded', second.outcome.message);
      assert.equal(bench.lab.units.primary.version, NEW_VERSION);
      assert.equal(bench.lab.units.secondary.version, NEW_VERSION);
      assert.ok(bench.lab.units.primary.isActive);
      assert.equal(bench.lab.units.secondary.reloadCount, 1, 'the secondary was reloaded once');
      assert.equal(bench.lab.units.primary.reloadCount, 1, 'the primary was reloaded once');
      // Only a copy the cut interrupted may run again.
      const recopied = bench.lab.history
        .commandEvents()
        .filter((e) => e.at >= mark && /copy \/noconfirm/.test(e.command ?? ''))
        .map((e) => `${e.unit} ${/disk0:\/(\S+)/.exec(e.command ?? '')?.[1]}`);
      assert.deepEqual(recopied.filter((c) => completed.has(c)), [], `copied again after finishing: ${recopied.join('; ')}`);
      assert.deepEqual(changingCommands(bench.lab, mark).filter((c) => /reload/.test(c)).length <= 2, true);
      assertInvariants(bench.lab, { secondaryFirst: true });
      assert.equal(unfinished(journal), undefined);
    });
  }
});
