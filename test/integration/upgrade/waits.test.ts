// The waits against what real units do (issue 10 "The waits", issue 9 item 3), over real SSH against the lab.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPairConnector, KnownHostsFile } from '../../../src/asa';
import { asaDialect } from '../../../src/asa/commands';
import type { UpgradeEvent } from '../../../src/core/model';
import { readPairStatus } from '../../../src/core/status';
import { runUpgrade } from '../../../src/core/upgrade';
import { formatStatus } from '../../../src/cli/format';
import { assertInvariants, NEW_VERSION, OLD_VERSION, startBench, type Bench } from './support';

const logs = (events: UpgradeEvent[]): string[] => events.flatMap((e) => (e.type === 'log' ? [e.message] : []));

/** A 127.0.0.1 port nobody listens on: connections to it are refused, as to an address not reachable from here. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('the waits, as real units behave', function () {
  this.timeout(180_000);
  let bench: Bench | undefined;
  afterEach(async () => {
    await bench?.stop();
    bench = undefined;
  });

  it('a firmware update reboot is one reload: no second reload is sent, and the progress says what is under way', async () => {
    // Long enough reloads that the unit is seen up between its two boots.
    bench = await startBench({ reloadSeconds: 5 });
    bench.lab.faults.inject({ kind: 'firmware-double-boot', unit: 'secondary' });
    const { outcome, events } = await bench.run({ options: { pollIntervalMs: 100, reloadTimeoutMs: 60_000, failoverTimeoutMs: 20_000, copyTimeoutMs: 30_000 } });
    assert.equal(outcome.outcome, 'upgraded', outcome.message);
    const lab = bench.lab;
    assert.ok(lab.history.events.some((e) => e.kind === 'reboot' && e.unit === 'secondary'), 'the lab rebooted the secondary a second time');
    assert.ok(lab.units.secondary.files().has('firmware_update.log'));
    assert.deepEqual(lab.history.reloads().map((r) => r.unit), ['secondary', 'primary'], 'one reload per unit');
    assert.equal(lab.units.secondary.reloadCount, 1);
    const said = logs(events);
    assert.ok(said.some((m) => /firmware update reboot/.test(m) && /nothing is sent/.test(m)), said.join('\n'));
    assertInvariants(lab, { secondaryFirst: true });
  });

  it('a unit that goes from Sync Config to Failed stops the upgrade at once, with the state, the time spent and the next safe action', async () => {
    bench = await startBench({ reloadSeconds: 3 });
    bench.lab.faults.inject({ kind: 'sync-then-failed', unit: 'secondary', delayMs: 1500 });
    const started = Date.now();
    const { outcome } = await bench.run({ options: { pollIntervalMs: 100, reloadTimeoutMs: 120_000, failoverTimeoutMs: 20_000, copyTimeoutMs: 30_000 } });
    const spent = Date.now() - started;
    assert.equal(outcome.outcome, 'failed', outcome.message);
    assert.match(outcome.message, /The secondary went from Sync Config to Failed after \d+ s in Sync Config \(\d+ s since its reload was sent\)/);
    assert.match(outcome.message, /CSCvz54471/);
    assert.ok(spent < 60_000, `it stopped after ${spent} ms, not at the 120 s reload limit`);
    assert.match(outcome.pair!.nextSafeAction!, /The primary is still active on 9\.18\(4\)22 and was not touched; the secondary runs 9\.20\(2\) and is Failed\./);
    assert.match(outcome.pair!.nextSafeAction!, /failover reset mate/);
    const lab = bench.lab;
    assert.ok(lab.units.primary.isActive);
    assert.equal(lab.units.primary.version, OLD_VERSION);
    assert.deepEqual(lab.history.reloads().map((r) => r.unit), ['secondary']);
    assertInvariants(lab);
  });

  it('with the standby address unreachable, every read of the standby, the reload waits included, goes through the mate (said once)', async () => {
    bench = await startBench();
    const lab = bench.lab;
    const dir = mkdtempSync(join(tmpdir(), 'unreachable-standby-'));
    const knownHosts = join(dir, 'known_hosts');
    writeFileSync(knownHosts, lab.knownHostsLines());
    const connector = createPairConnector({
      active: lab.activeEndpoint,
      standby: { host: '127.0.0.1', port: await closedPort() },
      username: lab.credentials.username,
      auth: { method: 'password' },
      credentials: async () => ({ password: lab.credentials.password, enablePassword: lab.credentials.enablePassword }),
      hostKeys: KnownHostsFile.verifier(knownHosts, { acceptNew: false }),
      timeouts: { connectMs: 5000, commandMs: 10_000 },
    });
    try {
      const status = await readPairStatus(connector);
      const standby = status.units.find((u) => u.role === 'secondary')!;
      assert.match(standby.addressUnreachable ?? '', /Connection refused/);
      assert.equal(standby.version, OLD_VERSION, 'read through the mate');
      const shown = formatStatus(status);
      assert.match(shown, /The secondary's \(standby\) address is unreachable: Connection refused/);

      const events: UpgradeEvent[] = [];
      const outcome = await runUpgrade({
        connector,
        dialect: asaDialect,
        request: bench.request(),
        options: { pollIntervalMs: 100, reloadTimeoutMs: 30_000, failoverTimeoutMs: 10_000, copyTimeoutMs: 30_000 },
        onEvent: (e) => events.push(e),
      });
      assert.equal(outcome.outcome, 'upgraded', outcome.message);
      assert.equal(lab.units.secondary.version, NEW_VERSION);
      const routeLines = logs(events).filter((m) => /goes through failover exec mate/.test(m));
      assert.equal(routeLines.length, 1, logs(events).join('\n'));
      assertInvariants(lab, { secondaryFirst: true });
    } finally {
      await connector.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a wait is never silent: it says what it waits for and what it last saw between slow polls', async () => {
    bench = await startBench({ reloadSeconds: 4 });
    const { outcome, events } = await bench.run({
      // Polls far apart: only the heartbeat can keep the wait talking.
      options: { pollIntervalMs: 6000, heartbeatMs: 1000, reloadTimeoutMs: 60_000, failoverTimeoutMs: 12_000, copyTimeoutMs: 30_000 },
    });
    assert.equal(outcome.outcome, 'upgraded', outcome.message);
    const still = logs(events).filter((m) => /^Still waiting for the secondary to come back on 9\.20\(2\) in Standby Ready \(\d+ s so far; last seen: primary: /.test(m));
    assert.ok(still.length >= 1, logs(events).join('\n'));
    const firstPhase = events.find((e) => e.type === 'phase' && e.phase === 'reload-secondary')!.at;
    let worst = 0;
    for (let i = 1; i < events.length; i++) if (events[i].at >= firstPhase) worst = Math.max(worst, events[i].at - events[i - 1].at);
    assert.ok(worst < 4000, `the longest silence during the reloads was ${worst} ms (polls are 6 s apart, heartbeats 1 s)`);
  });
});
