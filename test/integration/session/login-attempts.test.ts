// Logins as an ASA behind AAA needs them (issue 9 item 6, issue 10 "slow authentication"), over real SSH
// against a replay device: a password is sent once per connect, a rejected one never again by the same
// connector, slow authentication is waited for under its own limit and named as such.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPairConnector, KnownHostsFile, type AsaPairConnection } from '../../../src/asa';
import { connectorFromFlags } from '../../../src/cli/connection';
import { AsaUpgradeError } from '../../../src/core/errors';
import { recorded, startReplayDevice, type ReplayDevice, type ReplayOptions } from '../../support/replay-asa';

const PASSWORD = 'replay-pass';

describe('login attempts (replay device over SSH)', function () {
  this.timeout(60_000);
  let dir: string;
  let knownHosts: string;
  const devices: ReplayDevice[] = [];
  const connectors: { close(): Promise<void> }[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'asa-login-'));
    knownHosts = join(dir, 'known_hosts');
  });
  afterEach(async () => {
    await Promise.all(connectors.splice(0).map((c) => c.close()));
    await Promise.all(devices.splice(0).map((d) => d.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  async function device(options: Partial<ReplayOptions> = {}): Promise<ReplayDevice> {
    const d = await startReplayDevice({ outputs: { 'show version': recorded('show_version.asav-9.5.raw'), 'terminal pager 0': '' }, ...options });
    devices.push(d);
    writeFileSync(knownHosts, `[127.0.0.1]:${d.port} ssh-ed25519 ${d.hostKey.toString('base64')}\n`);
    return d;
  }

  function connector(d: ReplayDevice, overrides: Partial<AsaPairConnection> = {}, password: () => string = () => 'wrong-pass') {
    const c = createPairConnector({
      active: { host: '127.0.0.1', port: d.port },
      standby: { host: '127.0.0.1', port: d.port },
      username: 'ntc',
      auth: { method: 'password' },
      credentials: async () => ({ password: password(), enablePassword: 'replay-enable' }),
      hostKeys: KnownHostsFile.verifier(knownHosts, { acceptNew: false }),
      timeouts: { connectMs: 5000, commandMs: 5000 },
      ...overrides,
    });
    connectors.push(c);
    return c;
  }

  const authFailed = (e: unknown): boolean => e instanceof AsaUpgradeError && e.code === 'AUTH_FAILED' && !e.message.includes('wrong-pass');

  it('keyboard-interactive on a unit offering both methods sends a wrong password once, not once per method', async () => {
    const d = await device({ keyboardInteractive: true });
    await assert.rejects(connector(d, { auth: { method: 'keyboard-interactive' } }).connect('active'), authFailed);
    assert.deepEqual(d.passwordsTried, ['wrong-pass']);
  });

  it('a password rejected once is never sent again by the same connector, to either address', async () => {
    const d = await device({ keyboardInteractive: true });
    const c = connector(d);
    await assert.rejects(c.connect('active'), authFailed);
    await assert.rejects(c.connect('active'), (e: unknown) => authFailed(e) && /not tried again/.test((e as Error).message));
    await assert.rejects(c.connect('standby'), authFailed);
    await assert.rejects(c.connect('active', { dedicated: true }), authFailed);
    assert.deepEqual(d.passwordsTried, ['wrong-pass'], 'the unit saw the rejected password once');
  });

  it('a corrected password is sent (the refusal is kept per credential, not per unit)', async () => {
    const d = await device();
    let password = 'wrong-pass';
    const c = connector(d, {}, () => password);
    await assert.rejects(c.connect('active'), authFailed);
    password = PASSWORD;
    assert.equal((await (await c.connect('active')).showVersion()).version, '9.5(2)204');
    assert.deepEqual(d.passwordsTried, ['wrong-pass', PASSWORD]);
  });

  it('slow authentication (AAA taking seconds) is waited for under its own limit, not reported as no SSH answer', async () => {
    const d = await device({ authDelayMs: 1500 });
    const c = connector(d, { timeouts: { connectMs: 1000, authMs: 10_000, commandMs: 5000 } }, () => PASSWORD);
    assert.equal((await (await c.connect('active')).showVersion()).version, '9.5(2)204');
  });

  it('authentication that takes longer than its limit says so (and names the flag), not "No SSH answer"', async () => {
    const d = await device({ authDelayMs: 3000 });
    const c = connector(d, { timeouts: { connectMs: 10_000, authMs: 800, commandMs: 5000 } }, () => PASSWORD);
    await assert.rejects(c.connect('active'), (e: unknown) => {
      assert.ok(e instanceof AsaUpgradeError, String(e));
      assert.equal(e.code, 'CONNECT_FAILED');
      assert.doesNotMatch(e.message, /No SSH answer/);
      assert.match(e.message, /login of ntc was not accepted or refused within 1 s/);
      assert.match(e.message, /--auth-timeout-seconds/);
      return true;
    });
  });

  it('the command line sets both limits (--connect-timeout-seconds, --auth-timeout-seconds) and refuses nonsense', async () => {
    const d = await device({ authDelayMs: 2500 });
    const flags = { active: `127.0.0.1:${d.port}`, username: 'ntc', 'known-hosts': knownHosts, 'connect-timeout-seconds': '5', 'auth-timeout-seconds': '1' };
    const env = { ASA_PASSWORD: PASSWORD, ASA_ENABLE_PASSWORD: 'replay-enable' };
    const { connector: c } = connectorFromFlags(flags, env);
    connectors.push(c);
    await assert.rejects(c.connect('active'), /not accepted or refused within 1 s/);
    assert.throws(() => connectorFromFlags({ ...flags, 'auth-timeout-seconds': 'soon' }, env), /--auth-timeout-seconds must be a number of seconds/);
    assert.throws(() => connectorFromFlags({ ...flags, 'connect-timeout-seconds': '0' }, env), /--connect-timeout-seconds must be a number of seconds/);
  });
});
