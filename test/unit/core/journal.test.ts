import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

  it('reads a missing or damaged journal as none', () => {
    assert.equal(new FileJournal(join(dir, 'none.json')).load(), undefined);
    writeFileSync(join(dir, 'bad.json'), '{"format":1,"pairKey":');
    assert.equal(new FileJournal(join(dir, 'bad.json')).load(), undefined);
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
