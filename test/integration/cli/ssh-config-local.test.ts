// The shipped CLI as an engineer with a bastion and an image on disk runs it: the pair named by ssh_config
// aliases behind an OpenSSH jump host (no --username: the config names the User), the image a local file
// pushed over SCP through the same jump host, held to Cisco's published SHA-512.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeImageBytes } from '../../../src/lab';
import { ensureBuilt, runCli, scratchDir } from '../../support/cli-run';
import { sshdUnavailable, startJumpSshd, type JumpSshd } from '../../support/sshd';
import { NEW_ASA, NEW_ASDM, NEW_VERSION, startCliLab, type CliLab } from './lab-fixture';

describe('asa-upgrade with ssh_config aliases behind a jump host, and local image files', function () {
  this.timeout(180_000);
  let bastion: JumpSshd;
  let keys: ReturnType<typeof scratchDir>;
  let t: CliLab | undefined;

  before(async function () {
    const reason = sshdUnavailable();
    if (reason) {
      // Needs a real sshd run as root; CI runs as root with openssh-server installed.
      console.log(`      skipped: ${reason}`);
      this.skip();
    }
    ensureBuilt();
    keys = scratchDir('cli-jump-keys-');
    execFileSync('ssh-keygen', ['-q', '-t', 'ecdsa', '-b', '256', '-N', '', '-f', join(keys.dir, 'id_bastion')]);
    bastion = await startJumpSshd({ authorizedKeys: [readFileSync(join(keys.dir, 'id_bastion.pub'), 'utf8')] });
  });
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });
  after(async () => {
    await bastion?.stop();
    keys?.remove();
  });

  /** ~/.ssh/config-style file naming the lab's addresses and the bastion; known_hosts trusting all three. */
  function sshSetup(lab: CliLab): string[] {
    const config = join(lab.home, 'ssh_config');
    writeFileSync(
      config,
      `Host asa-lab\n  HostName 127.0.0.1\n  Port ${lab.lab.activeEndpoint.port}\n  User ${lab.lab.credentials.username}\n  ProxyJump bastion-1\n` +
        `Host asa-lab-standby\n  HostName 127.0.0.1\n  Port ${lab.lab.standbyEndpoint.port}\n  ProxyJump bastion-1\n` +
        `Host bastion-1\n  HostName 127.0.0.1\n  Port ${bastion.port}\n  User root\n  IdentityFile ${join(keys.dir, 'id_bastion')}\n  IdentitiesOnly yes\n  ServerAliveInterval 10\n`,
    );
    writeFileSync(lab.knownHosts, `${readFileSync(lab.knownHosts, 'utf8')}[127.0.0.1]:${bastion.port} ${bastion.hostKeyLine}\n`);
    return ['--active', 'asa-lab', '--standby', 'asa-lab-standby', '--ssh-config', config, '--known-hosts', lab.knownHosts];
  }

  it('status through the jump host names the route, with the user from the config', async () => {
    t = await startCliLab();
    const r = await runCli(['status', ...sshSetup(t)], { env: t.env });
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /^Reached via bastion-1$/m);
    assert.ok(bastion.forwards().includes(`127.0.0.1:${t.lab.activeEndpoint.port}`));
  });

  it('upgrade --push scp from local files, through the jump host, with the published SHA-512 (exit 0)', async () => {
    t = await startCliLab({ sshScopy: true });
    const asa = makeImageBytes(NEW_ASA, 300 * 1024 + 7);
    const asdm = makeImageBytes(NEW_ASDM, 100 * 1024 + 3);
    writeFileSync(join(t.home, NEW_ASA), asa);
    writeFileSync(join(t.home, NEW_ASDM), asdm);
    const published = createHash('sha512').update(asa).digest('hex');
    const loginsBefore = bastion.logins();
    const r = await runCli(
      ['upgrade', ...sshSetup(t), '--asa', join(t.home, NEW_ASA), '--asdm', `file://${join(t.home, NEW_ASDM)}`, '--push', 'scp', '--asa-sha512', published, '--yes', '--poll-ms', '100'],
      { env: t.env },
    );
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    assert.ok(r.stdout.includes(`ASA ${NEW_ASA}: local file ${join(t.home, NEW_ASA)}, ${asa.length} bytes, pushed to each unit over SCP`), r.stdout);
    assert.ok(r.stdout.includes(`SHA-512 checked on both units against Cisco's published value ${published}`), r.stdout);
    assert.equal(t.lab.units.primary.version, NEW_VERSION);
    assert.equal(t.lab.units.secondary.version, NEW_VERSION);
    assert.ok(t.lab.units.secondary.readFile(NEW_ASA)?.equals(asa));
    assert.equal(t.lab.history.events.filter((e) => e.kind === 'copy-end' && /scp push/.test(e.detail ?? '') && e.bytes !== undefined).length, 4);
    // The pushes and every session went over the one connection to the bastion.
    assert.equal(bastion.logins() - loginsBefore, 1);
  });

  it('plan with a local file shows its size and SHA-512 and that it is served over HTTP, touching nothing', async () => {
    t = await startCliLab();
    const bytes = makeImageBytes(NEW_ASA, 200 * 1024);
    writeFileSync(join(t.home, NEW_ASA), bytes);
    // ASA 9.20 needs ASDM 7.20 or later (issue 11): the new ASDM goes with it, so the plan is not refused.
    writeFileSync(join(t.home, NEW_ASDM), makeImageBytes(NEW_ASDM, 100 * 1024 + 3));
    const r = await runCli(['plan', ...t.connection(), '--asa', join(t.home, NEW_ASA), '--asdm', join(t.home, NEW_ASDM)], { env: t.env });
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    assert.ok(r.stdout.includes(`local file ${join(t.home, NEW_ASA)}, ${bytes.length} bytes, served over HTTP from this workstation for the copies only`), r.stdout);
    assert.ok(r.stdout.includes(`no published hash given; SHA-512 of the local file ${createHash('sha512').update(bytes).digest('hex')}`), r.stdout);
    assert.match(r.stdout, /copy \/noconfirm http:\/\/THIS-WORKSTATION\/ONE-TIME-PATH\/asa9-20-2-smp-k8\.bin disk0:\/asa9-20-2-smp-k8\.bin/);
    assert.deepEqual(t.changingCommands(), []);
  });
});
