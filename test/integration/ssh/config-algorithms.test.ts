// A unit reached by a Host alias whose ssh_config block names its key file and the old algorithms it needs
// (OpenSSH's `+` forms), against Debian's OpenSSH set up like an old ASA: the configuration alone makes it
// work, as it does for `ssh` itself, and a name ssh2 cannot negotiate is refused before connecting.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectorFromFlags } from '../../../src/cli/connection';
import { InvalidInputError } from '../../../src/core/errors';
import { RECORDINGS } from '../../support/replay-asa';
import { sshdUnavailable, startLegacySshd, type LegacySshd } from '../../support/sshd';

describe('ssh_config algorithms and IdentityFile for a unit (OpenSSH with legacy-only algorithms)', function () {
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
    dir = mkdtempSync(join(tmpdir(), 'config-algorithms-'));
    writeFileSync(join(dir, 'known_hosts'), `[127.0.0.1]:${sshd.port} ${sshd.hostKeyLine}\n`);
  });
  after(async () => {
    await sshd?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function connectorFor(extra: string, knownHosts = join(dir, 'known_hosts')) {
    writeFileSync(
      join(dir, 'config'),
      `Host old-asa\n  HostName 127.0.0.1\n  Port ${sshd.port}\n  User ${sshd.username}\n  IdentityFile ${sshd.clientKeyPath}\n  UserKnownHostsFile ${knownHosts}\n${extra}`,
    );
    return connectorFromFlags({ active: 'old-asa', 'ssh-config': join(dir, 'config') }, { HOME: dir, ASA_ENABLE_PASSWORD: sshd.enablePassword }).connector;
  }

  it('+ forms for KexAlgorithms, Ciphers, MACs and HostKeyAlgorithms reach an old unit without --legacy-algorithms', async () => {
    const c = connectorFor('  KexAlgorithms +diffie-hellman-group14-sha1\n  Ciphers +aes256-cbc\n  MACs +hmac-sha1\n  HostKeyAlgorithms +ssh-rsa\n');
    try {
      const session = await c.connect('active');
      assert.equal((await session.showVersion()).version, '9.5(2)204');
    } catch (e) {
      assert.fail(`${(e as Error).message}\nsshd log:\n${sshd.log()}`);
    } finally {
      await c.close();
    }
  });

  it('HostKeyAlias: the host key is checked under the alias name in known_hosts', async () => {
    writeFileSync(join(dir, 'known_hosts_alias'), `old-asa-cluster ${sshd.hostKeyLine}\n`);
    const legacy = '  KexAlgorithms +diffie-hellman-group14-sha1\n  Ciphers +aes256-cbc\n  MACs +hmac-sha1\n  HostKeyAlgorithms +ssh-rsa\n';
    const c = connectorFor(`${legacy}  HostKeyAlias old-asa-cluster\n`, join(dir, 'known_hosts_alias'));
    try {
      const session = await c.connect('active');
      assert.equal((await session.showVersion()).version, '9.5(2)204');
    } finally {
      await c.close();
    }
  });

  it('an algorithm ssh2 cannot negotiate is refused before connecting, naming it', () => {
    assert.throws(() => connectorFor('  Ciphers +aes128-cbc@example.com\n'), (e: unknown) => e instanceof InvalidInputError && /aes128-cbc@example\.com/.test(e.message));
  });
});
