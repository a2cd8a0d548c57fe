import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPairConnector, KnownHostsFile } from '../../../src/asa';
import { statusJson } from '../../../src/cli/format';
import { readPairStatus } from '../../../src/core/status';
import { recorded, startReplayDevice, type ReplayDevice } from '../../support/replay-asa';

/** Real ASAs' recorded answers: status must read them even though such a device knows only a few commands. */
describe('reading the status of a device that only knows show failover and show version', function () {
  this.timeout(30_000);
  let device: ReplayDevice | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await device?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function statusOf(outputs: Record<string, string>) {
    device = await startReplayDevice({ outputs });
    dir = mkdtempSync(join(tmpdir(), 'replay-status-'));
    const knownHosts = join(dir, 'known_hosts');
    writeFileSync(knownHosts, `[127.0.0.1]:${device.port} ssh-ed25519 ${device.hostKey.toString('base64')}\n`);
    const connector = createPairConnector({
      active: { host: '127.0.0.1', port: device.port },
      username: 'ntc',
      auth: { method: 'password' },
      credentials: async () => ({ password: 'replay-pass', enablePassword: 'replay-enable' }),
      hostKeys: KnownHostsFile.verifier(knownHosts, { acceptNew: false }),
      timeouts: { connectMs: 5000, commandMs: 5000 },
    });
    try {
      return await readPairStatus(connector);
    } finally {
      await connector.close();
    }
  }

  it('shows both units of a pair from the active unit alone, leaving unknown what the device refuses', async () => {
    const status = await statusOf({
      'show failover': recorded('show_failover.primary-active.asa5585.raw'),
      'show version': recorded('show_version.isa3000-9.16-lfbff.raw'),
    });
    assert.equal(status.failoverEnabled, true);
    assert.equal(status.activeRole, 'primary');
    const [primary, secondary] = status.units;
    assert.equal(primary.role, 'primary');
    assert.equal(primary.state, 'Active');
    assert.ok(primary.isActive);
    assert.equal(primary.version, '9.16(3)19');
    assert.equal(primary.flashFreeBytes, undefined);
    // Issue 12: what the device refused is unknown (with why), never an empty list.
    assert.equal(primary.bootImages, undefined);
    assert.deepEqual(
      status.problems?.filter((p) => p.unit === 'primary' && p.field === 'bootImages'),
      [{ unit: 'primary', field: 'bootImages', why: 'the unit refused `show running-config boot system`' }],
    );
    const json = statusJson(status) as { units: Array<{ role: string; bootImages: string[] | null }>; problems: unknown[] };
    assert.equal(json.units.find((u) => u.role === 'primary')?.bootImages, null, 'status --json shows null, not []');
    assert.ok(json.problems.some((p) => JSON.stringify(p).includes('show running-config boot system')), JSON.stringify(json.problems));
    assert.equal(secondary.role, 'secondary');
    assert.equal(secondary.state, 'Standby Ready');
    assert.equal(secondary.isActive, false);
    assert.equal(secondary.version, '98.1(1)86', 'the mate version comes from show failover');
  });

  it('reads flash when the device knows dir', async () => {
    const status = await statusOf({
      'show failover': recorded('show_failover.off.raw'),
      'show version': recorded('show_version.asav-9.5.raw'),
      'dir disk0:': recorded('dir.disk0.asa5506-9.5.raw'),
    });
    assert.equal(status.failoverEnabled, false);
    assert.equal(status.units.length, 1);
    assert.equal(status.units[0].version, '9.5(2)204');
    assert.ok((status.units[0].flashFreeBytes ?? 0) > 0);
    assert.ok(status.units[0].flashFiles?.length);
  });
});
