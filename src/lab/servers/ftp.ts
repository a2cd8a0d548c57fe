// A small FTP server for the lab (RFC 959 subset, passive mode only): enough for an ASA-style `copy ftp://`
// and for common clients. Files live in memory; a name with slashes is a file in a folder.

import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { encodePath, userInfo, type FileRequest, type FileServer, type FileServerOptions } from './types';

export async function startFtpServer(files: Map<string, Buffer>, opts: FileServerOptions): Promise<FileServer> {
  const requests: FileRequest[] = [];
  const sockets = new Set<net.Socket>();
  const dataServers = new Set<net.Server>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    new FtpSession(socket, files, opts, requests, dataServers).start();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    protocol: 'ftp',
    port,
    requests,
    url: (file, o) => `ftp://${userInfo(opts, o?.withCredentials)}127.0.0.1:${port}/${encodePath(file)}`,
    stop: async () => {
      for (const s of sockets) s.destroy();
      for (const d of dataServers) d.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const DATA_CONNECT_TIMEOUT_MS = 30_000;
const COMMANDS_BEFORE_LOGIN = new Set(['USER', 'PASS', 'QUIT', 'SYST', 'FEAT', 'OPTS', 'NOOP', 'AUTH']);

class FtpSession {
  private buffer = '';
  private user: string | undefined;
  private loggedIn = false;
  private cwd = '';
  private dataServer: net.Server | undefined;
  private dataSocket: Promise<net.Socket> | undefined;
  private busy = Promise.resolve();

  constructor(
    private readonly control: net.Socket,
    private readonly files: Map<string, Buffer>,
    private readonly opts: FileServerOptions,
    private readonly requests: FileRequest[],
    private readonly dataServers: Set<net.Server>,
  ) {}

  start(): void {
    this.control.setEncoding('utf8');
    this.control.on('error', () => this.closeData());
    this.control.on('close', () => this.closeData());
    this.control.on('data', (chunk: string) => {
      this.buffer += chunk;
      let eol: number;
      while ((eol = this.buffer.indexOf('\n')) >= 0) {
        const line = this.buffer.slice(0, eol).replace(/\r$/, '');
        this.buffer = this.buffer.slice(eol + 1);
        // One command at a time: RETR answers twice (150 then 226) and the next command waits for it.
        this.busy = this.busy.then(() => this.handle(line)).catch(() => { this.control.destroy(); });
      }
    });
    this.reply(220, 'asa-lab FTP server ready.');
  }

  private reply(code: number, text: string): void {
    if (!this.control.destroyed) this.control.write(`${code} ${text}\r\n`);
  }

  private async handle(line: string): Promise<void> {
    const space = line.indexOf(' ');
    const verb = (space < 0 ? line : line.slice(0, space)).toUpperCase();
    const arg = space < 0 ? '' : line.slice(space + 1);
    if (!this.loggedIn && !COMMANDS_BEFORE_LOGIN.has(verb)) {
      this.reply(530, 'Please login with USER and PASS.');
      return;
    }
    switch (verb) {
      case 'USER':
        this.user = arg;
        this.loggedIn = false;
        this.reply(331, `Password required for ${arg}.`);
        return;
      case 'PASS':
        if (this.user === undefined) this.reply(503, 'Login with USER first.');
        else if (this.opts.username === undefined || (this.user === this.opts.username && arg === (this.opts.password ?? ''))) {
          this.loggedIn = true;
          this.reply(230, 'Login successful.');
        } else {
          this.reply(530, 'Login incorrect.');
        }
        return;
      case 'AUTH':
        this.reply(502, 'TLS is not offered by this lab server.');
        return;
      case 'SYST':
        this.reply(215, 'UNIX Type: L8');
        return;
      case 'FEAT':
        this.control.write('211-Features:\r\n EPSV\r\n PASV\r\n SIZE\r\n UTF8\r\n211 End\r\n');
        return;
      case 'OPTS':
        this.reply(/^UTF8 ON$/i.test(arg) ? 200 : 501, /^UTF8 ON$/i.test(arg) ? 'UTF8 mode on.' : 'Option not understood.');
        return;
      case 'NOOP':
        this.reply(200, 'OK.');
        return;
      case 'TYPE':
        if (/^(I|A|L 8)( N)?$/i.test(arg)) this.reply(200, `Type set to ${arg.toUpperCase()}.`);
        else this.reply(504, 'Type not supported.');
        return;
      case 'STRU':
        this.reply(/^F$/i.test(arg) ? 200 : 504, /^F$/i.test(arg) ? 'Structure set to F.' : 'Only file structure.');
        return;
      case 'MODE':
        this.reply(/^S$/i.test(arg) ? 200 : 504, /^S$/i.test(arg) ? 'Mode set to S.' : 'Only stream mode.');
        return;
      case 'PWD':
      case 'XPWD':
        this.reply(257, `"/${this.cwd}" is the current directory.`);
        return;
      case 'CWD':
      case 'XCWD': {
        const dir = this.resolve(arg);
        if (dir === '' || this.isDirectory(dir)) {
          this.cwd = dir;
          this.reply(250, 'Directory changed.');
        } else {
          this.reply(550, `${arg}: No such directory.`);
        }
        return;
      }
      case 'CDUP':
        this.cwd = this.cwd.split('/').slice(0, -1).join('/');
        this.reply(250, 'Directory changed.');
        return;
      case 'SIZE': {
        const data = this.files.get(this.resolve(arg));
        if (data) this.reply(213, String(data.length));
        else this.reply(550, `${arg}: No such file.`);
        return;
      }
      case 'PASV':
      case 'EPSV': {
        const port = await this.openDataListener();
        if (verb === 'PASV') this.reply(227, `Entering Passive Mode (127,0,0,1,${port >> 8},${port & 255}).`);
        else this.reply(229, `Entering Extended Passive Mode (|||${port}|)`);
        return;
      }
      case 'PORT':
      case 'EPRT':
        this.reply(502, 'Active mode is not supported; use passive mode (PASV/EPSV).');
        return;
      case 'RETR':
        await this.retrieve(arg);
        return;
      case 'NLST':
      case 'LIST':
        await this.list(verb);
        return;
      case 'ABOR':
        this.closeData();
        this.reply(226, 'No transfer to abort.');
        return;
      case 'QUIT':
        this.reply(221, 'Goodbye.');
        this.control.end();
        return;
      default:
        this.reply(502, `${verb} not implemented.`);
    }
  }

  private resolve(arg: string): string {
    const parts = arg.startsWith('/') ? [] : this.cwd.split('/').filter(Boolean);
    for (const part of arg.split('/')) {
      if (part === '' || part === '.') continue;
      if (part === '..') parts.pop();
      else parts.push(part);
    }
    return parts.join('/');
  }

  private isDirectory(dir: string): boolean {
    return [...this.files.keys()].some((name) => name.startsWith(`${dir}/`));
  }

  private openDataListener(): Promise<number> {
    this.closeData();
    const server = net.createServer();
    this.dataServer = server;
    this.dataServers.add(server);
    // A client that asked for passive mode but never connects must not hold the listener open forever.
    const idle = setTimeout(() => server.close(), DATA_CONNECT_TIMEOUT_MS);
    idle.unref();
    this.dataSocket = new Promise<net.Socket>((resolve, reject) => {
      server.once('connection', (socket) => {
        clearTimeout(idle);
        server.close();
        this.dataServers.delete(server);
        resolve(socket);
      });
      server.once('close', () => reject(new Error('data connection closed')));
    });
    this.dataSocket.catch(() => undefined);
    return new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
    });
  }

  private takeDataSocket(): Promise<net.Socket> | undefined {
    const pending = this.dataSocket;
    this.dataSocket = undefined;
    this.dataServer = undefined;
    return pending;
  }

  private closeData(): void {
    this.dataServer?.close();
    if (this.dataServer) this.dataServers.delete(this.dataServer);
    this.dataServer = undefined;
    void this.dataSocket?.then((s) => { s.destroy(); }, () => undefined);
    this.dataSocket = undefined;
  }

  private async retrieve(arg: string): Promise<void> {
    const name = this.resolve(arg);
    const data = this.files.get(name);
    if (!data) {
      this.requests.push({ file: name, ok: false });
      this.closeData();
      this.reply(550, `${arg}: No such file or directory.`);
      return;
    }
    const pending = this.takeDataSocket();
    if (!pending) {
      this.reply(425, 'Use PASV or EPSV first.');
      return;
    }
    this.reply(150, `Opening BINARY mode data connection for ${arg} (${data.length} bytes).`);
    const ok = await sendAll(pending, data);
    this.requests.push({ file: name, ok });
    if (ok) this.reply(226, 'Transfer complete.');
    else this.reply(426, 'Connection closed; transfer aborted.');
  }

  private async list(verb: string): Promise<void> {
    const pending = this.takeDataSocket();
    if (!pending) {
      this.reply(425, 'Use PASV or EPSV first.');
      return;
    }
    const prefix = this.cwd ? `${this.cwd}/` : '';
    const names = [...this.files.entries()].filter(([name]) => name.startsWith(prefix) && !name.slice(prefix.length).includes('/'));
    const lines = names.map(([name, data]) => {
      const base = name.slice(prefix.length);
      return verb === 'NLST' ? base : `-rw-r--r--    1 ftp      ftp      ${String(data.length).padStart(12)} Nov 25 12:00 ${base}`;
    });
    this.reply(150, 'Here comes the directory listing.');
    const ok = await sendAll(pending, Buffer.from(lines.map((l) => `${l}\r\n`).join('')));
    this.reply(ok ? 226 : 426, ok ? 'Directory send OK.' : 'Transfer aborted.');
  }
}

/** Writes everything on the data connection and closes it; false when the client went away first. */
async function sendAll(pending: Promise<net.Socket>, data: Buffer): Promise<boolean> {
  let socket: net.Socket;
  try {
    socket = await pending;
  } catch {
    return false;
  }
  return new Promise<boolean>((resolve) => {
    let settled = false;
    const settle = (ok: boolean) => {
      if (!settled) {
        settled = true;
        resolve(ok);
      }
    };
    socket.on('error', () => settle(false));
    socket.on('close', () => settle(false));
    socket.end(data, () => settle(true));
  });
}
