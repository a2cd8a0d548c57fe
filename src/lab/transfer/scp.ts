// SCP download over ssh2: runs `scp -f PATH` on the server and speaks the receiving side of the scp
// protocol (acknowledge with a zero byte, read the `C` header, the bytes, the closing status byte).

import { Client, type ClientChannel } from 'ssh2';
import type { TransferContext } from './context';
import { errorCode, isUnreachableCode, type TransferError } from './errors';

const DEFAULT_PORT = 22;

export function fetchScp(ctx: TransferContext): Promise<Buffer> {
  const host = ctx.url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(ctx.url.port || DEFAULT_PORT);
  // `;int=interface` picks the ASA's egress interface: meaningless here. One leading slash separates the
  // host from a path relative to the login folder, as the ASA's URL form has it.
  const path = decodeURIComponent(ctx.url.pathname.replace(/;.*$/, '').replace(/^\//, ''));
  if (!path) return Promise.reject(ctx.error('not-found', `${ctx.shownUrl}: the URL names no file.`));
  const username = ctx.username;
  if (!username) return Promise.reject(ctx.error('auth', `${ctx.shownUrl}: an scp URL needs a user name (scp://user@server/path/file).`));

  return new Promise<Buffer>((resolve, reject) => {
    const conn = new Client();
    let authenticated = false;
    let settled = false;
    const settle = (err: unknown, data?: Buffer) => {
      if (settled) return;
      settled = true;
      unhook();
      conn.end();
      if (err) reject(err);
      else resolve(data as Buffer);
    };
    const unhook = ctx.onAbort(() => {
      settle(ctx.signal.reason);
      conn.destroy();
    });

    conn.on('error', (err: Error & { level?: string }) => {
      const code = errorCode(err);
      if (err.level === 'client-authentication') {
        settle(ctx.error('auth', `${ctx.shownUrl}: the SSH server refused the login of ${username}. Check the user name and password.`, err));
      } else if (!authenticated && isUnreachableCode(code)) {
        settle(ctx.error('unreachable', `${ctx.shownUrl}: cannot connect to ${host}:${port} (${code}). Check the server address and port and that the SSH server is running.`, err));
      } else if (err.level === 'client-timeout') {
        settle(ctx.error('timeout', `${ctx.shownUrl}: the SSH server did not complete the login in time.`, err));
      } else {
        settle(ctx.error('protocol', `${ctx.shownUrl}: the SSH connection failed (${err.message}).`, err));
      }
    });
    conn.on('close', () => settle(ctx.error('protocol', `${ctx.shownUrl}: the SSH server closed the connection before the file arrived.`)));
    conn.on('ready', () => {
      authenticated = true;
      ctx.alive();
      conn.exec(`scp -f ${shellQuote(path)}`, (err, channel) => {
        if (err) {
          settle(ctx.error('protocol', `${ctx.shownUrl}: the SSH server would not run scp (${err.message}).`, err));
          return;
        }
        receive(ctx, channel).then((data) => settle(undefined, data), (e: unknown) => settle(e));
      });
    });
    conn.connect({
      host,
      port,
      username,
      password: ctx.password,
      readyTimeout: ctx.timeoutMs,
      // Lab only: like an ASA without `ssh stricthostkeycheck`, the copy accepts the server's key.
      hostVerifier: () => true,
      tryKeyboard: false,
    });
  });
}

/** Receiving side of the scp protocol for exactly one regular file. */
function receive(ctx: TransferContext, channel: ClientChannel): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    let pending: Buffer = Buffer.alloc(0);
    let stderr = '';
    let state: 'header' | 'data' | 'status' | 'done' = 'header';
    let size = 0;
    const chunks: Buffer[] = [];
    let got = 0;
    const ack = () => channel.write(Buffer.from([0]));
    const fail = (e: TransferError) => {
      state = 'done';
      channel.close();
      reject(e);
    };

    channel.stderr.on('data', (d: Buffer) => {
      stderr += d.toString('utf8');
    });
    channel.on('data', (chunk: Buffer) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length > 0 && state !== 'done') {
        if (state === 'data') {
          const take = Math.min(size - got, pending.length);
          chunks.push(pending.subarray(0, take));
          pending = pending.subarray(take);
          got += take;
          ctx.received(take);
          if (ctx.signal.aborted) return;
          if (got === size) state = 'status';
          continue;
        }
        const first = pending[0];
        if (state === 'status') {
          if (first === 0) {
            pending = pending.subarray(1);
            state = 'done';
            ack();
            channel.end();
            resolve(Buffer.concat(chunks));
            return;
          }
        }
        if (first === 1 || first === 2) {
          const eol = pending.indexOf(10);
          if (eol < 0) return;
          fail(remoteError(ctx, pending.subarray(1, eol).toString('utf8')));
          return;
        }
        if (state === 'status') {
          fail(ctx.error('protocol', `${ctx.shownUrl}: the scp server sent an unexpected status after the file.`));
          return;
        }
        const eol = pending.indexOf(10);
        if (eol < 0) return;
        const line = pending.subarray(0, eol).toString('utf8');
        pending = pending.subarray(eol + 1);
        if (line.startsWith('T')) {
          ack(); // modification times (scp -p): not needed
          continue;
        }
        const header = /^C[0-7]{4} (\d+) (.+)$/.exec(line);
        if (!header) {
          fail(ctx.error('protocol', line.startsWith('D')
            ? `${ctx.shownUrl}: that path is a folder, not an image file.`
            : `${ctx.shownUrl}: the scp server sent an unexpected header.`));
          return;
        }
        size = Number(header[1]);
        state = size === 0 ? 'status' : 'data';
        ctx.alive();
        ack();
      }
    });
    channel.on('close', () => {
      if (state === 'done') return;
      state = 'done';
      const said = stderr.trim().split('\n').pop();
      reject(/no such file|not found/i.test(stderr)
        ? ctx.error('not-found', `${ctx.shownUrl}: ${said}. Check the path (relative to the login folder of the user).`)
        : ctx.error('protocol', `${ctx.shownUrl}: scp ended after ${got} of ${size || '?'} bytes${said ? ` (${said})` : ''}.`));
    });
    ack();
  });
}

function remoteError(ctx: TransferContext, message: string): TransferError {
  if (/no such file|not found|does not exist/i.test(message)) {
    return ctx.error('not-found', `${ctx.shownUrl}: the server answered "${message}". Check the path (relative to the login folder of the user).`);
  }
  if (/permission denied/i.test(message)) return ctx.error('auth', `${ctx.shownUrl}: the server answered "${message}".`);
  return ctx.error('protocol', `${ctx.shownUrl}: the server answered "${message}".`);
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
