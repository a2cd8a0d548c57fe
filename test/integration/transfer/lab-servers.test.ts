// What the lab's file servers offer beyond moving bytes: the index pages the editor's image repositories
// read, anonymous/guest access, TFTP without options, and how fetchImage treats silent or odd servers.

import { strict as assert } from 'node:assert';
import * as dgram from 'node:dgram';
import * as net from 'node:net';
import { fetchImage, TransferError } from '../../../src/lab/transfer';
import { startFileServer, SmbUnavailableError, type FileServer } from '../../../src/lab/servers';
import { IMAGE, PASSWORD, USERNAME, imageBytes, rejection, sha256 } from './support';

const ASDM = 'asdm-7201.bin';
const files = () => new Map([[IMAGE, imageBytes(200_000)], [ASDM, imageBytes(50_000)]]);

describe('lab HTTP file server', () => {
  let server: FileServer;
  afterEach(async () => server?.stop());

  it('lists its files on an autoindex-style page and as index.json', async () => {
    server = await startFileServer('http', files());
    const base = `http://127.0.0.1:${server.port}`;
    const page = await (await fetch(`${base}/`)).text();
    assert.match(page, /<a href="asa9-20-2-smp-k8\.bin">asa9-20-2-smp-k8\.bin<\/a>/);
    assert.match(page, /<a href="asdm-7201\.bin">/);
    const index = await (await fetch(`${base}/index.json`)).json();
    assert.deepEqual(index, [IMAGE, ASDM]);
  });

  it('asks for Basic credentials when it has a user, also for the index', async () => {
    server = await startFileServer('https', files(), { username: USERNAME, password: PASSWORD });
    const err = await rejection(fetchImage(`https://127.0.0.1:${server.port}/index.json`));
    assert.equal((err as TransferError).reason, 'auth');
    const withUser = new URL(server.url('index.json', { withCredentials: true }));
    const data = await fetchImage(withUser.href);
    assert.deepEqual(JSON.parse(data.toString('utf8')), [IMAGE, ASDM]);
  });

  it('gives URLs without credentials unless asked', async () => {
    server = await startFileServer('http', files(), { username: USERNAME, password: PASSWORD });
    assert.equal(server.url(IMAGE), `http://127.0.0.1:${server.port}/${IMAGE}`);
    assert.equal(server.url(IMAGE, { withCredentials: true }), `http://${USERNAME}:${PASSWORD}@127.0.0.1:${server.port}/${IMAGE}`);
  });
});

describe('lab FTP file server', () => {
  let server: FileServer;
  afterEach(async () => server?.stop());

  it('serves anonymous logins when it has no user, and the ;type=xp suffix is ignored', async () => {
    const served = files();
    server = await startFileServer('ftp', served);
    const data = await fetchImage(`${server.url(IMAGE)};type=xp`);
    assert.equal(sha256(data), sha256(served.get(IMAGE) as Buffer));
  });

  it('answers 530 to a wrong password and 550 to a missing file', async () => {
    server = await startFileServer('ftp', files(), { username: USERNAME, password: PASSWORD });
    const lines = await ftpDialogue(server.port, ['USER labcopy', 'PASS nope', `USER ${USERNAME}`, `PASS ${PASSWORD}`, 'SIZE missing.bin', `SIZE ${IMAGE}`, 'QUIT']);
    assert.deepEqual(lines.map((l) => l.slice(0, 3)), ['220', '331', '530', '331', '230', '550', '213', '221']);
  });
});

describe('lab TFTP file server', () => {
  it('sends 512-byte blocks to a client that asks for no options', async () => {
    const served = files();
    const server = await startFileServer('tftp', served);
    const socket = dgram.createSocket('udp4');
    try {
      const first = await new Promise<Buffer>((resolve) => {
        socket.once('message', (msg) => resolve(msg));
        socket.send(Buffer.concat([Buffer.from([0, 1]), Buffer.from(`${IMAGE}\0octet\0`)]), server.port, '127.0.0.1');
      });
      assert.equal(first.readUInt16BE(0), 3, 'a DATA packet');
      assert.equal(first.readUInt16BE(2), 1, 'block 1');
      assert.equal(first.length - 4, 512);
    } finally {
      socket.close();
      await server.stop();
    }
  });
});

describe('lab SMB file server', function () {
  it('serves a guest share when it has no user', async function () {
    const served = files();
    let server: FileServer;
    try {
      server = await startFileServer('smb', served);
    } catch (err) {
      if (!(err instanceof SmbUnavailableError)) throw err;
      console.log(`      (skipping: ${err.message})`);
      this.skip();
    }
    try {
      assert.match(server.url(ASDM), /^smb:\/\/127\.0\.0\.1:\d+\/images\/asdm-7201\.bin$/);
      const data = await fetchImage(server.url(ASDM));
      assert.equal(sha256(data), sha256(served.get(ASDM) as Buffer));
    } finally {
      await server.stop();
    }
  });
});

describe('fetchImage with silent or unsupported servers', () => {
  for (const scheme of ['http', 'ftp', 'scp', 'smb'] as const) {
    it(`times out over ${scheme} when the server accepts the connection and then says nothing`, async () => {
      const sockets: net.Socket[] = [];
      const silent = net.createServer((s) => sockets.push(s));
      await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
      const { port } = silent.address() as net.AddressInfo;
      try {
        const share = scheme === 'smb' ? 'images/' : '';
        const err = await rejection(fetchImage(`${scheme}://${USERNAME}:${PASSWORD}@127.0.0.1:${port}/${share}${IMAGE}`, { timeoutMs: 400 }));
        assert.ok(err instanceof TransferError, String(err));
        assert.equal(err.reason, 'timeout', err.message);
        assert.ok(!err.message.includes(PASSWORD), err.message);
      } finally {
        for (const s of sockets) s.destroy();
        await new Promise<void>((r) => silent.close(() => r()));
      }
    });
  }

  it('refuses a protocol the ASA copy does not speak, without showing the password', async () => {
    const err = await rejection(fetchImage(`gopher://${USERNAME}:${PASSWORD}@127.0.0.1/${IMAGE}`));
    assert.ok(err instanceof TransferError);
    assert.equal(err.reason, 'protocol');
    assert.ok(!err.message.includes(PASSWORD), err.message);
  });
});

/** Sends FTP commands one at a time and returns the server's reply lines (greeting first). */
async function ftpDialogue(port: number, commands: string[]): Promise<string[]> {
  const socket = net.connect({ host: '127.0.0.1', port });
  const lines: string[] = [];
  let buffer = '';
  let waiting: (() => void) | undefined;
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    let eol: number;
    while ((eol = buffer.indexOf('\r\n')) >= 0) {
      lines.push(buffer.slice(0, eol));
      buffer = buffer.slice(eol + 2);
      waiting?.();
    }
  });
  const nextLine = (count: number) => new Promise<void>((resolve) => {
    const check = () => { if (lines.length >= count) resolve(); else waiting = check; };
    check();
  });
  await nextLine(1);
  for (const command of commands) {
    const before = lines.length;
    socket.write(`${command}\r\n`);
    await nextLine(before + 1);
  }
  socket.destroy();
  return lines;
}
