import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { JournalInvalidError, OutputPathError } from '../../../src/core/errors';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileJournal, MemoryJournal, requestHasMaskedCredentials, unfinished, type JournalRecord } from '../../../src/core/journal';

function record(over: Partial<JournalRecord> = {}): JournalRecord {
  return {
    format: 1,
    pairKey: '10.0.0.1:22',
    request: { asa: 'ftp://admin:T0pSecret@10.0.0.5/asa9-20-2-smp-k8.bin', asdm: 'http://10.0.0.5/asdm-7201.bin' },
    fromVersion: '9.18(4)22',
    toVersion: '9.20(2)',
    startedAt: 1,
    updatedAt: 1,
    phases: [{ phase: 'download', status: 'done', startedAt: 1, endedAt: 2 }],
    steps: [{ id: 'copy-primary-asa', status: 'done', at: 2 }],
    reloads: [],
    ...over,
  };
}

describe('the job journal', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'journal-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps what was done, but never a URL password', () => {
    const journal = new FileJournal(join(dir, 'sub', 'job.json'));
    journal.save(record());
    const text = readFileSync(join(dir, 'sub', 'job.json'), 'utf8');
    assert.ok(!text.includes('T0pSecret'));
    const back = journal.load()!;
    assert.equal(back.request.asa, 'ftp://admin:*****@10.0.0.5/asa9-20-2-smp-k8.bin');
    assert.deepEqual(back.steps, [{ id: 'copy-primary-asa', status: 'done', at: 2 }]);
    assert.ok(requestHasMaskedCredentials(back.request), 'a resume knows it must ask for the password again');
    assert.ok(!requestHasMaskedCredentials(record().request));
  });

  it('replaces the file atomically and leaves no temporary file behind', () => {
    const path = join(dir, 'job.json');
    const journal = new FileJournal(path);
    for (let i = 0; i < 5; i++) journal.save(record({ updatedAt: i }));
    assert.deepEqual(readdirSync(dir), ['job.json']);
    assert.equal(journal.load()!.updatedAt, 4);
  });

  it('reads a missing journal as none, and refuses a truncated one saying so', () => {
    assert.equal(new FileJournal(join(dir, 'none.json')).load(), undefined);
    writeFileSync(join(dir, 'bad.json'), '{"format":1,"pairKey":');
    assert.throws(() => new FileJournal(join(dir, 'bad.json')).load(), (e: unknown) => {
      assert.ok(e instanceof JournalInvalidError);
      assert.match(e.message, /bad\.json is cut short or damaged/);
      assert.match(e.message, /Check both units/);
      return true;
    });
  });

  it('validates an edited journal against its schema and names the field at fault', () => {
    const cases: Array<[(r: Record<string, unknown>) => void, RegExp]> = [
      [(r) => (r.reloads = 'none'), /reloads is not a list/],
      [(r) => (r.reloads = [{ unit: 'tertiary', issuedAt: 5 }]), /reloads\[0\]\.unit is "tertiary", not one of primary, secondary/],
      [(r) => delete r.steps, /steps is missing/],
      [(r) => ((r.phases as Array<Record<string, unknown>>)[0].status = 'finished'), /phases\[0\]\.status is "finished"/],
      [(r) => (r.startedAt = 'yesterday'), /startedAt is not a time/],
      [(r) => (r.request = { asdm: 'x' }), /request\.asa is missing/],
      [(r) => (r.format = 7), /format is 7, not 1/],
      [(r) => (r.outcome = { outcome: 'won', message: 'x', at: 1 }), /outcome\.outcome is "won"/],
    ];
    for (const [edit, expected] of cases) {
      const r = JSON.parse(JSON.stringify(record())) as Record<string, unknown>;
      edit(r);
      const path = join(dir, 'edited.json');
      writeFileSync(path, JSON.stringify(r));
      assert.throws(() => new FileJournal(path).load(), (e: unknown) => e instanceof JournalInvalidError && expected.test(e.message) && e.message.includes(path), String(expected));
    }
  });

  it('never overwrites an ordinary file that is not a journal', () => {
    const path = join(dir, 'notes.txt');
    writeFileSync(path, 'my notes\n');
    const journal = new FileJournal(path);
    assert.throws(() => journal.check(), (e: unknown) => e instanceof JournalInvalidError && /notes\.txt is not an upgrade journal/.test(e.message));
    assert.throws(() => journal.save(record()), JournalInvalidError);
    writeFileSync(join(dir, 'other.json'), '{"some":"json"}');
    assert.throws(() => new FileJournal(join(dir, 'other.json')).save(record()), JournalInvalidError);
    assert.equal(readFileSync(path, 'utf8'), 'my notes\n');
    assert.equal(readFileSync(join(dir, 'other.json'), 'utf8'), '{"some":"json"}');
  });

  it('refuses a path that is a device, a FIFO, a directory or a symbolic link, and never renames over one', () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const link = join(dir, 'link.json');
    writeFileSync(join(dir, 'target.json'), '');
    symlinkSync(join(dir, 'target.json'), link);
    const cases: Array<[string, RegExp]> = [
      ['/dev/null', /\/dev\/null exists and is a device/],
      [fifo, /exists and is a FIFO/],
      [dir, /exists and is a directory/],
      [link, /exists and is a symbolic link/],
      [join(dir, 'target.json', 'journal.json'), /a part of its path is a file, not a directory/],
    ];
    for (const [path, expected] of cases) {
      for (const attempt of [() => new FileJournal(path).check(), () => new FileJournal(path).save(record()), () => new FileJournal(path).load()]) {
        assert.throws(attempt, (e: unknown) => e instanceof OutputPathError && expected.test(e.message) && !/^E[A-Z]+/.test(e.message), `${path}: ${String(expected)}`);
      }
    }
    assert.ok(lstatSync('/dev/null').isCharacterDevice(), '/dev/null is still the device');
    assert.ok(lstatSync(fifo).isFIFO());
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.deepEqual(readdirSync(dir).sort(), ['fifo', 'link.json', 'target.json'], 'no temporary file left behind');
  });

  it('tells an unfinished job from a finished one', () => {
    const journal = new MemoryJournal();
    assert.equal(unfinished(journal), undefined);
    journal.save(record());
    assert.ok(unfinished(journal));
    journal.finish({ outcome: 'failed', message: 'copy failed for ftp://admin:T0pSecret@10.0.0.5/x' });
    assert.ok(unfinished(journal), 'a failed job can be resumed');
    assert.ok(!JSON.stringify(journal.load()).includes('T0pSecret'));
    journal.finish({ outcome: 'upgraded', message: 'done' });
    assert.equal(unfinished(journal), undefined);
  });
});
