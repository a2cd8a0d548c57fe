// SMB download through Debian's `smbclient` (package smbclient). The npm SMB clients available speak only
// NTLMv1 with DES, which current Samba refuses and Node 20's OpenSSL no longer offers, so the lab drives the
// real client instead. The password goes through a private 0600 authentication file, never the command line.

import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TransferContext } from './context';
import type { TransferError } from './errors';

const DEFAULT_PORT = 445;

export async function fetchSmb(ctx: TransferContext): Promise<Buffer> {
  const host = ctx.url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(ctx.url.port || DEFAULT_PORT);
  const segments = ctx.url.pathname.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
  const [share, ...rest] = segments;
  const file = rest.join('/');
  if (!share || !file) {
    throw ctx.error('not-found', `${ctx.shownUrl}: an SMB URL names a share and a file: smb://server/share/path/file.`);
  }
  // smbclient's -c takes a command line: quotes or semicolons in the path would end the `get` command.
  if (/["';\\\x00-\x1f]/.test(file) || /[\x00-\x1f/\\]/.test(share)) {
    throw ctx.error('protocol', `${ctx.shownUrl}: the path has characters the lab's SMB client cannot pass on (quotes, ';', '\\' or control characters).`);
  }

  // Each credential becomes one line of the authentication file: a line break would add settings to it.
  if (/[\x00-\x1f]/.test(ctx.username + ctx.password)) {
    throw ctx.error('auth', `${ctx.shownUrl}: the user name or password holds control characters, which SMB logins cannot carry.`);
  }

  const dir = await mkdtemp(join(tmpdir(), 'asa-lab-smb-'));
  try {
    const args = ['-s', '/dev/null', `//${host}/${share}`, '-p', String(port), '-c', `get "${file}" /dev/fd/3`];
    if (ctx.username) {
      const authFile = join(dir, 'auth');
      const [domain, user] = ctx.username.includes(';') ? ctx.username.split(';', 2) : [undefined, ctx.username];
      const lines = [`username = ${user}`, `password = ${ctx.password}`, ...(domain ? [`domain = ${domain}`] : [])];
      await writeFile(authFile, `${lines.join('\n')}\n`, { mode: 0o600 });
      args.push('-A', authFile);
    } else {
      args.push('-N');
    }
    return await run(ctx, args, file, `${host}:${port}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function run(ctx: TransferContext, args: string[], file: string, where: string): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    // smbclient prints its errors on stdout, where `get FILE -` also puts the data. So the data goes to fd 3,
    // made a real pipe by the shell (smbclient cannot open Node's socket pairs by path), and its text to
    // stderr. Arguments travel as "$@", never through the shell's parser.
    const script = 'set -o pipefail; "$0" "$@" 3>&1 1>&2 | cat';
    const child = spawn('bash', ['-c', script, 'smbclient', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C' },
      detached: true, // own process group: an abort ends smbclient too, not just the shell
    });
    const chunks: Buffer[] = [];
    let stderr = '';
    let settled = false;
    const settle = (err: unknown, data?: Buffer) => {
      if (settled) return;
      settled = true;
      unhook();
      if (err) reject(err);
      else resolve(data as Buffer);
    };
    const unhook = ctx.onAbort(() => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      settle(ctx.signal.reason);
    });
    child.stdout.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      ctx.received(chunk.length);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      settle(ctx.error('protocol', `${ctx.shownUrl}: could not run smbclient through bash (${err.message}).`, err));
    });
    child.on('close', (code) => {
      if (code === 127) {
        settle(ctx.error('protocol', `${ctx.shownUrl}: the lab needs Debian's smbclient for SMB copies; install it (apt-get install smbclient).`));
        return;
      }
      const data = Buffer.concat(chunks);
      const size = /getting file .* of size (\d+) as/.exec(stderr);
      if (code === 0 && size && Number(size[1]) === data.length) {
        settle(undefined, data);
        return;
      }
      settle(smbError(ctx, stderr, code, data.length, file, where));
    });
  });
}

function smbError(ctx: TransferContext, stderr: string, code: number | null, got: number, file: string, where: string): TransferError {
  const status = /NT_STATUS_[A-Z_]+/.exec(stderr)?.[0];
  const said = status ? ` (${status})` : '';
  switch (status) {
    case 'NT_STATUS_LOGON_FAILURE':
    case 'NT_STATUS_ACCOUNT_DISABLED':
    case 'NT_STATUS_ACCOUNT_LOCKED_OUT':
    case 'NT_STATUS_PASSWORD_EXPIRED':
    case 'NT_STATUS_WRONG_PASSWORD':
    case 'NT_STATUS_NO_SUCH_USER':
      return ctx.error('auth', `${ctx.shownUrl}: the SMB server refused the login${ctx.username ? ` of ${ctx.username}` : ' as guest'}${said}. Check the user name and password.`);
    case 'NT_STATUS_ACCESS_DENIED':
      return ctx.error('auth', `${ctx.shownUrl}: the SMB server denied access${said}. Check the credentials and the share's permissions.`);
    case 'NT_STATUS_OBJECT_NAME_NOT_FOUND':
    case 'NT_STATUS_OBJECT_PATH_NOT_FOUND':
    case 'NT_STATUS_NO_SUCH_FILE':
      return ctx.error('not-found', `${ctx.shownUrl}: ${file} is not on the share${said}. Check the path.`);
    case 'NT_STATUS_BAD_NETWORK_NAME':
      return ctx.error('not-found', `${ctx.shownUrl}: the server has no such share${said}. The first folder of an SMB URL is the share name.`);
    case 'NT_STATUS_CONNECTION_REFUSED':
    case 'NT_STATUS_HOST_UNREACHABLE':
    case 'NT_STATUS_NETWORK_UNREACHABLE':
    case 'NT_STATUS_UNSUCCESSFUL':
      return ctx.error('unreachable', `${ctx.shownUrl}: cannot connect to ${where}${said}. Check the server address and port and that the SMB server is running.`);
    case 'NT_STATUS_IO_TIMEOUT':
      return ctx.error('timeout', `${ctx.shownUrl}: the SMB server stopped answering${said}.`);
    default: {
      const last = stderr.trim().split('\n').pop() ?? '';
      return ctx.error('protocol', `${ctx.shownUrl}: the SMB transfer failed after ${got} bytes (smbclient exit ${code}${last ? `: ${last}` : ''}).`);
    }
  }
}
