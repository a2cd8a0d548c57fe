// The SSH session layer against a device replaying real ASA outputs: what a user of `status` or `upgrade`
// would see when logging in, reading state, and when the device misbehaves.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AuthenticationError,
  CommandRejectedError,
  CommandTimeoutError,
  ConnectError,
  ConnectionLostError,
  EnablePasswordError,
  HostKeyRejectedError,
} from '../../../src/core/errors';
import type { CommandRecord } from '../../../src/core/ports';
import { Redactor } from '../../../src/core/redact';
import { createPairConnector, KnownHostsFile, sha256Fingerprint, type AsaPairConnection } from '../../../src/asa';
import { newHostKey, recorded, startReplayDevice, type ReplayDevice, type ReplayOptions } from '../../support/replay-asa';

const PASSWORD = 'replay-pass';
const ENABLE = 'replay-enable';

describe('ASA SSH session against recorded device outputs', function () {
  this.timeout(20_000);
  let dir: string;
  let knownHosts: string;
  const devices: ReplayDevice[] = [];
  const connectors: { close(): Promise<void> }[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'asa-session-'));
    knownHosts = join(dir, 'known_hosts');
  });
  afterEach(async () => {
    await Promise.all(connectors.splice(0).map((c) => c.close()));
    await Promise.all(devices.splice(0).map((d) => d.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  async function device(options: Partial<ReplayOptions> = {}, trust = true): Promise<ReplayDevice> {
    const d = await startReplayDevice({
      outputs: {
        'show version': recorded('show_version.isa3000-9.16-lfbff.raw'),
        'show failover': recorded('show_failover.primary-active.asa5585.raw'),
        'terminal pager 0': '',
      },
      ...options,
    });
    devices.push(d);
    if (trust) writeFileSync(knownHosts, `[127.0.0.1]:${d.port} ssh-ed25519 ${d.hostKey.toString('base64')}\n`);
    return d;
  }

  function connector(d: ReplayDevice, overrides: Partial<AsaPairConnection> = {}, creds = { password: PASSWORD, enablePassword: ENABLE }) {
    const c = createPairConnector({
      active: { host: '127.0.0.1', port: d.port },
      username: 'ntc',
      auth: { method: 'password' },
      credentials: async () => creds,
      hostKeys: KnownHostsFile.verifier(knownHosts, { acceptNew: false }),
      timeouts: { connectMs: 5000, commandMs: 5000 },
      ...overrides,
    });
    connectors.push(c);
    return c;
  }

  it('logs in, enters enable mode and reads show version and show failover', async () => {
    const d = await device();
    const records: CommandRecord[] = [];
    const session = await connector(d, { onCommand: (r) => records.push(r) }).connect('active');
    const version = await session.showVersion();
    assert.equal(version.version, '9.16(3)19');
    assert.equal(version.asdmVersion, '7.18(1)152');
    const failover = await session.showFailover();
    assert.equal(failover.enabled, true);
    assert.deepEqual(failover.thisHost, { role: 'primary', state: 'Active' });
    assert.deepEqual(d.commands, ['enable', 'terminal pager 0', 'terminal width 511', 'show version', 'show failover']);
    assert.deepEqual(
      records.map((r) => r.command),
      ['enable', 'terminal pager 0', 'terminal width 511', 'show version', 'show failover'],
    );
    assert.ok(!JSON.stringify(records).includes(ENABLE), 'the enable password is never logged');
    assert.ok(records.find((r) => r.command === 'show version')!.output.startsWith('Cisco Adaptive Security Appliance'), 'no echo in the output');
  });

  it('reuses the open session for the same address and opens a new one after it dropped', async () => {
    const d = await device({ dropOn: ['show failover'], outputs: { 'show version': recorded('show_version.asav-9.5.raw'), 'show failover': recorded('show_failover.off.raw') } });
    const c = connector(d);
    const first = await c.connect('active');
    assert.equal(await c.connect('active'), first);
    await assert.rejects(first.showFailover(), ConnectionLostError);
    assert.equal(first.isOpen, false);
    const second = await c.connect('active');
    assert.notEqual(second, first);
    assert.equal((await second.showVersion()).version, '9.5(2)204');
  });

  it('pages through `<--- More --->` when the pager cannot be turned off, and the prompt never shows in the output', async () => {
    const d = await device({ pageLines: 8, outputs: { 'show version': recorded('show_version.isa3000-9.16-lfbff.raw') } });
    const session = await connector(d).connect('active');
    const version = await session.showVersion();
    assert.equal(version.version, '9.16(3)19');
    assert.ok(version.serial, 'read past the first page');
    assert.ok(d.commands.includes('terminal pager 0'), 'the pager was asked to turn off');
  });

  it('returns output without pager text', async () => {
    const text = recorded('show_failover.primary-active.asa5512-ips.raw');
    const d = await device({ pageLines: 5, outputs: { 'show failover': text } });
    const records: CommandRecord[] = [];
    const session = await connector(d, { onCommand: (r) => records.push(r) }).connect('active');
    await session.showFailover();
    const output = records.find((r) => r.command === 'show failover')!.output;
    assert.ok(!output.includes('More'), output);
    const expected = text.replace(/\r/g, '').split('\n').map((l) => l.trimEnd()).filter((l) => l !== '');
    assert.deepEqual(output.split('\n').map((l) => l.trimEnd()).filter((l) => l !== ''), expected);
  });

  it('a wrong password is an AuthenticationError that names user, host and what to check', async () => {
    const d = await device();
    await assert.rejects(connector(d, {}, { password: 'wrong-pass', enablePassword: ENABLE }).connect('active'), (e: unknown) => {
      assert.ok(e instanceof AuthenticationError);
      assert.equal(e.message, `authentication failed for ntc at 127.0.0.1:${d.port}: check the user name and password (ASA_PASSWORD)`);
      assert.ok(!e.message.includes('wrong-pass'));
      return true;
    });
  });

  it('logs in with keyboard-interactive, answering the password prompt', async () => {
    const d = await device({ keyboardInteractive: true });
    const session = await connector(d, { auth: { method: 'keyboard-interactive' } }).connect('active');
    assert.equal((await session.showVersion()).version, '9.16(3)19');
    assert.equal(d.authMethods.includes('keyboard-interactive'), true);
  });

  it('logs in with a passphrase-protected private key read from a file', async function () {
    const keyFile = join(dir, 'id_ed25519');
    try {
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'key-phrase', '-f', keyFile]);
    } catch {
      this.skip(); // ssh-keygen (openssh-client) is not installed: no way to make an OpenSSH-format key here.
    }
    const d = await device({ authorizedKeys: [readFileSync(`${keyFile}.pub`, 'utf8')] });
    const c = connector(d, { auth: { method: 'publickey', privateKeyPath: keyFile } }, { passphrase: 'key-phrase', enablePassword: ENABLE } as never);
    const session = await c.connect('active');
    assert.equal((await session.showVersion()).version, '9.16(3)19');
    assert.deepEqual(d.authMethods.filter((m) => m !== 'none'), ['publickey', 'publickey']);
    const wrong = connector(d, { auth: { method: 'publickey', privateKeyPath: keyFile } }, { passphrase: 'not-it', enablePassword: ENABLE } as never);
    await assert.rejects(wrong.connect('active'), (e: unknown) => e instanceof AuthenticationError && /passphrase/.test(e.message) && !e.message.includes('not-it'));
  });

  it('a wrong enable password is an EnablePasswordError, and the password is not in the message', async () => {
    const d = await device();
    await assert.rejects(connector(d, {}, { password: PASSWORD, enablePassword: 'bad-enable' }).connect('active'), (e: unknown) => {
      assert.ok(e instanceof EnablePasswordError, String(e));
      assert.match(e.message, /enable password was refused/);
      assert.ok(!e.message.includes('bad-enable'));
      return true;
    });
  });

  it('skips enable when the login lands in privileged mode', async () => {
    const d = await device({ privilegedAtLogin: true });
    const session = await connector(d, {}, { password: PASSWORD, enablePassword: undefined as never }).connect('active');
    await session.showVersion();
    assert.ok(!d.commands.includes('enable'));
  });

  it('refuses a changed host key and names both fingerprints', async () => {
    const d = await device({}, false);
    const oldKey = newHostKey();
    const old = await startReplayDevice({ outputs: {}, hostKey: oldKey });
    devices.push(old);
    writeFileSync(knownHosts, `[127.0.0.1]:${d.port} ssh-ed25519 ${old.hostKey.toString('base64')}\n`);
    await assert.rejects(connector(d).connect('active'), (e: unknown) => {
      assert.ok(e instanceof HostKeyRejectedError, String(e));
      assert.ok(e.message.includes(sha256Fingerprint(d.hostKey)), 'names the presented key');
      assert.ok(e.message.includes(sha256Fingerprint(old.hostKey)), 'names the trusted key');
      return true;
    });
    assert.deepEqual(d.authMethods, [], 'no credentials were sent to the impostor');
  });

  it('refuses an unknown host key unless new keys are accepted, and then writes it to known_hosts', async () => {
    const d = await device({}, false);
    await assert.rejects(connector(d).connect('active'), (e: unknown) => e instanceof HostKeyRejectedError && /not known/.test(e.message));
    const trusting = connector(d, { hostKeys: KnownHostsFile.verifier(knownHosts, { acceptNew: true }) });
    await (await trusting.connect('active')).showVersion();
    assert.equal(readFileSync(knownHosts, 'utf8'), `[127.0.0.1]:${d.port} ssh-ed25519 ${d.hostKey.toString('base64')}\n`);
    await (await connector(d).connect('active')).showVersion();
  });

  it('a session dropped mid-command is a ConnectionLostError, not a timeout', async () => {
    const d = await device({ dropOn: ['show version'] });
    const session = await connector(d).connect('active');
    const started = Date.now();
    await assert.rejects(session.showVersion(), (e: unknown) => {
      assert.ok(e instanceof ConnectionLostError, String(e));
      assert.equal(e.command, 'show version');
      return true;
    });
    assert.ok(Date.now() - started < 3000, 'reported when the session closed, not at the timeout');
    await assert.rejects(session.showFailover(), ConnectionLostError);
  });

  it('a command that does not finish in time is a CommandTimeoutError with the partial output, and the session recovers', async () => {
    const d = await device({ delays: { 'show failover': 1500 } });
    const session = await connector(d).connect('active');
    await assert.rejects(session.showFailover({ timeoutMs: 300 }), (e: unknown) => {
      assert.ok(e instanceof CommandTimeoutError, String(e));
      assert.equal(e.command, 'show failover');
      assert.match(e.message, /did not finish within 0\.3 s/);
      return true;
    });
    assert.equal((await session.showVersion()).version, '9.16(3)19', 'the late output is not taken for the next answer');
  });

  it('a command the device refuses is a CommandRejectedError with the device line', async () => {
    const d = await device();
    const session = await connector(d).connect('active');
    await assert.rejects(session.listFlash(), (e: unknown) => {
      assert.ok(e instanceof CommandRejectedError, String(e));
      assert.equal(e.command, 'dir disk0:');
      assert.match(e.message, /Invalid input detected/);
      return true;
    });
    assert.equal((await session.showVersion()).version, '9.16(3)19', 'the session stays usable');
  });

  it('reload is done when the unit drops the session', async () => {
    const d = await device();
    const session = await connector(d).connect('active');
    await session.reload();
    assert.deepEqual(d.commands.slice(-1), ['reload noconfirm']);
    assert.equal(session.isOpen, false);
  });

  it('mate commands go through failover exec mate and read the same output', async () => {
    const d = await device({ outputs: { 'failover exec mate show version': recorded('show_version.asav-9.5.raw'), 'terminal pager 0': '' } });
    const session = await connector(d).connect('active');
    assert.equal((await session.mate().showVersion()).version, '9.5(2)204');
    await assert.rejects(session.mate().reload(), /not sent through failover exec mate/);
  });

  it('secrets never reach the command log, also when the device echoes them', async () => {
    const d = await device({ outputs: { 'copy /noconfirm http://u:s3cret-pw@127.0.0.1/a.bin disk0:/a.bin': '%Error opening http://u:s3cret-pw@127.0.0.1/a.bin (No such file or directory)' } });
    const records: CommandRecord[] = [];
    const redactor = new Redactor();
    const session = await connector(d, { onCommand: (r) => records.push(r), redactor }).connect('active');
    await assert.rejects(session.copy('http://u:s3cret-pw@127.0.0.1/a.bin', 'a.bin'), (e: unknown) => !String((e as Error).message).includes('s3cret-pw'));
    assert.ok(!JSON.stringify(records).includes('s3cret-pw'));
    assert.ok(!JSON.stringify(records).includes(PASSWORD) && !JSON.stringify(records).includes(ENABLE));
  });

  it('copy answers the device\'s questions, reports `!` marks as progress and reads the byte count', async () => {
    const copy = 'copy /noconfirm http://127.0.0.1/asa9-20-2-smp-k8.bin disk0:/asa9-20-2-smp-k8.bin';
    const d = await device({
      outputs: {
        'terminal pager 0': '',
        [copy]: 'Accessing http://127.0.0.1/asa9-20-2-smp-k8.bin...!!!!!!!!!!\nWriting file disk0:/asa9-20-2-smp-k8.bin...\n!!!!!!!!!!\n123456 bytes copied in 2.50 secs (61728 bytes/sec)\n',
      },
      questions: { [copy]: ['Address or name of remote host [127.0.0.1]? ', 'Destination filename [asa9-20-2-smp-k8.bin]? '] },
    });
    const session = await connector(d).connect('active');
    const progress: number[] = [];
    const result = await session.copy('http://127.0.0.1/asa9-20-2-smp-k8.bin', 'asa9-20-2-smp-k8.bin', (p) => progress.push(p.marks));
    assert.equal(result.bytes, 123456);
    assert.equal(progress.at(-1), 20);
  });

  it('connection refused is a ConnectError', async () => {
    const d = await device();
    const port = d.port;
    await d.stop();
    devices.splice(devices.indexOf(d), 1);
    await assert.rejects(connector({ ...d, port }).connect('active'), (e: unknown) => e instanceof ConnectError && /refused/i.test(e.message));
  });
});
