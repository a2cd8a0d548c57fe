import { strict as assert } from 'node:assert';
import { parseShowVersion } from '../../../src/asa/parsers';
import { makeImageBytes, startLab, type LabPair } from '../../../src/lab';
import { connectFails, RawShell } from './raw-shell';

const NEW_ASA = 'asa9-20-2-smp-k8.bin';
const NEW_ASDM = 'asdm-7201.bin';
const JOIN_STATES = ['Failed', 'Negotiation', 'Cold Standby', 'Sync Config', 'Sync File System', 'Bulk Sync', 'Standby Ready'];

describe('lab failover pair: switch-over, reload, replication', function () {
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
  const putNewImages = (): void => {
    for (const unit of ['primary', 'secondary'] as const) {
      lab.putFile(unit, NEW_ASA, makeImageBytes(NEW_ASA, 1000));
      lab.putFile(unit, NEW_ASDM, makeImageBytes(NEW_ASDM, 1000));
    }
  };

  it('moves both addresses on a switch-over and leaves the sessions on them hanging, as real units do', async () => {
    const active = await open('active');
    const standby = await open('standby');
    await active.run('no failover active');
    await lab.waitFor((l) => l.history.sessions().filter((e) => e.kind === 'session-stranded').length >= 2, 5000, 'both sessions stranded');
    await assert.rejects(standby.run('show failover', 1500), /Timed out|timed out|waiting for/i, 'a stranded session answers nothing');
    assert.equal(active.closed || standby.closed, false, 'and is not closed either (no FIN)');
    assert.equal(lab.units.secondary.isActive, true);
    const again = await open('active');
    assert.match(await again.run('show failover'), /^ {8}This host: Secondary - (Just Active|Active Drain|Active Applying Config|Active Config Applied|Active)$/m);
    await lab.waitFor((l) => l.units.secondary.state === 'Active', 5000);
    again.send('');
    assert.match(await again.waitFor(/# $/), /asa-lab\/sec\/act# $/);
    const other = await open('standby');
    assert.match(await other.run('show failover'), /^ {8}This host: Primary - Standby Ready$/m);
    assert.deepEqual(
      lab.history.failovers().map((e) => [e.from, e.to]),
      [['primary', 'secondary']],
    );
  });

  it('accepts 5 SSH sessions per unit and refuses the 6th, counting hanging ones until the unit reboots', async () => {
    for (let i = 0; i < 5; i++) await open('active');
    await assert.rejects(RawShell.login(lab, 'active'));
    assert.equal(lab.history.sessions('primary').filter((e) => e.kind === 'session-refused').length, 1);
    // A switch-over strands all five on the primary: they keep their places (ssh timeout), so the primary
    // (now on the standby address) still refuses a new session.
    const any = shells[0];
    any.send('no failover active');
    await lab.waitFor((l) => l.units.secondary.isActive && l.history.sessions('primary').filter((e) => e.kind === 'session-stranded').length === 5, 5000, 'the switch-over');
    await assert.rejects(RawShell.login(lab, 'standby'));
    assert.equal(lab.history.sessions('primary').filter((e) => e.kind === 'session-refused').length, 2);
    // The secondary, now active, has room.
    assert.match(await (await open('active')).run('show failover'), /This host: Secondary/);
  });

  it('failover active on the standby takes the active role', async () => {
    const standby = await open('standby');
    await standby.run('failover active');
    await standby.waitClosed();
    await lab.waitFor((l) => l.units.secondary.state === 'Active', 5000);
    assert.equal(lab.unitAt('active')?.role, 'secondary');
    assert.equal(lab.unitAt('standby')?.role, 'primary');
  });

  it('replicates configuration and write memory from the active unit to the standby', async () => {
    putNewImages();
    const s = await open('active');
    for (const c of ['configure terminal', 'clear configure boot system', `boot system disk0:/${NEW_ASA}`, 'boot system disk0:/asa9-18-4-22-smp-k8.bin', `asdm image disk0:/${NEW_ASDM}`, 'end']) {
      assert.equal(await s.run(c), '', c);
    }
    assert.deepEqual(lab.units.secondary.bootImages, [`disk0:/${NEW_ASA}`, 'disk0:/asa9-18-4-22-smp-k8.bin']);
    assert.deepEqual(lab.units.secondary.savedBootImages, ['disk0:/asa9-18-4-22-smp-k8.bin'], 'not saved before write memory');
    // As on a real active unit: replication notices inside the answer, and the last one after the prompt.
    s.send('write memory');
    const wr = (await s.waitFor(/End Configuration Replication to mate\r+\n/)).replace(/\r/g, '');
    assert.match(wr, /^Building configuration\.\.\.\nBeginning configuration replication: Sending to mate\.\n/m);
    assert.match(wr, /^\[OK\]\nasa-lab\/pri\/act# \nEnd Configuration Replication to mate\n$/m);
    assert.deepEqual(lab.units.secondary.savedBootImages, [`disk0:/${NEW_ASA}`, 'disk0:/asa9-18-4-22-smp-k8.bin']);
    assert.equal(lab.units.secondary.savedAsdmImage, `disk0:/${NEW_ASDM}`);
    assert.equal(await s.run('failover exec mate show running-config boot system'), `boot system disk0:/${NEW_ASA}\nboot system disk0:/asa9-18-4-22-smp-k8.bin`);
    // The default lab is an ASAv: `show bootvar` names the saved entries `(hd0,1)/FILE` (show_bootvar.asav-9.6-hd0.raw).
    const bootvar = await s.run('show bootvar');
    assert.match(bootvar, new RegExp(`^BOOT variable = \\(hd0,1\\)/${NEW_ASA};\\(hd0,1\\)/asa9-18-4-22-smp-k8.bin$`, 'm'));
    assert.match(bootvar, new RegExp(`^Current BOOT variable = disk0:/${NEW_ASA};disk0:/asa9-18-4-22-smp-k8.bin$`, 'm'));
  });

  it('reloads the standby through the real states and brings it back on the image boot system names', async () => {
    putNewImages();
    const s = await open('active');
    for (const c of ['configure terminal', 'clear configure boot system', `boot system disk0:/${NEW_ASA}`, 'boot system disk0:/asa9-18-4-22-smp-k8.bin', `asdm image disk0:/${NEW_ASDM}`, 'end', 'write memory']) {
      await s.run(c);
    }
    const standby = await open('standby');
    assert.equal(await s.run('failover reload-standby'), '');
    await lab.waitFor((l) => l.history.sessions('secondary').some((e) => e.kind === 'session-stranded'), 5000, 'the session on the reloading unit left hanging');
    assert.equal(standby.closed, false, 'a reloading unit sends no FIN: its sessions hang');
    assert.ok(await connectFails(lab.standbyEndpoint.port, lab.credentials.username, lab.credentials.password), 'a reloading unit refuses connections');
    assert.match(await s.run('show failover'), /^ {8}Other host: Secondary - Failed$/m);
    await lab.waitFor((l) => l.units.secondary.state === 'Standby Ready', 10000, 'Standby Ready');
    assert.deepEqual(lab.history.states('secondary'), ['Standby Ready', ...JOIN_STATES]);
    assert.equal(lab.units.secondary.version, '9.20(2)');
    assert.equal(lab.units.secondary.asdmVersion, '7.20(1)');
    assert.equal(lab.units.secondary.reloadCount, 1);
    assert.match(await s.run('show failover'), /^Version: Ours 9\.18\(4\)22, Mate 9\.20\(2\)$/m);
    const back = await open('standby');
    const version = await back.run('show version');
    assert.match(version, /^Cisco Adaptive Security Appliance Software Version 9\.20\(2\)$/m);
    assert.match(version, /^asa-lab up \d+ secs?$/m, 'uptime restarts');
    assert.ok(parseShowVersion(version).uptimeSeconds! < 60);
    assert.match(await back.run('show failover'), /^Version: Ours 9\.20\(2\), Mate 9\.18\(4\)22$/m);
    assert.equal(lab.history.reloads('secondary').length, 1);
  });

  it('hands the active role to the standby when the active unit reloads, and never leaves the pair without one', async () => {
    const s = await open('active');
    s.send('reload');
    await s.waitFor(/Proceed with reload\? \[confirm\]$/);
    s.send('');
    await s.waitFor(/SHUTDOWN NOW/);
    await lab.waitFor((l) => l.history.sessions('primary').some((e) => e.kind === 'session-stranded'), 5000, 'the session on the reloading unit left hanging');
    await lab.waitFor((l) => l.units.secondary.isActive, 2000);
    assert.equal(lab.unitAt('active')?.role, 'secondary');
    await lab.waitFor((l) => l.units.primary.state === 'Standby Ready', 10000);
    assert.equal(lab.units.secondary.isActive, true, 'failover is not preemptive');
    assert.deepEqual(lab.history.failovers().map((e) => e.to), ['secondary']);
  });

  it('asks to save a modified configuration before reload', async () => {
    const s = await open('active');
    await s.run('configure terminal');
    await s.run('boot system disk0:/asa9-18-4-22-smp-k8.bin');
    await s.run('no boot system disk0:/asa9-18-4-22-smp-k8.bin');
    await s.run('asdm image disk0:/asdm-7181-152.bin');
    await s.run('boot system disk0:/other.bin');
    await s.run('end');
    s.send('reload');
    await s.waitFor(/System config has been modified\. Save\? \[Y\]es\/\[N\]o: $/);
    s.send('n');
    await s.waitFor(/Proceed with reload\? \[confirm\]$/);
    s.send('n');
    await s.waitFor(/# $/);
    assert.equal(lab.units.primary.isUp, true, 'answering no cancels the reload');
  });

  it('boots the first boot system image that exists, falling back to the next', async () => {
    const s = await open('active');
    for (const c of ['configure terminal', 'clear configure boot system', 'boot system disk0:/asa9-20-2-smp-k8.bin', 'boot system disk0:/asa9-18-4-22-smp-k8.bin', 'end', 'write memory', 'failover reload-standby']) {
      await s.run(c);
    }
    await lab.waitFor((l) => l.units.secondary.state === 'Standby Ready' && l.units.secondary.reloadCount === 1, 10000);
    assert.equal(lab.units.secondary.version, '9.18(4)22', 'the new image is not on flash, so the old one boots');
  });
});
