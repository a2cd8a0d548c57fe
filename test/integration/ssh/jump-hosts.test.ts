// The lab behind real OpenSSH jump hosts, reached by ssh_config aliases through the CLI's own connection
// code: one and two hops, key and agent authentication, and a jump host whose key changed. sshd's own log
// (LogLevel DEBUG1) proves the route: every forwarded connection and every login is named there.

import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectorFromFlags } from '../../../src/cli/connection';
import { HostKeyRejectedError } from '../../../src/core/errors';
import { readPairStatus } from '../../../src/core/status';
import { sha256Fingerprint } from '../../../src/asa/host-key';
import { sshdUnavailable, startJumpSshd, type JumpSshd } from '../../support/sshd';
import { assertInvariants, NEW_VERSION, startBench, type Bench } from '../upgrade/support';

const fingerprintOf = (line: string): string => sha256Fingerprint(Buffer.from(line.split(/\s+/)[1], 'base64'));

async function waitFor(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

describe('jump hosts: the lab behind OpenSSH bastions named by ssh_config aliases', function () {
  this.timeout(180_000);
  let dir: string;
  let bastion1: JumpSshd;
  let bastion2: JumpSshd;
  let bench: Bench | undefined;
  let agent: ChildProcess | undefined;

  before(async function () {
    const reason = sshdUnavailable();
    if (reason) {
      // Needs a real sshd run as root; CI runs as root with openssh-server installed.
      console.log(`      skipped: ${reason}`);
      this.skip();
    }
    dir = mkdtempSync(join(tmpdir(), 'jump-it-'));
    execFileSync('ssh-keygen', ['-q', '-t', 'ecdsa', '-b', '256', '-N', '', '-C', 'jump-test', '-f', join(dir, 'client_key')]);
    const pub = readFileSync(join(dir, 'client_key.pub'), 'utf8');
    [bastion1, bastion2] = await Promise.all([startJumpSshd({ authorizedKeys: [pub] }), startJumpSshd({ authorizedKeys: [pub] })]);
  });
  afterEach(async () => {
    await bench?.stop();
    bench = undefined;
    if (agent && agent.exitCode === null) {
      const exited = new Promise((r) => agent!.once('exit', r));
      agent.kill('SIGTERM');
      await exited;
    }
    agent = undefined;
  });
  after(async () => {
    await Promise.all([bastion1?.stop(), bastion2?.stop()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** An ssh_config naming the lab's two addresses and both bastions; `keys` false leaves the agent as the only way in. */
  function writeConfig(b: Bench, name: string, route: string, keys: boolean): string {
    const identity = keys ? `  IdentityFile ${join(dir, 'client_key')}\n  IdentitiesOnly yes\n` : '';
    const text =
      `Host asa-lab\n  HostName 127.0.0.1\n  Port ${b.lab.activeEndpoint.port}\n  User ${b.lab.credentials.username}\n  ProxyJump ${route}\n` +
      `Host asa-lab-standby\n  HostName 127.0.0.1\n  Port ${b.lab.standbyEndpoint.port}\n  ProxyJump ${route}\n` +
      `Host bastion-1\n  HostName 127.0.0.1\n  Port ${bastion1.port}\n  User root\n${identity}` +
      `Host bastion-2\n  HostName 127.0.0.1\n  Port ${bastion2.port}\n  User root\n${identity}`;
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  }

  function knownHosts(b: Bench, bastionLines: string): string {
    const path = join(dir, `known_hosts_${Date.now()}_${Math.random().toString(36).slice(2)}`);
    writeFileSync(path, b.lab.knownHostsLines() + bastionLines);
    return path;
  }

  function connector(b: Bench, sshConfig: string, knownHostsFile: string, extraEnv: NodeJS.ProcessEnv = {}) {
    return connectorFromFlags(
      { active: 'asa-lab', standby: 'asa-lab-standby', 'ssh-config': sshConfig, 'known-hosts': knownHostsFile },
      { HOME: dir, USER: 'root', ASA_PASSWORD: b.lab.credentials.password, ASA_ENABLE_PASSWORD: b.lab.credentials.enablePassword, ...extraEnv },
    ).connector;
  }

  const labTargets = (b: Bench): string[] => [`127.0.0.1:${b.lab.activeEndpoint.port}`, `127.0.0.1:${b.lab.standbyEndpoint.port}`];

  it('upgrades the lab through one jump host with a key file: every session goes through one bastion login', async () => {
    bench = await startBench();
    const config = writeConfig(bench, 'one-hop', 'bastion-1', true);
    const kh = knownHosts(bench, `[127.0.0.1]:${bastion1.port} ${bastion1.hostKeyLine}\n`);
    const loginsBefore = bastion1.logins();
    const forwardsBefore = bastion1.forwards().length;
    const c = connector(bench, config, kh);
    assert.equal(c.route, 'via bastion-1');
    try {
      const { outcome } = await bench.run({ connector: c });
      assert.equal(outcome.outcome, 'upgraded', outcome.message);
    } finally {
      await c.close();
    }
    assert.equal(bench.lab.units.primary.version, NEW_VERSION);
    assert.equal(bench.lab.units.secondary.version, NEW_VERSION);
    assertInvariants(bench.lab, { secondaryFirst: true });
    const forwards = bastion1.forwards().slice(forwardsBefore);
    // Shared sessions, copy watchers and reconnects after reloads and switch-overs all went through the bastion...
    assert.ok(forwards.length >= 4, `forwarded connections: ${forwards.join(', ')}`);
    for (const target of labTargets(bench)) assert.ok(forwards.includes(target), `no forwarded connection to ${target}: ${forwards.join(', ')}`);
    // ...over one SSH connection to it.
    assert.equal(bastion1.logins() - loginsBefore, 1, bastion1.log().slice(-3000));
  });

  it('upgrades the lab through two jump hosts authenticated by ssh-agent (no key file named anywhere)', async () => {
    const sock = join(dir, `agent-${Date.now()}.sock`);
    agent = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
    await waitFor('ssh-agent to listen', () => existsSync(sock));
    execFileSync('ssh-add', ['-q', join(dir, 'client_key')], { env: { ...process.env, SSH_AUTH_SOCK: sock }, stdio: 'ignore' });
    bench = await startBench();
    const config = writeConfig(bench, 'two-hops', 'bastion-1,bastion-2', false);
    const kh = knownHosts(bench, `[127.0.0.1]:${bastion1.port} ${bastion1.hostKeyLine}\n[127.0.0.1]:${bastion2.port} ${bastion2.hostKeyLine}\n`);
    const before = { l1: bastion1.logins(), l2: bastion2.logins(), f1: bastion1.forwards().length, f2: bastion2.forwards().length };
    const c = connector(bench, config, kh, { SSH_AUTH_SOCK: sock });
    assert.equal(c.route, 'via bastion-1, bastion-2');
    try {
      const { outcome } = await bench.run({ connector: c });
      assert.equal(outcome.outcome, 'upgraded', outcome.message);
    } finally {
      await c.close();
    }
    assert.equal(bench.lab.units.primary.version, NEW_VERSION);
    assertInvariants(bench.lab, { secondaryFirst: true });
    // bastion-1 only ever forwarded to bastion-2, and bastion-2 to the lab.
    assert.deepEqual([...new Set(bastion1.forwards().slice(before.f1))], [`127.0.0.1:${bastion2.port}`]);
    const second = bastion2.forwards().slice(before.f2);
    for (const target of labTargets(bench)) assert.ok(second.includes(target), `bastion-2 forwarded to ${second.join(', ')}`);
    assert.equal(bastion1.logins() - before.l1, 1);
    assert.equal(bastion2.logins() - before.l2, 1);
  });

  it('a jump host whose key changed is refused naming both fingerprints, and the units are never reached', async () => {
    bench = await startBench();
    const config = writeConfig(bench, 'changed', 'bastion-1', true);
    // known_hosts trusts another key for bastion-1's address (as after a re-install, or an interception).
    const kh = knownHosts(bench, `[127.0.0.1]:${bastion1.port} ${bastion2.hostKeyLine}\n`);
    const forwardsBefore = bastion1.forwards().length;
    const c = connector(bench, config, kh);
    try {
      await assert.rejects(readPairStatus(c), (e: unknown) => {
        assert.ok(e instanceof HostKeyRejectedError, String(e));
        assert.match(e.message, /has changed/);
        assert.ok(e.message.includes(fingerprintOf(bastion1.hostKeyLine)), e.message);
        assert.ok(e.message.includes(fingerprintOf(bastion2.hostKeyLine)), e.message);
        return true;
      });
    } finally {
      await c.close();
    }
    assert.equal(bastion1.forwards().length, forwardsBefore);
    assert.equal(bench.lab.history.events.filter((e) => e.kind === 'session-open').length, 0);
  });

  it('a jump host seen for the first time is refused unless new keys are accepted, then recorded', async () => {
    bench = await startBench();
    const config = writeConfig(bench, 'first-contact', 'bastion-1', true);
    const kh = knownHosts(bench, '');
    const refused = connector(bench, config, kh);
    try {
      await assert.rejects(readPairStatus(refused), (e: unknown) => e instanceof HostKeyRejectedError && /not known/.test(e.message) && e.message.includes(fingerprintOf(bastion1.hostKeyLine)));
    } finally {
      await refused.close();
    }
    const accepting = connectorFromFlags(
      { active: 'asa-lab', standby: 'asa-lab-standby', 'ssh-config': config, 'known-hosts': kh, 'accept-new-host-keys': true },
      { HOME: dir, USER: 'root', ASA_PASSWORD: bench.lab.credentials.password, ASA_ENABLE_PASSWORD: bench.lab.credentials.enablePassword },
    ).connector;
    try {
      const status = await readPairStatus(accepting);
      assert.equal(status.units.length, 2);
    } finally {
      await accepting.close();
    }
    assert.ok(readFileSync(kh, 'utf8').includes(`[127.0.0.1]:${bastion1.port} ${bastion1.hostKeyLine}`));
  });
});
