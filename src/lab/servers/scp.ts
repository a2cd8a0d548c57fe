// SCP source for the lab: an SSH server (ssh2) that accepts password logins and runs only `scp -f FILE`,
// the side of the scp protocol that sends a file (what an ASA's `copy scp://` talks to).

import type { AddressInfo } from 'node:net';
import { Server, utils, type ServerChannel } from 'ssh2';
import { encodePath, userInfo, type FileRequest, type FileServer, type FileServerOptions } from './types';

export async function startScpServer(files: Map<string, Buffer>, opts: FileServerOptions): Promise<FileServer> {
  const requests: FileRequest[] = [];
  // A fresh host key per server: the lab's copy does not check host keys (as an ASA without strict checking).
  // ssh2 now and then writes an ed25519 key its own parser refuses: draw again.
  let hostKey = utils.generateKeyPairSync('ed25519').private;
  for (let i = 0; i < 20 && utils.parseKey(hostKey) instanceof Error; i++) hostKey = utils.generateKeyPairSync('ed25519').private;
  const clients = new Set<{ end(): unknown }>();
  const server = new Server({ hostKeys: [hostKey] }, (client) => {
    clients.add(client);
    client.on('close', () => clients.delete(client));
    client.on('error', () => undefined);
    client.on('authentication', (auth) => {
      if (opts.username === undefined) {
        auth.accept();
      } else if (auth.method === 'password' && auth.username === opts.username && auth.password === (opts.password ?? '')) {
        auth.accept();
      } else {
        auth.reject(['password']);
      }
    });
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        session.on('exec', (acceptExec, _reject, info) => {
          const channel = acceptExec();
          const file = sourceFile(info.command);
          if (file === undefined) {
            channel.stderr.write(`This lab server runs only "scp -f FILE" (got: ${info.command}).\n`);
            channel.exit(1);
            channel.end();
            return;
          }
          void sendOverScp(channel, file, files).then((ok) => {
            requests.push({ file, ok });
          });
        });
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    protocol: 'scp',
    port,
    requests,
    url: (file, o) => `scp://${userInfo(opts, o?.withCredentials)}127.0.0.1:${port}/${encodePath(file)}`,
    stop: async () => {
      for (const c of clients) c.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The file of `scp [-p] [-v] -f [--] FILE`, quotes removed, relative to the served folder. */
function sourceFile(command: string): string | undefined {
  const match = /^scp\s+((?:-[a-zA-Z]+\s+)*)(?:--\s+)?(.+)$/.exec(command.trim());
  if (!match || !/(^|\s)-[a-zA-Z]*f/.test(match[1])) return undefined;
  let file = match[2].trim();
  if (/^'.*'$/.test(file)) file = file.slice(1, -1).replace(/'\\''/g, "'");
  else if (/^".*"$/.test(file)) file = file.slice(1, -1);
  return file.replace(/^\/+/, '');
}

/** Runs the sending side of the scp protocol for one file; resolves true when the client acknowledged it all. */
async function sendOverScp(channel: ServerChannel, file: string, files: Map<string, Buffer>): Promise<boolean> {
  const reader = new ByteReader(channel);
  const close = (code: number) => {
    channel.exit(code);
    channel.end();
  };
  try {
    await reader.expectZero();
    const data = files.get(file);
    if (!data) {
      channel.write(`\x01scp: ${file}: No such file or directory\n`);
      close(1);
      return false;
    }
    channel.write(`C0644 ${data.length} ${file.split('/').pop()}\n`);
    await reader.expectZero();
    const CHUNK = 64 * 1024;
    for (let offset = 0; offset < data.length; offset += CHUNK) {
      if (!channel.write(data.subarray(offset, offset + CHUNK))) await reader.drained();
    }
    channel.write(Buffer.from([0]));
    await reader.expectZero();
    close(0);
    return true;
  } catch {
    if (!channel.destroyed) close(1);
    return false;
  }
}

/** Reads the client's one-byte answers from the channel; rejects once the channel is gone. */
class ByteReader {
  private bytes: number[] = [];
  private waiter: { resolve(b: number): void; reject(e: Error): void } | undefined;
  private closed = false;

  constructor(private readonly channel: ServerChannel) {
    channel.on('data', (chunk: Buffer) => {
      this.bytes.push(...chunk);
      this.flush();
    });
    channel.on('close', () => {
      this.closed = true;
      this.flush();
    });
  }

  async expectZero(): Promise<void> {
    const byte = await this.next();
    if (byte !== 0) throw new Error(`scp client answered ${byte}`);
  }

  drained(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (this.closed) reject(new Error('channel closed'));
      const onClose = () => reject(new Error('channel closed'));
      this.channel.once('close', onClose);
      this.channel.once('drain', () => {
        this.channel.off('close', onClose);
        resolve();
      });
    });
  }

  private next(): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.waiter = { resolve, reject };
      this.flush();
    });
  }

  private flush(): void {
    if (!this.waiter) return;
    if (this.bytes.length > 0) {
      const w = this.waiter;
      this.waiter = undefined;
      w.resolve(this.bytes.shift() as number);
    } else if (this.closed) {
      const w = this.waiter;
      this.waiter = undefined;
      w.reject(new Error('channel closed'));
    }
  }
}
