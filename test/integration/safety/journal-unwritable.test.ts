// A journal that cannot be written (disk full, permissions gone mid-run) is said once, with what it costs,
// not after every step (issue 9, "also to fix"). The upgrade itself goes on over real SSH against the lab.

import assert from 'node:assert/strict';
import type { Journal, JournalRecord } from '../../../src/core/journal';
import type { UpgradeOutcome } from '../../../src/core/model';
import { startBench, type Bench } from '../upgrade/support';

class FullDisk implements Journal {
  saves = 0;
  load(): JournalRecord | undefined {
    return undefined;
  }
  save(): void {
    this.saves++;
    throw new Error('The journal /var/lib/x/journal.json cannot be written: the disk is full. Free space or choose another path.');
  }
  finish(_outcome: UpgradeOutcome): void {
    throw new Error('still full');
  }
}

describe('a journal that cannot be written', function () {
  this.timeout(120_000);
  let bench: Bench | undefined;
  afterEach(async () => bench?.stop());

  it('warns once, with the consequence, and the upgrade goes on', async () => {
    bench = await startBench();
    const journal = new FullDisk();
    const { outcome, events } = await bench.run({ journal });
    assert.equal(outcome.outcome, 'upgraded', outcome.message);
    assert.ok(journal.saves > 5, 'the engine kept trying to record every step');
    const warnings = events.filter((e) => e.type === 'log' && /journal/i.test(e.message)).map((e) => (e.type === 'log' ? e.message : ''));
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0], /Could not write the journal: .*disk is full.*The upgrade goes on without a record: if it is interrupted, resume cannot tell which reloads were already sent/);
    assert.match(warnings[0], /This warning is not repeated/);
  });
});
