// What real units print into a session that a clean lab never did (asa-cli.md, "Real-unit behaviour"), over
// real SSH against a replay device: unsolicited lines right after prompts, a banner with prompt-like lines
// arriving in pieces, fragmented answers, `\r\r\n` and CR-only line ends, the FXOS `--More--` pager, a host
// name that changes, a login that lands in privileged mode, and `enable` with no enable password set. Each of
// these used to stall a command until its time limit (60 s by default); none may now.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPairConnector, KnownHostsFile, type AsaPairConnection } from '../../../src/asa';
import { AsaUpgradeError, CommandTimeoutError } from '../../../src/core/errors';
import type { CommandRecord } from '../../../src/core/ports';
import { recorded, startReplayDevice, type ReplayDevice, type ReplayOptions } from '../../support/replay-asa';

const PASSWORD = 'replay-pass';
const ENABLE = 'replay-enable';
/** Long enough that a stall is a clear failure, short enough that the suite does not wait a minute for one. */
const COMMAND_MS = 15_000;
const SYSLOG = "%ASA-5-111008: User 'admin' executed the 'write memory' command.";
const NOTICES = ['Beginning configuration replication: Sending to mate.', SYSLOG, 'End Configuration Replication to mate'];

describe('a session survives what real units print (replay device over SSH)', function () {
  this.timeout(120_000);
  let dir: string;
  let knownHosts: string;
  const devices: ReplayDevice[] = [];
  const connectors: { close(): Promise<void> }[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'asa-console-'));
    knownHosts = join(dir, 'known_hosts');
  });
  afterEach(async () => {
    await Promise.all(connectors.splice(0).map((c) => c.close()));
    await Promise.all(devices.splice(0).map((d) => d.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  async function device(options: Partial<ReplayOptions> = {}): Promise<ReplayDevice> {
    const d = await startReplayDevice({
      outputs: {
        'show version': recorded('show_version.isa3000-9.16-lfbff.raw'),
        'show failover': recorded('show_failover.primary-active.asa5585.raw'),
        'terminal pager 0': '',
        'terminal width 511': '',
      },
      ...options,
    });
    devices.push(d);
    writeFileSync(knownHosts, `[127.0.0.1]:${d.port} ssh-ed25519 ${d.hostKey.toString('base64')}\n`, { flag: 'a' });
    return d;
  }

  function connector(d: ReplayDevice, overrides: Partial<AsaPairConnection> = {}, creds: { password?: string; enablePassword?: string } = { password: PASSWORD, enablePassword: ENABLE }) {
    const c = createPairConnector({
      active: { host: '127.0.0.1', port: d.port },
      username: 'ntc',
      auth: { method: 'password' },
      credentials: async () => creds,
      hostKeys: KnownHostsFile.verifier(knownHosts, { acceptNew: false }),
      timeouts: { connectMs: 10_000, commandMs: COMMAND_MS },
      ...overrides,
    });
    connectors.push(c);
    return c;
  }

  /** Log in and read what `status` reads first; returns the time it took and the parsed answers. */
  async function statusRead(d: ReplayDevice, records: CommandRecord[] = []) {
    const started = Date.now();
    const session = await connector(d, { onCommand: (r) => records.push(r) }).connect('active');
    const version = await session.showVersion();
    const failover = await session.showFailover();
    return { ms: Date.now() - started, version, failover };
  }

  it('a status read with unsolicited lines after every prompt, a prompt-like banner, fragments and \\r\\r\\n takes no longer than a clean one (within 2 s)', async () => {
    const clean = await statusRead(await device());
    const records: CommandRecord[] = [];
    const noisy = await statusRead(
      await device({
        banner: ['********\r\nasa1# ', 'Authorized access only #\r\nasa1-maint> ', 'change window Sat 02:00-04:00 UTC\r\n********'],
        unsolicitedAfterPrompt: NOTICES,
        fragmentChars: 7,
        lineEnding: '\r\r\n',
      }),
      records,
    );
    assert.deepEqual(noisy.version, clean.version);
    assert.deepEqual(noisy.failover, clean.failover);
    assert.ok(noisy.ms <= clean.ms + 2000, `noisy read took ${noisy.ms} ms, clean ${clean.ms} ms`);
    const outputs = records.map((r) => r.output).join('\n');
    for (const line of NOTICES) assert.ok(!outputs.includes(line), `command output holds "${line}"`);
    assert.equal(records[0].command, 'enable', 'the banner line "asa1# ..." was not taken for a privileged prompt');
  });

  it('a banner line that looks like the prompt, arriving alone, is not taken for it', async () => {
    const d = await device({ banner: ['Welcome\r\nasa1# ', ' Authorized access only #\r\n'] });
    const session = await connector(d).connect('active');
    assert.equal((await session.showVersion()).version, '9.16(3)19');
    assert.equal(d.commands[0], 'enable');
  });

  it('without the greeting, a banner line ending in a prompt is still not taken for it while more is coming', async () => {
    const d = await device({ greeting: false, banner: ['asa1# ', 'Authorized access only #\r\n', 'asa1-maint> change window Sat 02:00-04:00 UTC\r\n'] });
    const session = await connector(d).connect('active');
    assert.equal((await session.showVersion()).version, '9.16(3)19');
    assert.equal(d.commands[0], 'enable');
  });

  it('reads a unit that ends lines with a bare CR', async () => {
    const d = await device({ lineEnding: '\r' });
    const read = await statusRead(d);
    assert.equal(read.version.version, '9.16(3)19');
    assert.deepEqual(read.failover.thisHost, { role: 'primary', state: 'Active' });
    assert.ok(read.ms < 5000, `took ${read.ms} ms`);
  });

  it('pages through the FXOS-style --More-- pager', async () => {
    // The pager stays on: this unit refuses `terminal pager 0`.
    const d = await device({ pageLines: 8, moreText: '--More--', outputs: { 'show version': recorded('show_version.isa3000-9.16-lfbff.raw'), 'show failover': recorded('show_failover.primary-active.asa5585.raw') } });
    const read = await statusRead(d);
    assert.ok(read.version.serial, 'read past the first page');
    assert.ok(read.ms < 5000, `took ${read.ms} ms`);
  });

  it('follows a host name changed mid-session (the prompt follows `hostname`)', async () => {
    const d = await device();
    const session = await connector(d).connect('active');
    await session.showVersion();
    d.setHostname('fw-renamed');
    const started = Date.now();
    assert.deepEqual((await session.showFailover()).thisHost, { role: 'primary', state: 'Active' });
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
    const again = Date.now();
    await session.showVersion();
    assert.ok(Date.now() - again < 1000, 'the new name is known from then on');
  });

  it('a unit that logs in straight to privileged mode (with a banner holding "host>") needs no enable', async () => {
    const d = await device({ privilegedAtLogin: true, banner: ['asa1> ', 'change window tonight\r\n'] });
    const read = await statusRead(d);
    assert.equal(read.version.version, '9.16(3)19');
    assert.ok(!d.commands.includes('enable'));
  });

  it('sends terminal width 511 after terminal pager 0, and a unit that refuses it is still used', async () => {
    const d = await startReplayDevice({ outputs: { 'show version': recorded('show_version.asav-9.5.raw'), 'terminal pager 0': '' } });
    devices.push(d);
    writeFileSync(knownHosts, `[127.0.0.1]:${d.port} ssh-ed25519 ${d.hostKey.toString('base64')}\n`);
    const session = await connector(d).connect('active');
    assert.equal((await session.showVersion()).version, '9.5(2)204');
    assert.deepEqual(d.commands, ['enable', 'terminal pager 0', 'terminal width 511', 'show version']);
  });

  it('`enable` on a unit with no enable password set stops within 15 s, says what the unit said and what to do, and answers nothing', async () => {
    const d = await device({ enableNotSet: true });
    const started = Date.now();
    await assert.rejects(connector(d).connect('active'), (e: unknown) => {
      assert.ok(e instanceof AsaUpgradeError, String(e));
      assert.equal(e.code, 'ENABLE_NOT_SET');
      assert.match(e.message, /The enable password is not set/);
      assert.match(e.message, /Set an enable password on the unit/);
      assert.match(e.message, /privilege 15/);
      assert.ok(!e.message.includes(ENABLE));
      return true;
    });
    assert.ok(Date.now() - started < 15_000, `took ${Date.now() - started} ms`);
    assert.deepEqual(d.newPasswordAnswers, [], 'nothing was typed at the new-password questions');
  });

  it('reads verify hashes wrapped over several lines (sha-512 and md5)', async () => {
    const sha = 'c0ffee'.repeat(21) + 'ab';
    const md5 = '0123456789abcdef0123456789abcdef';
    const d = await device({
      outputs: {
        'terminal pager 0': '',
        'verify /sha-512 disk0:/asa9-20-2-smp-k8.bin': `${'!'.repeat(40)}\nDone!\nverify /SHA-512 (disk0:/asa9-20-2-smp-k8.bin) = \n${sha.slice(0, 64)}\n${sha.slice(64)}\n`,
        'verify /md5 disk0:/asdm-7201.bin': `!!!!\nDone!\nverify /MD5 (disk0:/asdm-7201.bin) = ${md5.slice(0, 20)}\n${md5.slice(20)}\n`,
      },
    });
    const session = await connector(d).connect('active');
    assert.equal(await session.verify('disk0:/asa9-20-2-smp-k8.bin', 'sha-512'), sha);
    assert.equal(await session.verify('disk0:/asdm-7201.bin', 'md5'), md5);
  });

  it('a command that times out names what the unit printed last', async () => {
    const d = await device({ delays: { 'show failover': 3000 }, unsolicitedAfterPrompt: [SYSLOG] });
    const session = await connector(d).connect('active');
    await assert.rejects(session.showFailover({ timeoutMs: 500 }), (e: unknown) => {
      assert.ok(e instanceof CommandTimeoutError, String(e));
      assert.match(e.message, /last seen: "show failover"/);
      return true;
    });
  });
});
