import { strict as assert } from 'node:assert';
import { makeImageBytes, startLab, type LabPair } from '../../../src/lab';
import { connectFails, RawShell } from './raw-shell';

describe('lab faults', function () {
  this.timeout(30000);
  let lab: LabPair;
  const shells: RawShell[] = [];
  beforeEach(async () => {
    lab = await startLab({ reloadSeconds: 1.5, failoverSeconds: 0.2 });
  });
  afterEach(async () => {
    for (const s of shells.splice(0)) s.close();
    await lab.stop();
  });
  const open = async (address: 'active' | 'standby'): Promise<RawShell> => {
    const s = await RawShell.login(lab, address);
    shells.push(s);
    return s;
  };

  it('wrong-credentials refuses the right password, then lets it in once used up', async () => {
    lab.faults.inject({ kind: 'wrong-credentials', times: 1 });
    const err = await connectFails(lab.activeEndpoint.port, lab.credentials.username, lab.credentials.password);
    assert.match(String(err), /authentication/i);
    assert.equal(await connectFails(lab.activeEndpoint.port, lab.credentials.username, lab.credentials.password), undefined);
  });

  it('slow-answers delays each answer on one unit', async () => {
    const s = await open('active');
    lab.faults.inject({ kind: 'slow-answers', unit: 'primary', delayMs: 400 });
    const started = Date.now();
    await s.run('show failover state');
    assert.ok(Date.now() - started >= 380);
  });

  it('drop-session cuts the session when the named command arrives', async () => {
    const s = await open('active');
    lab.faults.inject({ kind: 'drop-session', unit: 'primary', command: 'show version', times: 1 });
    s.send('show version');
    assert.equal(await s.waitClosed(), true);
    const again = await open('active');
    assert.match(await again.run('show version'), /Software Version/);
  });

  it('drop-session runs the command on the unit but cuts the session before any answer', async () => {
    const s = await open('active');
    await s.run('configure terminal');
    await s.run('boot system disk0:/asa9-20-2-smp-k8.bin');
    await s.run('end');
    lab.faults.inject({ kind: 'drop-session', unit: 'primary', command: 'write memory', times: 1 });
    s.send('write memory');
    assert.equal(await s.waitClosed(), true);
    assert.ok(!s.pending().includes('[OK]'), 'no answer reached the client');
    await lab.waitFor((l) => l.units.secondary.savedBootImages.includes('disk0:/asa9-20-2-smp-k8.bin'), 2000, 'the save to happen anyway');
  });

  it('refuse-failover answers the failover commands with an error', async () => {
    const s = await open('active');
    lab.faults.inject({ kind: 'refuse-failover', times: 1 });
    assert.match(await s.run('no failover active'), /^ERROR: /m);
    assert.equal(lab.units.primary.isActive, true);
  });

  it('never-standby-ready leaves a reloaded unit short of Standby Ready', async () => {
    const s = await open('active');
    lab.faults.inject({ kind: 'never-standby-ready', unit: 'secondary' });
    await s.run('failover reload-standby');
    await lab.waitFor((l) => l.units.secondary.state === 'Bulk Sync', 10000);
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(lab.units.secondary.state, 'Bulk Sync');
    assert.match(await s.run('show failover'), /^ {8}Other host: Secondary - Bulk Sync$/m);
  });

  it('boots-old-version brings a unit back on the image it ran before', async () => {
    lab.putFile('secondary', 'asa9-20-2-smp-k8.bin', makeImageBytes('asa9-20-2-smp-k8.bin', 1000));
    lab.putFile('primary', 'asa9-20-2-smp-k8.bin', makeImageBytes('asa9-20-2-smp-k8.bin', 1000));
    const s = await open('active');
    for (const c of ['configure terminal', 'clear configure boot system', 'boot system disk0:/asa9-20-2-smp-k8.bin', 'end', 'write memory']) await s.run(c);
    lab.faults.inject({ kind: 'boots-old-version', unit: 'secondary', times: 1 });
    await s.run('failover reload-standby');
    await lab.waitFor((l) => l.units.secondary.reloadCount === 1 && l.units.secondary.state === 'Standby Ready', 10000);
    assert.equal(lab.units.secondary.version, '9.18(4)22');
  });

  it('host-key-changes presents a new host key after the next reload', async () => {
    const before = lab.hostKeyFingerprint;
    const first = await open('standby');
    assert.equal(first.hostKeyFingerprint, before);
    lab.faults.inject({ kind: 'host-key-changes', unit: 'secondary', times: 1 });
    const s = await open('active');
    await s.run('failover reload-standby');
    await lab.waitFor((l) => l.units.secondary.reloadCount === 1 && l.units.secondary.isUp, 10000);
    assert.notEqual(lab.hostKeyFingerprint, before);
    const after = await open('standby');
    assert.equal(after.hostKeyFingerprint, lab.hostKeyFingerprint);
    assert.match(lab.knownHostsLines(), /^\[127\.0\.0\.1\]:\d+ ssh-rsa AAAA/m);
  });

  it('speaks the legacy algorithm set when asked', async () => {
    const legacy = await startLab({ algorithms: 'legacy' });
    try {
      const s = await RawShell.open(legacy.activeEndpoint.port, legacy.credentials.username, legacy.credentials.password, { algorithms: 'legacy' });
      await s.waitFor(/> $/);
      s.close();
    } finally {
      await legacy.stop();
    }
  });
});
