// While a unit copies an image, the engine reports real byte counts read from the destination's size on
// flash (over a second session), with the image's total known before the copy ends; the CLI shows them
// as percentages.

import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import type { UnitRole } from '../../../src/core/facts';
import type { UpgradeEvent } from '../../../src/core/model';
import { Redactor } from '../../../src/core/redact';
import { planConfirmAndRun } from '../../../src/cli/commands/upgrade';
import { makeImageBytes } from '../../../src/lab';
import { NEW_ASA, NEW_ASDM, SIZES, startBench, type Bench } from './support';

type CopyEvent = Extract<UpgradeEvent, { type: 'copy' }>;

const RATE = 1024 * 1024; // 3 MB of ASA image: about three seconds per unit
const OPTIONS = { pollIntervalMs: 100, reloadTimeoutMs: 30_000, failoverTimeoutMs: 10_000, copyTimeoutMs: 30_000 };

function copies(events: UpgradeEvent[], unit: UnitRole, file: string): CopyEvent[] {
  return events.filter((e): e is CopyEvent => e.type === 'copy' && e.unit === unit && e.file === file);
}

/** Byte counts seen strictly between the start and the end of the copy, in order. */
function midway(events: CopyEvent[], total: number): number[] {
  const values = events.map((e) => e.bytes).filter((b) => b > 0 && b < total);
  return values.filter((b, i) => i === 0 || b !== values[i - 1]);
}

describe('copy progress in real bytes', function () {
  this.timeout(120_000);
  let bench: Bench;
  afterEach(async () => bench?.stop());

  it('emits growing byte counts with the total, for each unit, before each copy ends', async () => {
    bench = await startBench({ copyBytesPerSecond: RATE });
    const { outcome, events } = await bench.run({ request: bench.request({ downloadOnly: true, asaBytes: SIZES.asa, asdmBytes: SIZES.asdm }), options: OPTIONS });
    assert.equal(outcome.outcome, 'downloaded', outcome.message);
    for (const unit of ['primary', 'secondary'] as const) {
      const asa = copies(events, unit, NEW_ASA);
      assert.ok(asa.every((e) => e.totalBytes === SIZES.asa), `every event carries the total: ${JSON.stringify(asa.map((e) => e.totalBytes))}`);
      const seen = midway(asa, SIZES.asa);
      assert.ok(seen.length >= 2, `the ${unit} reported several sizes while copying: ${seen.join(', ')}`);
      assert.deepEqual([...seen].sort((a, b) => a - b), seen, 'the byte counts only grow');
      const end = asa.findIndex((e) => e.bytes === SIZES.asa);
      assert.ok(end > 0 && asa.slice(0, end).some((e) => e.bytes > 0), 'bytes were known before the copy ended');
      assert.deepEqual(
        asa.slice(end).map((e) => e.bytes),
        [SIZES.asa],
        'the last event is the whole image',
      );
      assert.equal(bench.lab.units[unit].files().get(NEW_ASA), SIZES.asa);
    }
    // The sizes were read with `dir disk0:/FILE` over sessions of their own, not on the one running the copy.
    const listed = bench.lab.history.commands('secondary').filter((c) => c === `dir disk0:/${NEW_ASA}`);
    assert.ok(listed.length >= 2, 'the secondary was asked for the file size');
  });

  it('through failover exec mate, reads the mate\'s file with failover exec mate dir', async () => {
    bench = await startBench({ copyBytesPerSecond: RATE });
    const { outcome, events } = await bench.run({
      connector: bench.mateConnector(),
      request: bench.request({ downloadOnly: true, asaBytes: SIZES.asa, asdmBytes: SIZES.asdm }),
      options: OPTIONS,
    });
    assert.equal(outcome.outcome, 'downloaded', outcome.message);
    assert.ok(bench.lab.history.commands('secondary', 'mate').includes(`dir disk0:/${NEW_ASA}`), 'the size came through failover exec mate');
    const seen = midway(copies(events, 'secondary', NEW_ASA), SIZES.asa);
    assert.ok(seen.length >= 2, `the secondary's copy showed progress: ${seen.join(', ')}`);
  });

  it('a partial file left by an earlier copy is copied again, and its old size is not reported as progress', async () => {
    bench = await startBench({ copyBytesPerSecond: RATE });
    // Not a multiple of the lab's write chunk, so the growing copy never passes through this size.
    const partial = 1024 * 1024 + 12_345;
    bench.lab.putFile('secondary', NEW_ASA, makeImageBytes(NEW_ASA, SIZES.asa).subarray(0, partial));
    const { outcome, events } = await bench.run({ request: bench.request({ downloadOnly: true, asaBytes: SIZES.asa, asdmBytes: SIZES.asdm }), options: OPTIONS });
    assert.equal(outcome.outcome, 'downloaded', outcome.message);
    assert.ok(!events.some((e) => e.type === 'step' && e.stepId === 'copy-secondary-asa' && e.status === 'skipped'), 'the partial file was not taken for the image');
    assert.equal(bench.lab.units.secondary.files().get(NEW_ASA), SIZES.asa);
    assert.deepEqual(bench.lab.units.secondary.readFile(NEW_ASA), bench.files.get(NEW_ASA));
    const reported = copies(events, 'secondary', NEW_ASA).map((e) => e.bytes);
    assert.ok(!reported.includes(partial), `the stale size was not shown as progress: ${reported.join(', ')}`);
  });

  it('the CLI learns the sizes from the image server and its live view shows percentages', async () => {
    bench = await startBench({ copyBytesPerSecond: RATE });
    const out = new PassThrough();
    let text = '';
    out.on('data', (d: Buffer) => (text += d.toString()));
    const io = { out: out as unknown as NodeJS.WriteStream, err: out as unknown as NodeJS.WriteStream, env: {} };
    const events: UpgradeEvent[] = [];
    const code = await planConfirmAndRun({
      connector: bench.connector,
      redactor: new Redactor(),
      request: bench.request({ downloadOnly: true }),
      yes: true,
      options: OPTIONS,
      io,
      onEvent: (e) => events.push(e),
    });
    assert.equal(code, 0, text);
    assert.ok(copies(events, 'primary', NEW_ASDM).every((e) => e.totalBytes === SIZES.asdm), 'the ASDM size came from the server');
    const lines = text.split('\n').filter((l) => l.includes(NEW_ASA) && /\(\d+%\)/.test(l));
    assert.ok(lines.length >= 2, `the live view printed percentages:\n${text}`);
    assert.match(lines[0], /^ {4}(primary|secondary): asa9-20-2-smp-k8\.bin \d+(\.\d+)? [KM]i?B of 3(\.\d+)? Mi?B \(\d+%\)$/);
    assert.match(text, /asa9-20-2-smp-k8\.bin .* copied/);
  });
});
