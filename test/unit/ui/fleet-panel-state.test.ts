// "Upgrade Pairs..." without VS Code: the image question per platform family, the fleet plan as the modal
// shows it (refused pairs one reason a line, no backticks), and the fleet panel's table folded from events.

import assert from 'node:assert/strict';
import type { FleetPlanEntry } from '../../../src/core/fleet/plan';
import type { PairStatus, UpgradePlan } from '../../../src/core/model';
import { Redactor } from '../../../src/core/redact';
import { familyGroups } from '../../../src/ui/fleet-families';
import { fleetPlanText } from '../../../src/ui/fleet-plan-text';
import { fleetFinished, newFleetState, pairEnded, pairEvent, pairStarted, rolloutText } from '../../../src/ui/fleet-state';

function status(model: string | undefined): PairStatus {
  const unit = (role: 'primary' | 'secondary') => ({ role, state: role === 'primary' ? 'Active' : 'Standby Ready', isActive: role === 'primary', version: '9.18(4)', ...(model ? { model } : {}) });
  return { failoverEnabled: true, units: [unit('primary'), unit('secondary')], readAt: 0 } as PairStatus;
}

function entry(name: string, extra: Partial<FleetPlanEntry> = {}): FleetPlanEntry {
  return { pair: { name, groups: [], active: `${name}.example:22`, username: 'admin', passwordEnv: '', enablePasswordEnv: '' }, request: { asa: 'http://s/asa9-20-2-smp-k8.bin', downloadOnly: false }, resume: false, ...extra };
}

const plan = (steps: number): UpgradePlan =>
  ({ fromVersion: '9.18(4)', toVersion: '9.20(2)', downloadOnly: false, asaImage: {}, steps: Array.from({ length: steps }, (_, i) => ({ phase: 'download', title: `s${i}`, commands: [], unit: 'primary', address: 'active' })) }) as unknown as UpgradePlan;

describe('Upgrade Pairs (editor) without VS Code', () => {
  const redactor = new Redactor();

  it('asks one ASA image per platform family: ASAv and 5525-X share smp images, a 5516-X needs lfbff, an unknown model asks alone', () => {
    const groups = familyGroups([
      { name: 'a', status: status('ASAv') },
      { name: 'b', status: status('ASA5516') },
      { name: 'c', status: status('ASA5525') },
      { name: 'd', status: status(undefined) },
    ]);
    assert.deepEqual(
      groups.map((g) => [g.key, g.pairs]),
      [
        ['smp', ['a', 'c']],
        ['lfbff', ['b']],
        ['unknown', ['d']],
      ],
    );
    assert.match(groups[0].title, /ASAv/);
    assert.match(groups[0].title, /5525/);
  });

  it('shows every refused pair with its reasons one a line, without backticks, and offers no upgrade', () => {
    const text = fleetPlanText(
      [entry('fw-1', { plan: plan(3) }), entry('fw-2', { problem: 'The upgrade cannot start; nothing was changed on the pair:\n- `show failover` says failover is off.\n- Free space on disk0: is too small.' })],
      rolloutText({ concurrency: 2, canary: 1, continueOnFailure: false }, 2),
      (s) => s,
    );
    assert.equal(text.refused, true);
    assert.match(text.detail, /1 of 2 pairs cannot be upgraded, so no pair starts/);
    assert.match(text.detail, /^• fw-2: "show failover" says failover is off\.$/m);
    assert.match(text.detail, /^ {4}Free space on disk0: is too small\.$/m);
    assert.doesNotMatch(text.detail, /`/);
    assert.match(text.detail, /Held back although they could start: fw-1/);
  });

  it('lists each pair with its versions and steps when every pair passed', () => {
    const text = fleetPlanText(
      [entry('fw-1', { plan: plan(3) }), entry('fw-2', { done: 'upgraded', doneNote: 'already runs 9.20(2)' })],
      rolloutText({ concurrency: 2, canary: 1, continueOnFailure: false }, 1),
      (s) => s,
    );
    assert.equal(text.refused, false);
    assert.equal(text.message, 'Upgrade 1 of 2 pairs?');
    assert.match(text.detail, /1 canary pair first and alone, then 2 at a time; stop on a failure or regression/);
    assert.match(text.detail, /^1\. fw-1: ASA 9\.18\(4\) → 9\.20\(2\), 3 steps to run$/m);
    assert.match(text.detail, /^2\. fw-2: nothing to do \(already runs 9\.20\(2\)\)$/m);
  });

  it('folds the events into a table of pairs by phase: canary running while the other waits, then both ended', () => {
    const t = newFleetState('Upgrade of 2 pairs', 'r', [
      { name: 'a', phases: ['preconditions', 'download', 'reload-primary'] },
      { name: 'b', phases: ['preconditions', 'download', 'reload-primary'] },
    ]);
    pairStarted(t, 'a', 'canary');
    pairEvent(t, 'a', { type: 'phase', at: 1, phase: 'download', status: 'running' }, redactor);
    pairEvent(t, 'a', { type: 'copy', at: 2, unit: 'primary', file: 'x', bytes: 50, totalBytes: 200 }, redactor);
    assert.deepEqual(
      t.rows.map((r) => [r.name, r.status, r.current, r.copyPercent, r.phases.download]),
      [
        ['a', 'running', 'copy', 25, 'running'],
        ['b', 'waiting', undefined, undefined, 'pending'],
      ],
    );
    pairEnded(t, 'a', 'failed', 'copy failed', redactor);
    assert.equal(t.rows[0].phases.download, 'failed');
    fleetFinished(t, ['b'], redactor, 'canary a ended failed: copy failed');
    assert.equal(t.rows[1].status, 'not-started');
    assert.match(t.rows[1].message ?? '', /fleet stopped \(canary a ended failed/);
    assert.equal(t.summary, '1 failed, 1 not started');
    assert.equal(t.running, false);
  });

  it('redacts secrets on their way into the table', () => {
    const r = new Redactor();
    r.add('s3cret-pw');
    const t = newFleetState('t', 'r', [{ name: 'a', phases: ['download'] }]);
    pairStarted(t, 'a', 'wave');
    pairEvent(t, 'a', { type: 'phase', at: 1, phase: 'download', status: 'failed', message: 'login with s3cret-pw refused' }, r);
    pairEnded(t, 'a', 'failed', 'stopped: s3cret-pw', r);
    assert.doesNotMatch(JSON.stringify(t), /s3cret-pw/);
  });
});
