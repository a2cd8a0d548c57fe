import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PairLock } from '../../../src/core/pair-lock';
import { asaDialect } from '../../../src/asa/commands';
import { runUpgrade } from '../../../src/core/upgrade';
import { changingCommands, NEW_ASA, startBench, type Bench } from './support';

/** Each refusal: outcome refused, a message naming the problem, and no changing command in the lab's history. */
describe('an upgrade refused by a precondition touches nothing', function () {
  this.timeout(60_000);
  let bench: Bench;
  afterEach(async () => bench?.stop());

  async function expectRefusal(message: RegExp, over: Parameters<Bench['run']>[0] = {}, since = 0): Promise<void> {
    const { outcome } = await bench.run(over);
    assert.equal(outcome.outcome, 'refused', outcome.message);
    assert.match(outcome.message, message);
    assert.deepEqual(changingCommands(bench.lab, since), []);
  }

  it('when the primary is not the active unit', async () => {
    bench = await startBench();
    const session = await bench.connector.connect('active');
    await session.noFailoverActive();
    await bench.lab.waitFor((l) => l.units.secondary.state === 'Active' && l.units.primary.state === 'Standby Ready', 10_000, 'the switch-over');
    const mark = Date.now();
    await expectRefusal(/The primary unit is not the active unit/, {}, mark);
  });

  it('when the standby is not Standby Ready', async () => {
    bench = await startBench({ reloadSeconds: 20 });
    const session = await bench.connector.connect('active');
    await session.reloadStandby();
    await bench.lab.waitFor((l) => l.units.secondary.state !== 'Standby Ready', 10_000, 'the secondary to go down');
    const mark = Date.now();
    await expectRefusal(/The secondary \(standby\) is ".*", not Standby Ready/, {}, mark);
  });

  it('when a unit has not enough flash for the images', async () => {
    bench = await startBench({ flashTotalBytes: 4 * 1024 * 1024 });
    await expectRefusal(/has \d+ bytes free on flash but needs/, { request: bench.request({ asaBytes: 3 * 1024 * 1024 + 17 }) });
  });

  it('when the image is not an ASA image, before connecting', async () => {
    bench = await startBench();
    await expectRefusal(/not an ASA image file name/, { request: bench.request({ asa: bench.images.url('asdm-7201.bin').replace('asdm-7201.bin', 'firmware.bin') }) });
    assert.deepEqual(bench.lab.history.commands(), []);
  });

  it('when the image is not newer than what the pair runs', async () => {
    bench = await startBench();
    await expectRefusal(/already runs 9\.18\(4\)22/, { request: bench.request({ asa: bench.images.url(NEW_ASA).replace(NEW_ASA, 'asa9-18-4-22-smp-k8.bin'), asdm: undefined }) });
  });

  it('when another job holds the pair', async () => {
    bench = await startBench();
    const dir = mkdtempSync(join(tmpdir(), 'lock-it-'));
    // Keyed on what the pair reports (both serial numbers), not on an address.
    const serials = [bench.lab.units.primary.serial, bench.lab.units.secondary.serial];
    const held = PairLock.acquire({ pairKey: [...serials].sort().join('+'), owner: 'another window', directory: dir });
    held.setPhase('reloading the secondary');
    try {
      const outcome = await runUpgrade({ connector: bench.connector, dialect: asaDialect, request: bench.request(), lock: { directory: dir, owner: 'test' } });
      assert.equal(outcome.outcome, 'refused');
      assert.match(outcome.message, new RegExp(`Another upgrade job is already running on the pair with serial numbers ${serials[0]} \\(primary\\) and ${serials[1]} \\(secondary\\) \\(another window, process ${process.pid} .*now reloading the secondary`));
      assert.deepEqual(changingCommands(bench.lab), []);
    } finally {
      held.release();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
