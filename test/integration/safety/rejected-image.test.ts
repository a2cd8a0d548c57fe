// Images a unit rejected, and what "already there" means (issue 9, item 2), through the CLI over real SSH:
// - a copy that ends with "%ERROR: Signature not valid for file ..." (lab fault signature-invalid) leaves the
//   file on flash on a real unit: it is deleted from that unit (and the user is told), recorded in the journal
//   as untrusted, the boot configuration is never touched, and the next run copies it again;
// - a file that merely has the image's name (and even its size) is never taken for the image: without a known
//   hash and without a signature the unit can check, it is copied again; with the MD5 given, a file whose MD5
//   differs is copied again and one that matches is kept.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeImageBytes } from '../../../src/lab';
import { userStateDirectory } from '../../../src/core/state-dir';
import { ensureBuilt, runCli } from '../../support/cli-run';
import { NEW_ASA, NEW_ASDM, NEW_VERSION, startCliLab, type CliLab } from '../cli/lab-fixture';
import { NEW_ASA as BENCH_ASA, startBench } from '../upgrade/support';

const SIZES = { asa: 300 * 1024, asdm: 100 * 1024 };

describe('images a unit rejected, and files that only look like the image', function () {
  this.timeout(240_000);
  before(ensureBuilt);
  let t: CliLab | undefined;
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });

  const upgrade = (c: CliLab, extra: string[] = []) =>
    runCli(['upgrade', ...c.connection(), '--asa', c.images.url(NEW_ASA), '--asdm', c.images.url(NEW_ASDM), '--yes', '--poll-ms', '100', ...extra], { env: c.env });
  const commands = (c: CliLab, unit: 'primary' | 'secondary') => c.lab.history.events.filter((e) => e.kind === 'command' && e.unit === unit).map((e) => e.command ?? '');
  const copiesTo = (c: CliLab, unit: 'primary' | 'secondary', file: string) =>
    c.lab.history.events.filter((e) => e.kind === 'copy-start' && e.unit === unit && (e.detail ?? '').endsWith(`disk0:/${file}`)).length;
  const journalOf = (c: CliLab) => {
    const dir = join(userStateDirectory({ HOME: c.home }), 'journals');
    const [name] = readdirSync(dir);
    return JSON.parse(readFileSync(join(dir, name), 'utf8')) as { pairKey: string; untrusted?: Array<{ unit: string; file: string; reason: string; deleted: boolean }> };
  };

  it('a copy the unit rejects is deleted from it, journalled as untrusted, never booted, and copied again next time', async () => {
    t = await startCliLab({}, SIZES);
    t.lab.faults.inject({ kind: 'signature-invalid', unit: 'secondary', command: 'copy', times: 1 });
    const first = await upgrade(t);
    const said = `${first.stdout}\n${first.stderr}`;
    assert.equal(first.code, 1, said);
    assert.match(said, new RegExp(`The secondary rejected ${NEW_ASA.replace(/\./g, '\\.')}: %ERROR: Signature not valid for file disk0:/${NEW_ASA.replace(/\./g, '\\.')}`));
    assert.match(said, /was deleted from the secondary; it is recorded as untrusted and will never be skipped or booted/);
    assert.match(said, /Next safe action: .*A unit rejected asa9-20-2-smp-k8\.bin \(deleted, and recorded as untrusted\)/);
    assert.doesNotMatch(said, /not copied again\)/, 'no promise that the rejected file is kept');
    // On the device: the file is gone from the secondary, the boot configuration untouched, nothing reloaded.
    assert.ok(commands(t, 'secondary').some((c) => c === `delete /noconfirm disk0:/${NEW_ASA}`) || commands(t, 'primary').includes(`failover exec mate delete /noconfirm disk0:/${NEW_ASA}`));
    assert.equal(t.lab.units.secondary.files().has(NEW_ASA), false);
    assert.ok(!commands(t, 'primary').some((c) => /^(conf|boot|clear configure|write)/.test(c)), 'the boot configuration was not touched');
    assert.equal(t.lab.units.secondary.reloadCount + t.lab.units.primary.reloadCount, 0);
    // In the journal (keyed on the serial numbers, in the user's state directory).
    const journal = journalOf(t);
    assert.equal(journal.pairKey, [t.lab.units.primary.serial, t.lab.units.secondary.serial].sort().join('+'));
    assert.deepEqual(
      journal.untrusted?.map((u) => [u.unit, u.file, u.deleted]),
      [['secondary', NEW_ASA, true]],
    );
    assert.match(journal.untrusted![0].reason, /Signature not valid/);

    // The next run copies it again (never "already there"), checks it, and only then boots it.
    const second = await upgrade(t);
    assert.equal(second.code, 0, `${second.stdout}\n${second.stderr}`);
    assert.equal(copiesTo(t, 'secondary', NEW_ASA), 2, 'copied again to the secondary');
    assert.equal(t.lab.units.secondary.version, NEW_VERSION);
    assert.deepEqual(journalOf(t).untrusted ?? [], [], 'a fresh copy that passed every check is trusted again');
  });

  it('a file with the image\'s name and size but other bytes is copied again, never taken by its name', async () => {
    t = await startCliLab({}, SIZES);
    const impostor = Buffer.alloc(SIZES.asa, 0x41);
    t.lab.putFile('primary', NEW_ASA, impostor);
    t.lab.putFile('secondary', NEW_ASA, impostor);
    const r = await upgrade(t);
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(`${r.stdout}${r.stderr}`, /is on the (primary|secondary) but no hash of the source is known/);
    assert.equal(copiesTo(t, 'primary', NEW_ASA), 1);
    assert.equal(copiesTo(t, 'secondary', NEW_ASA), 1);
    const source = makeImageBytes(NEW_ASA, SIZES.asa);
    assert.ok(t.lab.units.primary.readFile(NEW_ASA)!.equals(source));
    assert.ok(t.lab.units.secondary.readFile(NEW_ASA)!.equals(source));
  });

  it('with the MD5 given: a file whose MD5 differs is copied again, one that matches is kept', async () => {
    // The CLI takes no hash flag yet (a published SHA-512 comes with --asa-sha512): the engine over real SSH.
    const bench = await startBench();
    try {
      const source = bench.files.get(BENCH_ASA)!;
      const md5 = createHash('md5').update(source).digest('hex');
      bench.lab.putFile('primary', BENCH_ASA, source);
      bench.lab.putFile('secondary', BENCH_ASA, Buffer.alloc(source.length, 0x42));
      const { outcome, events } = await bench.run({ request: bench.request({ asaMd5: md5, asaBytes: source.length }) });
      assert.equal(outcome.outcome, 'upgraded', outcome.message);
      const logs = events.filter((e) => e.type === 'log').map((e) => (e.type === 'log' ? e.message : ''));
      assert.ok(logs.some((m) => new RegExp(`is on the secondary but its MD5 [0-9a-f]{32} is not the source's ${md5}`).test(m)), logs.join('\n'));
      const copies = (unit: string) => bench.lab.history.events.filter((e) => e.kind === 'copy-start' && e.unit === unit && (e.detail ?? '').endsWith(BENCH_ASA)).length;
      assert.equal(copies('primary'), 0, 'the proven copy on the primary is kept');
      assert.equal(copies('secondary'), 1, 'the wrong one on the secondary is replaced');
      assert.ok(bench.lab.units.secondary.readFile(BENCH_ASA)!.equals(source));
    } finally {
      await bench.stop();
    }
  });
});
