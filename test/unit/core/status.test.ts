import assert from 'node:assert/strict';
import { CommandRejectedError, ConnectError } from '../../../src/core/errors';
import type { BootConfig, FailoverStatus, FlashListing, VersionInfo } from '../../../src/core/facts';
import type { PairConnector, UnitSession } from '../../../src/core/ports';
import { readPairStatus } from '../../../src/core/status';

interface FakeUnit {
  failover?: FailoverStatus | Error;
  version?: VersionInfo | Error;
  flash?: FlashListing | Error;
  boot?: BootConfig | Error;
}

const rejected = (c: string) => new CommandRejectedError(`refused ${c}`, c, "ERROR: % Invalid input detected at '^' marker.");
const value = async <T>(v: T | Error | undefined, c: string): Promise<T> => {
  if (v instanceof Error) throw v;
  if (v === undefined) throw rejected(c);
  return v;
};

function session(unit: FakeUnit, mate?: FakeUnit): UnitSession {
  const s: Partial<UnitSession> = {
    address: 'active',
    via: 'self',
    isOpen: true,
    showFailover: () => value(unit.failover, 'show failover'),
    showVersion: () => value(unit.version, 'show version'),
    listFlash: () => value(unit.flash, 'dir disk0:'),
    bootConfig: () => value(unit.boot, 'show running-config boot system'),
    mate: () => session(mate ?? {}),
    close: async () => undefined,
  };
  return s as UnitSession;
}

function connector(active: UnitSession, standby?: UnitSession | Error): PairConnector {
  return {
    hasStandbyAddress: standby !== undefined,
    connect: async (address) => {
      if (address === 'active') return active;
      if (standby instanceof Error) throw standby;
      return standby!;
    },
  };
}

const failover = (me: 'primary' | 'secondary', myState: string, otherState: string): FailoverStatus => ({
  enabled: true,
  configuredRole: me,
  thisHost: { role: me, state: myState },
  otherHost: { role: me === 'primary' ? 'secondary' : 'primary', state: otherState },
  ourVersion: '9.18(4)22',
  mateVersion: '9.18(4)22',
});
const version = (v: string, uptime = 1000): VersionInfo => ({ version: v, asdmVersion: '7.18(1)152', systemImage: 'disk0:/asa9-18-4-22-smp-k8.bin', uptimeSeconds: uptime, model: 'ASAv10' });
const flash: FlashListing = { fileSystem: 'disk0:', files: [{ name: 'asa9-18-4-22-smp-k8.bin', size: 100, isDirectory: false }, { name: 'crypto_archive', size: 0, isDirectory: true }], totalBytes: 1000, freeBytes: 800 };

describe('reading a pair', () => {
  it('reads both units, primary first, whichever one is active', async () => {
    const secondaryActive = session({ failover: failover('secondary', 'Active', 'Standby Ready'), version: version('9.18(4)22'), flash, boot: { bootImages: ['disk0:/a.bin'] } });
    const primaryStandby = session({ failover: failover('primary', 'Standby Ready', 'Active'), version: version('9.18(4)22', 5), flash, boot: { bootImages: ['disk0:/a.bin'] } });
    const status = await readPairStatus(connector(secondaryActive, primaryStandby));
    assert.equal(status.activeRole, 'secondary');
    assert.deepEqual(status.units.map((u) => [u.role, u.state, u.isActive, u.uptimeSeconds]), [
      ['primary', 'Standby Ready', false, 5],
      ['secondary', 'Active', true, 1000],
    ]);
    assert.deepEqual(status.units[0].flashFiles, [{ name: 'asa9-18-4-22-smp-k8.bin', size: 100, isDirectory: false }]);
    assert.equal(status.units[0].flashFreeBytes, 800);
  });

  it('leaves flash, boot images and the mate unknown when the device refuses those commands', async () => {
    const status = await readPairStatus(connector(session({ failover: failover('primary', 'Active', 'Standby Ready'), version: version('9.18(4)22') })));
    assert.equal(status.units.length, 2);
    assert.equal(status.units[0].flashFreeBytes, undefined);
    // Unknown, never "none configured": the field is absent and a problem says why.
    assert.equal(status.units[0].bootImages, undefined);
    const primaryProblems = (status.problems ?? []).filter((p) => p.unit === 'primary').map((p) => p.field).sort();
    assert.deepEqual(primaryProblems, ['asdmImage', 'bootImages', 'flash']);
    assert.match(status.problems!.find((p) => p.field === 'bootImages')!.why, /refused/);
    assert.equal(status.units[1].state, 'Standby Ready');
    assert.equal(status.units[1].version, '9.18(4)22');
  });

  it('shows what the active unit sees of a standby that does not answer on its address', async () => {
    const active = session({ failover: failover('primary', 'Active', 'Cold Standby'), version: version('9.18(4)22'), flash });
    const status = await readPairStatus(connector(active, new ConnectError('Connection refused')));
    assert.equal(status.units[1].state, 'Cold Standby');
    assert.equal(status.units[1].bootImages, undefined, 'the boot images of a unit not read are not "none"');
    assert.ok(status.problems?.some((p) => p.unit === 'secondary' && p.field === 'bootImages' && /did not answer/.test(p.why)), JSON.stringify(status.problems));
  });

  it('lets show failover and show version errors through: without them nothing can be decided', async () => {
    await assert.rejects(readPairStatus(connector(session({ version: version('9.18(4)22') }))), CommandRejectedError);
    await assert.rejects(readPairStatus(connector(session({ failover: failover('primary', 'Active', 'Standby Ready') }))), CommandRejectedError);
  });

  it('reads a single unit when failover is off', async () => {
    const status = await readPairStatus(connector(session({ failover: { enabled: false, configuredRole: 'primary' }, version: version('9.5(2)204') })));
    assert.equal(status.failoverEnabled, false);
    assert.equal(status.units.length, 1);
    assert.equal(status.units[0].version, '9.5(2)204');
  });
});
