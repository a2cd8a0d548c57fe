// The progress panel's state as the engine's events fold into it: a copy's rate and time left, a cancelled
// phase shown as cancelled (not failed), and the gist of each answer in the panel's last log lines.

import assert from 'node:assert/strict';
import { Redactor } from '../../../src/core/redact';
import { answerGist, applyEvent, finish, newProgressState } from '../../../src/ui/progress-state';

describe('the progress panel state', () => {
  const redactor = new Redactor();

  it('gives a copy its rate and time left once a second of it has passed', () => {
    const s = newProgressState('P', 'upgrade', 'h');
    applyEvent(s, { type: 'copy', at: 1000, unit: 'primary', file: 'asa.bin', bytes: 0, totalBytes: 4_000_000 }, redactor);
    applyEvent(s, { type: 'copy', at: 3000, unit: 'primary', file: 'asa.bin', bytes: 1_000_000, totalBytes: 4_000_000 }, redactor);
    const c = s.copies[0];
    assert.equal(c.rate, 500_000);
    assert.equal(c.secondsLeft, 6);
  });

  it('shows the phase a Cancel stopped as cancelled, not failed', () => {
    const s = newProgressState('P', 'upgrade', 'h');
    const message = 'Cancelled while reloading the secondary; the engine stopped at a safe point and sent nothing more.';
    applyEvent(s, { type: 'phase', at: 1, phase: 'reload-secondary', status: 'running' }, redactor);
    applyEvent(s, { type: 'phase', at: 2, phase: 'reload-secondary', status: 'failed', message }, redactor);
    finish(s, { outcome: 'cancelled', message }, redactor);
    assert.equal(s.phases.find((p) => p.id === 'reload-secondary')?.status, 'cancelled');
    assert.ok(!s.phases.some((p) => p.status === 'failed'));
  });

  it('keeps a real failure as failed', () => {
    const s = newProgressState('P', 'upgrade', 'h');
    applyEvent(s, { type: 'phase', at: 1, phase: 'download', status: 'failed', message: 'copy failed' }, redactor);
    finish(s, { outcome: 'failed', message: 'Stopped while copying: copy failed' }, redactor);
    assert.equal(s.phases.find((p) => p.id === 'download')?.status, 'failed');
  });

  it('sums an answer up in one line: an error, a result, or its first line and how many follow', () => {
    assert.equal(answerGist('dir disk0:/x.bin', 'dir disk0:/x.bin\n%Error opening disk0:/x.bin (No such file or directory)\n'), '%Error opening disk0:/x.bin (No such file or directory)');
    assert.equal(answerGist('copy /noconfirm http://h/a disk0:/a', 'Accessing http://h/a...!!!!\nWriting file disk0:/a...\n4194304 bytes copied in 3.20 secs'), '4194304 bytes copied in 3.20 secs');
    assert.equal(answerGist('show failover', 'Failover On\nFailover unit Primary\nXmit Q: 0 27 86'), 'Failover On (+2 lines)');
    assert.equal(answerGist('enable', ''), undefined);
  });
});
