// Debian's OpenSSH sshd, configured like an old ASA (SHA-1 key exchange, CBC ciphers, ssh-rsa host key),
// running the fake ASA CLI as its ForceCommand. Only for tests that need a real, independent SSH server.

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SSHD = '/usr/sbin/sshd';

export interface LegacySshd {
  port: number;
  username: string;
  /** OpenSSH-format private key accepted for `username` (no passphrase). */
  clientKeyPath: string;
  /** The server's ssh-rsa host key, `ssh-rsa AAAA...`. */
  hostKeyLine: string;
  enablePassword: string;
  /** sshd's own log (stderr), for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

/** Why the sshd tests cannot run here, or undefined when they can. */
export function sshdUnavailable(): string | undefined {
  if (!existsSync(SSHD)) return `${SSHD} is not installed (apt-get install openssh-server)`;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'sshd must run as root to log users in';
  try {
    execFileSync('ssh-keygen', ['-?'], { stdio: 'ignore' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'ssh-keygen is not installed (apt-get install openssh-client)';
  }
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function startLegacySshd(options: { showVersionFile: string; enablePassword?: string }): Promise<LegacySshd> {
  const dir = mkdtempSync(join(tmpdir(), 'legacy-sshd-'));
  const enablePassword = options.enablePassword ?? 'fake-enable';
  execFileSync('ssh-keygen', ['-q', '-t', 'rsa', '-b', '2048', '-N', '', '-f', join(dir, 'host_rsa')]);
  execFileSync('ssh-keygen', ['-q', '-t', 'rsa', '-b', '2048', '-N', '', '-f', join(dir, 'client_rsa')]);
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'client_rsa.pub')));
  // sshd refuses to start without its privilege-separation directory.
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const port = await freePort();
  const shell = join(__dirname, 'fake-asa-shell.cjs');
  const config = [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${join(dir, 'host_rsa')}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    'StrictModes no',
    'PermitRootLogin prohibit-password',
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'KexAlgorithms diffie-hellman-group14-sha1',
    'Ciphers aes256-cbc,aes128-cbc',
    'MACs hmac-sha1',
    'HostKeyAlgorithms ssh-rsa',
    // OpenSSH 9 advertises rsa-sha2-* in server-sig-algs whatever this says, and ssh2 then signs with
    // rsa-sha2-256; an old ASA sends no server-sig-algs and gets ssh-rsa. The transport stays legacy-only.
    'PubkeyAcceptedAlgorithms ssh-rsa,rsa-sha2-256,rsa-sha2-512',
    'X11Forwarding no',
    'AllowTcpForwarding no',
    'PrintMotd no',
    'PrintLastLog no',
    'LogLevel VERBOSE',
    `ForceCommand ${process.execPath} ${shell} ${options.showVersionFile} ${enablePassword}`,
  ].join('\n');
  const { log, stop } = await launchSshd(dir, port, config);
  return {
    port,
    username: 'root',
    clientKeyPath: join(dir, 'client_rsa'),
    hostKeyLine: readFileSync(join(dir, 'host_rsa.pub'), 'utf8').trim().split(/\s+/).slice(0, 2).join(' '),
    enablePassword,
    log,
    stop,
  };
}

/** Writes the configuration, starts sshd in the foreground and waits until it accepts connections. */
async function launchSshd(dir: string, port: number, config: string): Promise<{ log(): string; stop(): Promise<void> }> {
  const configPath = join(dir, 'sshd_config');
  writeFileSync(configPath, `${config}\n`);
  execFileSync(SSHD, ['-t', '-f', configPath]);
  let log = '';
  const child: ChildProcess = spawn(SSHD, ['-D', '-e', '-f', configPath], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', (d: Buffer) => {
    log += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  while (!(await canConnect(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`sshd did not start on 127.0.0.1:${port}: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    log: () => log,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface JumpSshd {
  port: number;
  /** `ssh-ed25519 AAAA...`: the host key to trust. */
  hostKeyLine: string;
  /** sshd's log (LogLevel DEBUG1 names every forwarded connection and every login). */
  log(): string;
  /** Forwarded connections sshd opened, as `host:port` targets. */
  forwards(): string[];
  /** Logins sshd accepted. */
  logins(): number;
  stop(): Promise<void>;
}

/**
 * Debian's OpenSSH sshd as a jump host (bastion): modern algorithms, public-key logins for root with the
 * given authorized keys, TCP forwarding allowed and no shell (ForceCommand /bin/false).
 */
export async function startJumpSshd(options: { authorizedKeys: string[] }): Promise<JumpSshd> {
  const dir = mkdtempSync(join(tmpdir(), 'jump-sshd-'));
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host_ed25519')]);
  writeFileSync(join(dir, 'authorized_keys'), options.authorizedKeys.map((k) => k.trim()).join('\n') + '\n');
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const port = await freePort();
  const config = [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${join(dir, 'host_ed25519')}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    'StrictModes no',
    'PermitRootLogin prohibit-password',
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'AllowTcpForwarding yes',
    'X11Forwarding no',
    'PrintMotd no',
    'LogLevel DEBUG1',
    'ForceCommand /bin/false',
  ].join('\n');
  const { log, stop } = await launchSshd(dir, port, config);
  return {
    port,
    hostKeyLine: readFileSync(join(dir, 'host_ed25519.pub'), 'utf8').trim().split(/\s+/).slice(0, 2).join(' '),
    log,
    forwards: () => [...log().matchAll(/server_request_direct_tcpip: originator \S+ port \d+, target (\S+) port (\d+)/g)].map((m) => `${m[1]}:${m[2]}`),
    logins: () => (log().match(/Accepted publickey for /g) ?? []).length,
    stop,
  };
}
