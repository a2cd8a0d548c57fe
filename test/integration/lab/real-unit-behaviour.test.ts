// The lab does what real units do to a session (asa-cli.md, "Real-unit behaviour"), checked at the byte level
// with a bare SSH client, and the engine's session copes with it over real SSH: a banner with prompt-like
// lines, `\r\r\n` line ends now and then, echoes wrapped at 80 columns until `terminal width 511`, replication
// notices, a host name changed by another administrator, `failover exec mate` relaying the mate's output only
// when its command ends, and `enable` on a unit with no enable password set.

import { strict as assert } from 'node:assert';
import { createPairConnector, KnownHostsFile } from '../../../src/asa';
import { AsaUpgradeError } from '../../../src/core/errors';
import { makeImageBytes, startLab, type LabPair } from '../../../src/lab';
import { startFileServer, type FileServer } from '../../../src/lab/servers';
import { connectToLab, type LabConnection } from '../../support/lab-connector';
import { PROMPT, RawShell } from './raw-shell';

const NEW_ASA = 'asa9-20-2-smp-k8.bin';

describe('lab: what real units do to a session', function () {
  this.timeout(60_000);
  let lab: LabPair;
  let images: FileServer;
  const image = makeImageBytes(NEW_ASA, 512 * 1024);
  const shells: RawShell[] = [];
  const connections: LabConnection[] = [];

  before(async () => {
    lab = await startLab({ reloadSeconds: 2, copyBytesPerSecond: 1024 * 1024 });
    images = await startFileServer('http', new Map([[NEW_ASA, image]]));
  });
  afterEach(async () => {
    for (const s of shells.splice(0)) s.close();
    await Promise.all(connections.splice(0).map((c) => c.close()));
    lab.faults.clear();
  });
  after(async () => {
    await images.stop();
    await lab.stop();
  });

  const connect = (): LabConnection => {
    const c = connectToLab(lab, { commandMs: 15_000 });
    connections.push(c);
    return c;
  };

  it('greets with a banner whose lines look like prompts, and ends some lines with \\r\\r\\n', async () => {
    const s = await RawShell.open(lab.activeEndpoint.port, lab.credentials.username, lab.credentials.password);
    shells.push(s);
    const greeting = await s.waitFor(/Type help or '\?' for a list of available commands\.\r+\n\S+> $/);
    assert.match(greeting, /^asa-lab# Authorized access only #\r+\n/m);
    assert.match(greeting, /^asa-lab-maint> change window/m);
    s.send('enable');
    await s.waitFor(/Password: $/);
    s.send(lab.credentials.enablePassword);
    await s.waitFor(PROMPT);
    await s.run('terminal pager 0');
    s.send('show version');
    const version = await s.waitFor(PROMPT);
    assert.match(version, /\r\r\n/, 'some lines end in \\r\\r\\n');
  });

  it('wraps the echo of a long command at 80 columns until terminal width 511', async () => {
    const s = await RawShell.login(lab, 'active');
    shells.push(s);
    const long = `show running-config boot system ${'x'.repeat(60)}`;
    s.send(long);
    const wrapped = await s.waitFor(PROMPT);
    assert.ok(!wrapped.includes(long), 'the echo is broken at the width');
    assert.equal(wrapped.replace(/\r+\n/g, '').includes(long), true);
    assert.equal(await s.run('terminal width 511'), '');
    s.send(long);
    assert.ok((await s.waitFor(PROMPT)).includes(long), 'one line after terminal width 511');
    assert.match(await s.run('terminal width 20'), /Invalid input/);
  });

  it('the engine session reads normally through all of that and through write memory\'s replication notices', async () => {
    const session = await connect().connector.connect('active');
    const started = Date.now();
    await session.writeMemory();
    assert.deepEqual((await session.showFailover()).thisHost, { role: 'primary', state: 'Active' });
    assert.equal((await session.showVersion()).version, '9.18(4)22');
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
    assert.ok(lab.history.commands('primary').includes('terminal width 511'), 'the engine set the width');
  });

  it('prints the replication notices on the active unit\'s sessions while a reloaded standby syncs, with no prompt after them', async () => {
    const s = await RawShell.login(lab, 'active');
    shells.push(s);
    assert.equal(await s.run('failover reload-standby'), '');
    const notices = (await s.waitFor(/End Configuration Replication to mate\r+\n$/, 20_000)).replace(/\r/g, '');
    assert.match(notices, /^Beginning configuration replication: Sending to mate\.\n\nEnd Configuration Replication to mate\n$/m);
    await lab.waitFor((l) => l.units.secondary.state === 'Standby Ready', 20_000, 'Standby Ready');
  });

  it('follows a host name another administrator changes mid-session', async () => {
    const session = await connect().connector.connect('active');
    await session.showVersion();
    const admin = await RawShell.login(lab, 'active');
    shells.push(admin);
    try {
      await admin.run('configure terminal');
      admin.send('hostname fw-renamed');
      await admin.waitFor(/fw-renamed\/pri\/act\(config\)# $/);
      const started = Date.now();
      assert.deepEqual((await session.showFailover()).thisHost, { role: 'primary', state: 'Active' });
      assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
    } finally {
      admin.send('hostname asa-lab');
      await admin.waitFor(/asa-lab\/pri\/act\(config\)# $/);
      await admin.run('end');
    }
  });

  it('failover exec mate relays the mate\'s copy output only when the copy ends', async () => {
    const session = await connect().connector.connect('active');
    const sizesAtFirstMark: number[] = [];
    const result = await session.mate().copy(images.url(NEW_ASA), NEW_ASA, () => {
      if (sizesAtFirstMark.length === 0) sizesAtFirstMark.push(lab.units.secondary.files().get(NEW_ASA) ?? 0);
    });
    assert.equal(result.bytes, image.length);
    assert.deepEqual(sizesAtFirstMark, [image.length], 'no ! mark arrived before the mate had the whole file');
  });

  it('`enable` with no enable password set: the engine stops within 15 s and the unit never receives a password', async () => {
    lab.faults.inject({ kind: 'enable-not-set', unit: 'primary' });
    const c = connect();
    const started = Date.now();
    await assert.rejects(c.connector.connect('active'), (e: unknown) => e instanceof AsaUpgradeError && e.code === 'ENABLE_NOT_SET' && /The enable password is not set/.test(e.message));
    assert.ok(Date.now() - started < 15_000, `took ${Date.now() - started} ms`);
    assert.deepEqual(lab.history.events.filter((e) => e.kind === 'config-change'), [], 'no password was set');
    // Whatever the client typed after `enable` would be a command line in the history: there is none.
    const afterEnable = lab.history.events.filter((e) => e.kind === 'command' && e.at >= started).map((e) => e.command);
    assert.deepEqual(afterEnable, ['enable']);
    // The unit still takes its real enable password once the condition is gone.
    lab.faults.clear();
    const fresh = createPairConnector({
      active: lab.activeEndpoint,
      username: lab.credentials.username,
      auth: { method: 'password' },
      credentials: async () => ({ password: lab.credentials.password, enablePassword: lab.credentials.enablePassword }),
      hostKeys: KnownHostsFile.verifier(c.knownHostsPath, { acceptNew: false }),
    });
    try {
      await (await fresh.connect('active')).showVersion();
    } finally {
      await fresh.close();
    }
  });

  it('with terminal monitor, a syslog line follows every prompt, and a status read over it takes no longer than a clean one (within 2 s)', async () => {
    const read = async (l: LabPair) => {
      const c = connectToLab(l, { commandMs: 15_000 });
      connections.push(c);
      const started = Date.now();
      const session = await c.connector.connect('active');
      const failover = await session.showFailover();
      const version = await session.showVersion();
      const flash = await session.listFlash();
      const boot = await session.bootConfig();
      // The fields a status read reports (times differ between two labs by the moment they started).
      const answers = {
        thisHost: failover.thisHost,
        otherHost: failover.otherHost,
        version: version.version,
        asdm: version.asdmVersion,
        files: flash.files.map((f) => `${f.name} ${f.size}`),
        free: flash.freeBytes,
        boot,
      };
      return { ms: Date.now() - started, answers };
    };
    const monitored = await startLab({ reloadSeconds: 2, terminalMonitor: true, serials: { primary: 'JAD2231MON1', secondary: 'JAD2231MON2' } });
    const quiet = await startLab({ reloadSeconds: 2, banner: [], serials: { primary: 'JAD2231MON1', secondary: 'JAD2231MON2' } });
    try {
      const s = await RawShell.login(monitored, 'active');
      shells.push(s);
      s.send('show clock');
      // After the prompt, with no new prompt after it (an earlier command's line may come first).
      assert.match(await s.waitFor(/%ASA-7-111009: User 'admin' executed cmd: show clock\r+\n$/), /asa-lab\/pri\/act# \r+\n(?:.*\r*\n)*%ASA-7-111009[^\n]*\n$/);
      const clean = await read(quiet);
      const noisy = await read(monitored);
      assert.deepEqual(noisy.answers, clean.answers);
      assert.ok(noisy.ms <= clean.ms + 2000, `with syslog lines ${noisy.ms} ms, without ${clean.ms} ms`);
    } finally {
      await monitored.stop();
      await quiet.stop();
    }
  });
});
