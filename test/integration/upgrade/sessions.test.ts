// Sessions as real units treat them (issue 10 "The waits"): a switch-over or reload leaves sessions to the
// moved address hanging (no FIN, no answer); each unit takes at most 5 SSH sessions. Over real SSH.

import assert from 'node:assert/strict';
import { ConnectError, ConnectionLostError } from '../../../src/core/errors';
import type { LabEvent } from '../../../src/lab';
import { startLab, type LabPair } from '../../../src/lab';
import { connectToLab, type LabConnection } from '../../support/lab-connector';
import { readPairStatus } from '../../../src/core/status';
import { assertInvariants, NEW_VERSION, OLD_VERSION, startBench, type Bench } from './support';

/** The most sessions of ours a unit held at once, from the lab's history (a hanging one stops being ours). */
function mostSessionsAtOnce(events: readonly LabEvent[], unit: 'primary' | 'secondary'): number {
  let open = 0;
  let most = 0;
  for (const e of events) {
    if (e.unit !== unit) continue;
    if (e.kind === 'session-open') most = Math.max(most, ++open);
    else if (e.kind === 'session-close' || e.kind === 'session-drop' || e.kind === 'session-stranded') open = Math.max(0, open - 1);
  }
  return most;
}

describe('sessions left hanging by switch-overs and reloads, and the session budget', function () {
  this.timeout(120_000);
  let lab: LabPair | undefined;
  let connection: LabConnection | undefined;
  let bench: Bench | undefined;
  afterEach(async () => {
    await connection?.close();
    await lab?.stop();
    await bench?.stop();
    lab = undefined;
    connection = undefined;
    bench = undefined;
  });

  it('a session stranded by a switch-over is detected within 20 s, and the next one reaches the unit now behind the address', async () => {
    lab = await startLab({ reloadSeconds: 2, failoverSeconds: 0.3 });
    connection = connectToLab(lab);
    const { connector } = connection;
    const standby = await connector.connect('standby');
    assert.equal((await standby.showFailover()).thisHost?.role, 'secondary');
    const active = await connector.connect('active', { dedicated: true });
    await active.noFailoverActive({ timeoutMs: 5000 }).catch(() => undefined);
    await lab.waitFor((l) => l.history.sessions('secondary').some((e) => e.kind === 'session-stranded'), 5000, 'the standby session stranded');
    const started = Date.now();
    // A long command limit: only the detection of the hanging session can end this early.
    await assert.rejects(standby.showFailover({ timeoutMs: 90_000 }), (e: unknown) => e instanceof ConnectionLostError);
    const detectedMs = Date.now() - started;
    assert.ok(detectedMs < 20_000, `detected after ${detectedMs} ms`);
    const fresh = await connector.connect('standby');
    assert.notEqual(fresh, standby);
    assert.equal((await fresh.showFailover()).thisHost?.role, 'primary', 'the standby address now reaches the primary');
  });

  it('the engine keeps at most 3 sessions per unit address, below the unit\'s 5', async () => {
    lab = await startLab({ reloadSeconds: 2 });
    connection = connectToLab(lab);
    const { connector } = connection;
    await connector.connect('active');
    await connector.connect('active', { dedicated: true });
    await connector.connect('active', { dedicated: true });
    await assert.rejects(connector.connect('active', { dedicated: true }), (e: unknown) => e instanceof ConnectError && /3 of ours are open there already \(an ASA allows 5 per context/.test(e.message));
    assert.equal(lab.history.sessions('primary').filter((e) => e.kind === 'session-open').length, 3, 'the 4th was never opened on the unit');
  });

  it('an upgrade never waits on a hanging session and never holds more than 3 sessions on a unit', async () => {
    bench = await startBench();
    // The engine's default per-command limits (30 s for polls): a poll stuck on a hanging session would show.
    const { outcome, events } = await bench.run({ options: { pollIntervalMs: 100, reloadTimeoutMs: 60_000, failoverTimeoutMs: 30_000, copyTimeoutMs: 30_000 } });
    assert.equal(outcome.outcome, 'upgraded', outcome.message);
    const history = bench.lab.history.events;
    assert.ok(history.filter((e) => e.kind === 'session-stranded').length >= 4, 'the lab left sessions hanging at each switch-over');
    assert.equal(history.filter((e) => e.kind === 'session-refused').length, 0);
    for (const unit of ['primary', 'secondary'] as const) {
      const most = mostSessionsAtOnce(history, unit);
      assert.ok(most <= 3, `the ${unit} held ${most} of our sessions at once`);
    }
    const spans = new Map<string, number>();
    for (const e of events) if (e.type === 'phase' && e.status === 'running') spans.set(e.phase, e.at);
    for (const e of events) {
      if (e.type !== 'phase' || e.status !== 'done' || !/reload|failover/.test(e.phase)) continue;
      const took = e.at - spans.get(e.phase)!;
      // A reload takes 2 s in this lab and a switch-over 0.3 s; one poll stuck on a hanging session takes 10-30 s.
      assert.ok(took < 9_000, `${e.phase} took ${took} ms`);
    }
    assertInvariants(bench.lab, { secondaryFirst: true });
  });
  it('a pair read again after an upgrade by another connector left its pooled sessions hanging reads over fresh sessions, not "closed"', async () => {
    bench = await startBench();
    // The editor's refresh connector: its pooled sessions are open before the upgrade (which has its own).
    connection = connectToLab(bench.lab);
    const refresh = connection.connector;
    const before = await readPairStatus(refresh);
    assert.ok(before.units.every((u) => u.version === OLD_VERSION), JSON.stringify(before.units));
    const pooled = await refresh.connect('active');
    const { outcome } = await bench.run({ options: { pollIntervalMs: 100, reloadTimeoutMs: 60_000, failoverTimeoutMs: 30_000, copyTimeoutMs: 30_000 } });
    assert.equal(outcome.outcome, 'upgraded', outcome.message);
    // The reloads and switch-overs left the pooled session hanging (real units send no FIN): it still looks
    // open, so the read goes out on it and the keepalive ends it; the read is done again on a fresh session.
    assert.ok(pooled.isOpen, 'the pooled session was already found closed: this test would not exercise a stale session');
    const after = await readPairStatus(refresh);
    assert.ok(after.units.every((u) => u.version === NEW_VERSION), `read again: ${JSON.stringify(after.units)}`);
    assert.equal(after.units.find((u) => u.isActive)?.role, 'primary');
    assert.notEqual(await refresh.connect('active'), pooled, 'the closed session was dropped');
  });
});
