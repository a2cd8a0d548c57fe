// Against Debian's real OpenSSH server set up like an old ASA (SHA-1 key exchange, CBC ciphers, ssh-rsa):
// proves the legacy algorithm set interoperates with an SSH implementation other than ssh2's, and that
// without it the user is told why the connection fails.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConnectError } from '../../../src/core/errors';
import { createPairConnector, KnownHostsFile, type AsaPairConnection } from '../../../src/asa';
import { RECORDINGS } from '../../support/replay-asa';
import { sshdUnavailable, startLegacySshd, type LegacySshd } from '../../support/sshd';

describe('ASA SSH session against OpenSSH with legacy-only algorithms', function () {
  this.timeout(30_000);
  let sshd: LegacySshd;
  let dir: string;

  before(async function () {
    const reason = sshdUnavailable();
    if (reason) {
      // Needs a real sshd run as root; CI runs as root with openssh-server installed.
      console.log(`      skipped: ${reason}`);
      this.skip();
    }
    sshd = await startLegacySshd({ showVersionFile: join(RECORDINGS, 'show_version.asav-9.5.raw') });
    dir = mkdtempSync(join(tmpdir(), 'legacy-known-hosts-'));
    writeFileSync(join(dir, 'known_hosts'), `[127.0.0.1]:${sshd.port} ${sshd.hostKeyLine}\n`);
  });
  after(async () => {
    await sshd?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function connector(algorithms: AsaPairConnection['algorithms']) {
    return createPairConnector({
      active: { host: '127.0.0.1', port: sshd.port },
      username: sshd.username,
      auth: { method: 'publickey', privateKeyPath: sshd.clientKeyPath },
      credentials: async () => ({ enablePassword: sshd.enablePassword }),
      hostKeys: KnownHostsFile.verifier(join(dir, 'known_hosts'), { acceptNew: false }),
      algorithms,
      timeouts: { connectMs: 10_000, commandMs: 10_000 },
    });
  }

  it('connects with the legacy algorithm set and reads show version', async () => {
    const c = connector('legacy');
    try {
      const session = await c.connect('active');
      const version = await session.showVersion();
      assert.equal(version.version, '9.5(2)204');
    } catch (e) {
      assert.fail(`${(e as Error).message}\nsshd log:\n${sshd.log()}`);
    } finally {
      await c.close();
    }
  });

  it('with the default set the connection fails with a ConnectError naming the algorithm mismatch', async () => {
    const c = connector('default');
    try {
      await assert.rejects(c.connect('active'), (e: unknown) => {
        assert.ok(e instanceof ConnectError, String(e));
        assert.match(e.message, /algorithm mismatch/);
        assert.match(e.message, /key exchange/);
        assert.match(e.message, /legacy/);
        return true;
      });
    } finally {
      await c.close();
    }
  });
});
