// `asa-upgrade status` against devices that replay recorded outputs of real ASAs over SSH (not the lab): the
// built CLI must read what real units print, and say so plainly when failover is off.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectionArgs, ensureBuilt, runCli, scratchDir } from '../../support/cli-run';
import { recorded, startReplayDevice, type ReplayDevice } from '../../support/replay-asa';

describe('asa-upgrade status against recorded real ASAs', function () {
  this.timeout(60_000);
  const scratch = scratchDir();
  const devices: ReplayDevice[] = [];
  before(ensureBuilt);
  after(async () => {
    await Promise.all(devices.map((d) => d.stop()));
    scratch.remove();
  });

  async function device(outputs: Record<string, string>, extra: { pageLines?: number } = {}): Promise<{ device: ReplayDevice; knownHosts: string }> {
    const d = await startReplayDevice({ outputs, ...extra });
    devices.push(d);
    const knownHosts = join(scratch.dir, `known_hosts_${d.port}`);
    writeFileSync(knownHosts, `[127.0.0.1]:${d.port} ssh-ed25519 ${d.hostKey.toString('base64')}\n`);
    return { device: d, knownHosts };
  }

  const env = { HOME: scratch.dir, ASA_PASSWORD: 'replay-pass', ASA_ENABLE_PASSWORD: 'replay-enable' };
  const status = (d: ReplayDevice, knownHosts: string, extra: string[]) =>
    runCli(['status', ...connectionArgs({ active: `127.0.0.1:${d.port}`, username: 'ntc', knownHosts }), ...extra], { env });

  it('reads an ASA 5585 pair (primary Active, secondary Standby Ready) from the active unit alone', async () => {
    const { device: d, knownHosts } = await device({
      'show failover': recorded('show_failover.primary-active.asa5585.raw'),
      'show version': recorded('show_version.isa3000-9.16-lfbff.raw'),
    });
    const r = await status(d, knownHosts, ['--json']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { failover: boolean; units: Array<Record<string, unknown>> };
    assert.equal(doc.failover, true);
    assert.equal(doc.units.length, 2);
    const [primary, secondary] = doc.units;
    assert.equal(primary.role, 'primary');
    assert.equal(primary.state, 'Active');
    assert.equal(primary.active, true);
    assert.equal(primary.version, '9.16(3)19', 'as show version prints it');
    assert.equal(primary.asdmVersion, '7.18(1)152');
    assert.equal(secondary.role, 'secondary');
    assert.equal(secondary.state, 'Standby Ready');
    assert.equal(secondary.active, false);
    assert.equal(secondary.version, '98.1(1)86', 'the mate version as show failover prints it');
    // What the device refused to answer is unknown, not made up.
    assert.equal(primary.flashFreeBytes, null);
    assert.equal(primary.bootImages, null, 'refused boot configuration is null (unknown), never []');
    const problems = (doc as unknown as { problems: Array<{ unit: string; field: string; why: string }> }).problems;
    assert.ok(problems.some((p) => p.unit === 'primary' && p.field === 'bootImages' && /refused/.test(p.why)), `no problem says why: ${JSON.stringify(problems)}`);
    assert.ok(d.commands.includes('show failover') && d.commands.includes('show version'));
    const forbidden = d.commands.filter((c) => /^(copy|reload|write|conf|boot|delete|no |failover (active|reload))/.test(c));
    assert.deepEqual(forbidden, [], 'status only reads');
  });

  it('prints the same pair as a table, through the pager', async () => {
    const { device: d, knownHosts } = await device(
      {
        'show failover': recorded('show_failover.primary-active.asa5585.raw'),
        'show version': recorded('show_version.isa3000-9.16-lfbff.raw'),
      },
      { pageLines: 10 },
    );
    const r = await status(d, knownHosts, []);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines[0], 'Failover: on');
    assert.match(lines[2], /^Primary\s+active\s+Active\s+9\.16\(3\)19\s+7\.18\(1\)152\s/);
    assert.match(lines[3], /^Secondary\s+standby\s+Standby Ready\s+98\.1\(1\)86\s/);
  });

  it('reads the older indented layout (ASA 5512 with IPS)', async () => {
    const { device: d, knownHosts } = await device({
      'show failover': recorded('show_failover.primary-active.asa5512-ips.raw'),
      'show version': recorded('show_version.asav-9.5.raw'),
    });
    const r = await status(d, knownHosts, ['--json']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { failover: boolean; units: Array<Record<string, unknown>> };
    assert.equal(doc.failover, true);
    assert.deepEqual(
      doc.units.map((u) => [u.role, u.state, u.active]),
      [
        ['primary', 'Active', true],
        ['secondary', 'Standby Ready', false],
      ],
    );
    assert.equal(doc.units[0].version, '9.5(2)204');
  });

  it('says clearly that failover is off, and shows the one unit', async () => {
    const { device: d, knownHosts } = await device({
      'show failover': recorded('show_failover.off.raw'),
      'show version': recorded('show_version.asav-9.5.raw'),
      'dir disk0:': recorded('dir.disk0.asa5506-9.5.raw'),
    });
    const json = await status(d, knownHosts, ['--json']);
    assert.equal(json.code, 0, json.stderr);
    const doc = JSON.parse(json.stdout) as { failover: boolean; units: Array<Record<string, unknown>> };
    assert.equal(doc.failover, false);
    assert.equal(doc.units.length, 1);
    assert.equal(doc.units[0].version, '9.5(2)204');
    assert.equal(doc.units[0].systemImage, 'boot:/asa952-204-smp-k8.bin');
    assert.ok((doc.units[0].flashFreeBytes as number) > 0, 'dir disk0: was read');
    const table = await status(d, knownHosts, []);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^Failover: off$/m);
    assert.equal(table.stdout.trimEnd().split('\n').length, 3, 'a header, the column titles and one unit');
    assert.match(table.stdout, /\sFailover Off\s+9\.5\(2\)204\s/, 'the unit\'s state says it too');
  });

  it('a device that answers show failover with garbage is an error, not a guess', async () => {
    const { device: d, knownHosts } = await device({
      'show failover': 'Failover Maybe\nsomething else entirely\n',
      'show version': recorded('show_version.asav-9.5.raw'),
    });
    const r = await status(d, knownHosts, ['--json']);
    assert.equal(r.code, 1, r.stdout);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /show failover/i);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'a message, not a stack trace');
  });
});
