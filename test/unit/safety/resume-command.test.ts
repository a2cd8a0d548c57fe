// `asa-upgrade resume` and the journal rules of `upgrade`, on the paths decided before any connection: which
// journal, whose pair, whether there is anything to resume, which URLs may be given again.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { requestForResume } from '../../../src/cli/commands/resume';
import { defaultJournalPath, pairKeyOf } from '../../../src/cli/commands/upgrade';
import { InvalidInputError } from '../../../src/core/errors';
import { JOURNAL_FORMAT, type JournalRecord } from '../../../src/core/journal';
import { USAGE } from '../../../src/cli/usage';
import { userStateDirectory } from '../../../src/core/state-dir';

class Sink {
  text = '';
  isTTY = false;
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

async function run(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  const out = new Sink();
  const err = new Sink();
  const code = await main(argv, { out: out as unknown as NodeJS.WriteStream, err: err as unknown as NodeJS.WriteStream, env });
  return { code, out: out.text, err: err.text };
}

function record(over: Partial<JournalRecord> = {}): JournalRecord {
  return {
    format: JOURNAL_FORMAT,
    pairKey: '192.0.2.1:22',
    request: { asa: 'ftp://u:*****@192.0.2.9/asa9-20-2-smp-k8.bin', asdm: 'http://192.0.2.9/asdm-7201.bin' },
    fromVersion: '9.18(4)22',
    toVersion: '9.20(2)',
    startedAt: Date.parse('2026-11-25T10:00:00Z'),
    updatedAt: Date.parse('2026-11-25T10:05:00Z'),
    phases: [{ phase: 'reload-secondary', status: 'running', startedAt: Date.parse('2026-11-25T10:04:00Z') }],
    steps: [],
    reloads: [{ unit: 'secondary', issuedAt: Date.parse('2026-11-25T10:04:30Z') }],
    ...over,
  };
}

describe('asa-upgrade resume (before connecting)', () => {
  let dir: string;
  // A connection that must never be opened: these paths decide before connecting.
  const conn = ['--active', '192.0.2.1', '--username', 'admin', '--known-hosts', '/nonexistent/known_hosts'];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'resume-cmd-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is listed in the help with its journal default', () => {
    assert.match(USAGE, /asa-upgrade resume {2}CONNECTION \[--journal FILE\]/);
    assert.match(USAGE, /STATE\/journals\/SERIAL1\+SERIAL2\.json/);
    assert.match(USAGE, /~\/\.local\/state\/asa-upgrade/);
  });

  it('refuses (exit 2) when there is no journal, naming the file', async () => {
    const r = await run(['resume', ...conn, '--journal', join(dir, 'none.json')]);
    assert.equal(r.code, 2);
    assert.match(r.err, /no upgrade journal at .*none\.json/);
  });

  it('refuses a damaged journal naming the field, before connecting', async () => {
    const path = join(dir, 'j.json');
    writeFileSync(path, JSON.stringify({ ...record(), reloads: 'none' }));
    const r = await run(['resume', ...conn, '--journal', path]);
    assert.equal(r.code, 2);
    assert.match(r.err, /j\.json is damaged or was edited: reloads is not a list/);
    assert.doesNotMatch(r.err, /Unexpected error|is not a function/);
  });

  it('has nothing to do for a finished job (exit 0) and says so', async () => {
    const path = join(dir, 'j.json');
    writeFileSync(path, JSON.stringify(record({ outcome: { outcome: 'upgraded', message: 'Upgraded the pair.', at: Date.now() } })));
    const r = await run(['resume', ...conn, '--journal', path]);
    assert.equal(r.code, 0);
    assert.match(r.out, /Nothing to resume/);
  });

  it('without --yes and without a terminal, describes the job and changes nothing (exit 2)', async function () {
    // On a terminal the CLI would ask the question; this checks the no-terminal answer.
    if (process.stdin.isTTY) this.skip();
    const path = join(dir, 'j.json');
    writeFileSync(path, JSON.stringify(record()));
    const r = await run(['resume', ...conn, '--journal', path]);
    assert.equal(r.code, 2);
    assert.match(r.out, /Resuming the upgrade of 192\.0\.2\.1:22 from 9\.18\(4\)22 to 9\.20\(2\)/);
    assert.match(r.out, /Reloads already sent: secondary at 2026-11-25T10:04:30\.000Z/);
    assert.match(r.out, /give the URL again with --asa/);
    assert.match(r.out, /Not confirmed: nothing was changed/);
  });

  it('upgrade refuses to start over a job that was cut off, and points to resume', async () => {
    const path = join(dir, 'j.json');
    writeFileSync(path, JSON.stringify(record()));
    const before = readFileSync(path, 'utf8');
    const r = await run(['upgrade', ...conn, '--asa', 'http://192.0.2.9/asa9-20-2-smp-k8.bin', '--journal', path, '--yes']);
    assert.equal(r.code, 2);
    assert.match(r.err, /was interrupted .*\n.*asa-upgrade resume --journal/);
    assert.equal(readFileSync(path, 'utf8'), before, 'the journal is left as it was');
  });

  it('--poll-ms is checked', async () => {
    const r = await run(['resume', ...conn, '--journal', join(dir, 'x.json'), '--poll-ms', '5']);
    assert.equal(r.code, 2);
    assert.match(r.err, /--poll-ms must be/);
  });
});

describe('requestForResume and the journal path', () => {
  const saved = { asa: 'ftp://u:*****@192.0.2.9/asa9-20-2-smp-k8.bin', asdm: 'http://192.0.2.9/asdm-7201.bin', asaMd5: '0123456789abcdef0123456789abcdef' };

  it('takes the URL again (with its password) for the same image, from any server', () => {
    const r = requestForResume(saved, { asa: 'ftp://u:secret@192.0.2.10/other/asa9-20-2-smp-k8.bin' });
    assert.equal(r.asa, 'ftp://u:secret@192.0.2.10/other/asa9-20-2-smp-k8.bin');
    assert.equal(r.asdm, saved.asdm);
    assert.equal(r.asaMd5, saved.asaMd5);
  });

  it('refuses another image, an ASDM the job did not change, and invalid input', () => {
    assert.throws(() => requestForResume(saved, { asa: 'ftp://u:p@192.0.2.10/asa9-22-1-smp-k8.bin' }), /installs asa9-20-2-smp-k8\.bin/);
    assert.throws(() => requestForResume({ asa: saved.asa }, { asdm: 'http://h/asdm-7201.bin' }), /did not change the ASDM/);
    assert.throws(() => requestForResume(saved, { asa: 'http://h/asa9-20-2-smp-k8.bin\nreload' }), InvalidInputError);
  });

  it('names journals after the pair, inside the journals folder', () => {
    assert.equal(pairKeyOf('10.0.0.1'), '10.0.0.1:22');
    assert.equal(pairKeyOf('[2001:db8::1]:2222'), '[2001:db8::1]:2222');
    assert.equal(defaultJournalPath('JAF1610ALGM+JAF1610APKQ', { HOME: '/h', TMPDIR: '/t' }), join(userStateDirectory({ HOME: '/h' }), 'journals', 'JAF1610ALGM+JAF1610APKQ.json'));
    assert.equal(defaultJournalPath('../x', { HOME: '/h' }), join(userStateDirectory({ HOME: '/h' }), 'journals', '.._x.json'));
  });
});
