// SMB file server for the lab: Debian's Samba `smbd` (package samba) run as a child process with a private
// configuration, password database, lock/state folders and share in a temporary folder, listening only on
// 127.0.0.1 at a free port. smbd must run as root; without it (or without samba) this throws
// SmbUnavailableError and callers skip SMB.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, constants, readFileSync, readdirSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { encodePath, userInfo, type FileRequest, type FileServer, type FileServerOptions } from './types';

export const SMB_SHARE = 'images';
const START_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 5_000;

/** Samba is missing or cannot run here; the message says what to do. */
export class SmbUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SmbUnavailableError';
  }
}

export async function startSmbServer(files: Map<string, Buffer>, opts: FileServerOptions): Promise<FileServer> {
  const smbd = findProgram('smbd');
  const smbpasswd = findProgram('smbpasswd');
  if (!smbd || !smbpasswd) {
    throw new SmbUnavailableError('The lab SMB server needs Samba: install it with `apt-get install samba smbclient`.');
  }
  if (process.getuid?.() !== 0) {
    throw new SmbUnavailableError('The lab SMB server runs Samba\'s smbd, which must start as root; run the lab as root to use smb:// URLs.');
  }
  if (opts.username !== undefined && !/^[A-Za-z0-9._-]+$/.test(opts.username)) {
    throw new Error('The lab SMB server takes user names made of letters, digits, ".", "_" and "-".');
  }

  const root = await mkdtemp(join(tmpdir(), 'asa-lab-smbd-'));
  let child: ChildProcess | undefined;
  try {
    // smbd serves the share as a mapped user; the folders on the way must be traversable.
    await chmod(root, 0o755);
    const share = join(root, 'share');
    for (const sub of ['share', 'private', 'lock', 'state', 'cache', 'pid', 'ncalrpc', 'log']) await mkdir(join(root, sub), { mode: 0o755 });
    await chmod(join(root, 'private'), 0o700);
    for (const [name, data] of files) {
      const target = join(share, ...name.split('/').filter((p) => p && p !== '..' && p !== '.'));
      await mkdir(dirname(target), { recursive: true, mode: 0o755 });
      await writeFile(target, data, { mode: 0o644 });
    }
    const port = await freePort();
    const config = join(root, 'smb.conf');
    await writeFile(config, smbConfig(root, port, opts));
    if (opts.username !== undefined) {
      // The client's name maps to root, whose password lives only in this private passdb: no system user
      // is created and nothing outside the temporary folder changes.
      await writeFile(join(root, 'users.map'), `root = ${opts.username}\n`);
      const password = opts.password ?? '';
      const added = spawnSync(smbpasswd, ['-c', config, '-s', '-a', 'root'], { input: `${password}\n${password}\n`, encoding: 'utf8' });
      if (added.status !== 0) throw new Error(`Could not set up the lab SMB user (smbpasswd: ${(added.stderr || added.stdout).trim()}).`);
    }

    const output: string[] = [];
    // Own process group, so stop() can end smbd and the helpers it forks (one per connection) together.
    child = spawn(smbd, ['--foreground', '--no-process-group', '-s', config], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d: Buffer) => output.push(d.toString('utf8')));
    child.stderr?.on('data', (d: Buffer) => output.push(d.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
    await waitForPort(port, exited, () => `${output.join('')}${readLogs(join(root, 'log'))}`.trim().split('\n').slice(-3).join(' | '));

    const running = child;
    let stopped: Promise<void> | undefined;
    return {
      protocol: 'smb',
      port,
      get requests() {
        return readRequests(join(root, 'log'));
      },
      url: (file, o) => `smb://${userInfo(opts, o?.withCredentials)}127.0.0.1:${port}/${SMB_SHARE}/${encodePath(file)}`,
      stop: () => {
        stopped ??= stopGroup(running, exited).then(() => rm(root, { recursive: true, force: true }));
        return stopped;
      },
    } satisfies FileServer;
  } catch (err) {
    if (child?.pid && child.exitCode === null) killGroup(child.pid, 'SIGKILL');
    await rm(root, { recursive: true, force: true });
    throw err;
  }
}

function smbConfig(root: string, port: number, opts: FileServerOptions): string {
  const guest = opts.username === undefined;
  return `# Private configuration of one lab SMB server; nothing here touches the system's Samba.
[global]
  server role = standalone server
  workgroup = WORKGROUP
  interfaces = 127.0.0.1
  bind interfaces only = yes
  smb ports = ${port}
  disable netbios = yes
  server min protocol = SMB2_02
  private dir = ${root}/private
  lock directory = ${root}/lock
  state directory = ${root}/state
  cache directory = ${root}/cache
  pid directory = ${root}/pid
  ncalrpc dir = ${root}/ncalrpc
  passdb backend = tdbsam:${root}/private/passdb.tdb
  ${guest ? 'map to guest = Bad User' : `username map = ${root}/users.map\n  map to guest = Never`}
  log file = ${root}/log/smbd.log
  log level = 2
  max log size = 0
  load printers = no
  printing = bsd
  printcap name = /dev/null
  disable spoolss = yes
  usershare path =
  registry shares = no

[${SMB_SHARE}]
  path = ${root}/share
  read only = yes
  browseable = yes
  guest ok = ${guest ? 'yes' : 'no'}
`;
}

/**
 * smbd does not report downloads to its parent; at log level 2 it logs each open and close, which is enough
 * to say which files were read to the end (closed normally after an open for reading).
 */
function readRequests(logDir: string): FileRequest[] {
  const text = readLogs(logDir);
  const requests: FileRequest[] = [];
  for (const line of text.split('\n')) {
    const opened = /opened file (.+) read=Yes/.exec(line);
    if (opened) requests.push({ file: opened[1], ok: false });
    const closed = /closed file (.+) \(numopen=\d+\) (NT_STATUS_\w+)/.exec(line);
    if (closed) {
      const open = [...requests].reverse().find((r) => r.file === closed[1] && !r.ok);
      if (open) open.ok = closed[2] === 'NT_STATUS_OK';
    }
  }
  return requests;
}

function readLogs(logDir: string): string {
  // Synchronous on purpose: `requests` is a plain property in the FileServer contract.
  try {
    return readdirSync(logDir).filter((f) => f.endsWith('.log')).sort().map((f) => readFileSync(join(logDir, f), 'utf8')).join('\n');
  } catch {
    return '';
  }
}

function findProgram(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/usr/bin', '/sbin'])) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, exited: Promise<number | null>, lastOutput: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let gone: number | null | undefined;
  void exited.then((code) => { gone = code; });
  while (Date.now() < deadline) {
    if (gone !== undefined) throw new SmbUnavailableError(`smbd exited (code ${gone}) before it listened: ${lastOutput()}`);
    if (await accepts(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new SmbUnavailableError(`smbd did not listen on 127.0.0.1:${port} within ${START_TIMEOUT_MS / 1000} s: ${lastOutput()}`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

async function stopGroup(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (!child.pid) return;
  if (child.exitCode === null && child.signalCode === null) {
    killGroup(child.pid, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child.pid as number, 'SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }
  // smbd's forked helpers may outlive the parent for a moment; they are in its group.
  killGroup(child.pid, 'SIGKILL');
}
