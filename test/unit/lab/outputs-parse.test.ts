// Every output the lab prints must be readable by the parsers that read real ASAs: the lab is only worth
// passing against if it speaks the same formats.
import { strict as assert } from 'node:assert';
import {
  findCommandError,
  parseBootConfig,
  parseBootvar,
  parseCopy,
  parseDir,
  parseShowFailover,
  parseShowFailoverState,
  parseShowVersion,
  parseVerify,
} from '../../../src/asa/parsers';
import { execute } from '../../../src/lab/commands';
import type { ExecContext, LabSettings } from '../../../src/lab/context';
import { makeImageBytes } from '../../../src/lab/images';
import { PairModel } from '../../../src/lab/pair';
import { DEFAULT_PLATFORM } from '../../../src/lab/platforms';
import { UnitState } from '../../../src/lab/unit';

const ASA = 'asa9-18-4-22-smp-k8.bin';
const ASDM = 'asdm-7181-152.bin';

function makePair(): PairModel {
  const mk = (role: 'primary' | 'secondary'): UnitState => {
    const u = new UnitState(role, role === 'primary' ? 'FCH0001' : 'FCH0002');
    u.flash.set(ASA, { data: makeImageBytes(ASA, 4096), mtime: new Date(Date.UTC(2025, 0, 2, 3, 4, 5)) });
    u.flash.set(ASDM, { data: makeImageBytes(ASDM, 2048), mtime: new Date(Date.UTC(2025, 0, 2, 3, 4, 5)) });
    u.running = { bootImages: [`disk0:/${ASA}`], asdmImage: `disk0:/${ASDM}` };
    u.saved = { bootImages: [`disk0:/${ASA}`], asdmImage: `disk0:/${ASDM}` };
    u.runningImage = `disk0:/${ASA}`;
    u.version = '9.18(4)22';
    u.bootedAt = Date.now() - 3 * 86400_000 - 5 * 3600_000;
    return u;
  };
  return new PairModel({ reloadSeconds: 1, failoverSeconds: 0.1 }, mk('primary'), mk('secondary'));
}

const settings: LabSettings = { hostname: 'asa-lab', flashTotalBytes: 8 * 1024 ** 3, promptStyle: 'priority-state', enablePassword: 'en', banner: [], terminalMonitor: false, platform: DEFAULT_PLATFORM };

function ctxFor(pair: PairModel, unit: UnitState, streamed: string[] = []): ExecContext {
  return {
    pair,
    settings,
    unit,
    via: 'self',
    address: unit.isActive ? 'active' : 'standby',
    mode: 'priv',
    promptLength: 17,
    stream: (t) => streamed.push(t),
  };
}

describe('lab outputs parse with the ASA parsers', () => {
  let pair: PairModel;
  beforeEach(() => {
    pair = makePair();
  });
  afterEach(() => pair.stop());

  it('show version', async () => {
    const info = parseShowVersion((await execute(ctxFor(pair, pair.units.primary), 'show version'))!);
    assert.equal(info.version, '9.18(4)22');
    assert.equal(info.asdmVersion, '7.18(1)152');
    // ASAv prints its system image as `(hd0,1)/FILE` (test/fixtures/asa-outputs/show_version.asav-9.6-hd0.partial.raw).
    assert.equal(info.systemImage, `(hd0,1)/${ASA}`);
    assert.equal(info.hostname, 'asa-lab');
    assert.equal(info.serial, 'FCH0001');
    assert.ok(info.uptimeSeconds! >= 3 * 86400);
  });

  it('show failover on both units and after a switch-over', async () => {
    const a = parseShowFailover((await execute(ctxFor(pair, pair.units.primary), 'show failover'))!);
    assert.deepEqual([a.enabled, a.thisHost, a.otherHost, a.ourVersion, a.mateVersion], [
      true,
      { role: 'primary', state: 'Active' },
      { role: 'secondary', state: 'Standby Ready' },
      '9.18(4)22',
      '9.18(4)22',
    ]);
    pair.units.secondary.version = '9.20(2)';
    pair.takeOver(pair.units.secondary, 'test');
    const b = parseShowFailover((await execute(ctxFor(pair, pair.units.secondary), 'show failover'))!);
    assert.deepEqual([b.thisHost, b.otherHost, b.ourVersion, b.mateVersion], [
      { role: 'secondary', state: 'Just Active' },
      { role: 'primary', state: 'Standby Ready' },
      '9.20(2)',
      '9.18(4)22',
    ]);
  });

  it('show failover while the mate is down', async () => {
    pair.reload(pair.units.secondary, 'test');
    const f = parseShowFailover((await execute(ctxFor(pair, pair.units.primary), 'show failover'))!);
    assert.deepEqual(f.otherHost, { role: 'secondary', state: 'Failed' });
    const st = parseShowFailoverState((await execute(ctxFor(pair, pair.units.primary), 'show failover state'))!);
    assert.deepEqual(st, { thisHost: { role: 'primary', state: 'Active' }, otherHost: { role: 'secondary', state: 'Failed' } });
  });

  it('show failover state', async () => {
    const st = parseShowFailoverState((await execute(ctxFor(pair, pair.units.secondary), 'show failover state'))!);
    assert.deepEqual(st, { thisHost: { role: 'secondary', state: 'Standby Ready' }, otherHost: { role: 'primary', state: 'Active' } });
  });

  it('dir', async () => {
    const d = parseDir((await execute(ctxFor(pair, pair.units.primary), 'dir disk0:'))!);
    assert.equal(d.totalBytes, 8 * 1024 ** 3);
    assert.ok(d.files.some((f) => f.name === ASA && f.size === 4096 && !f.isDirectory));
    assert.ok(d.files.some((f) => f.name === 'log' && f.isDirectory));
    const system = DEFAULT_PLATFORM.systemEntries.reduce((n, e) => n + e.size, 0);
    assert.equal(d.freeBytes, 8 * 1024 ** 3 - 4096 - 2048 - system);
  });

  it('verify /md5 and /sha-512', async () => {
    const streamed: string[] = [];
    const md5 = parseVerify(streamed.join('') + (await execute(ctxFor(pair, pair.units.primary, streamed), `verify /md5 disk0:/${ASA}`))!);
    assert.equal(md5.algorithm, 'md5');
    assert.equal(md5.file, `disk0:/${ASA}`);
    assert.equal(md5.hash.length, 32);
    const sha = parseVerify((await execute(ctxFor(pair, pair.units.primary), `verify /sha-512 disk0:/${ASA}`))!);
    assert.equal(sha.hash.length, 128);
  });

  it('boot configuration and bootvar', async () => {
    const ctx = ctxFor(pair, pair.units.primary);
    const text = `${await execute(ctx, 'show running-config boot system')}\n${await execute(ctx, 'show running-config asdm image')}`;
    assert.deepEqual(parseBootConfig(text), { bootImages: [`disk0:/${ASA}`], asdmImage: `disk0:/${ASDM}` });
    assert.deepEqual(parseBootvar((await execute(ctx, 'show bootvar'))!).bootImages, [`disk0:/${ASA}`]);
  });

  it('copy errors are found as device errors', async () => {
    pair.faults.inject({ kind: 'copy-missing-file' });
    const streamed: string[] = [];
    const out = streamed.join('') + (await execute(ctxFor(pair, pair.units.primary, streamed), 'copy /noconfirm http://127.0.0.1:9/x.bin disk0:/x.bin'));
    assert.throws(() => parseCopy(streamed.join('') + out), /No such file or directory/);
  });

  it('invalid input and incomplete commands are found as device errors', async () => {
    const ctx = ctxFor(pair, pair.units.primary);
    assert.equal(findCommandError((await execute(ctx, 'shw version'))!), "ERROR: % Invalid input detected at '^' marker.");
    assert.equal(findCommandError((await execute(ctx, 'copy'))!), 'ERROR: % Incomplete command');
    assert.equal(await execute(ctx, 'configure terminal'), undefined);
    assert.equal(ctx.mode, 'config');
  });
});
