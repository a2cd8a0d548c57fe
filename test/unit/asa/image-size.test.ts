// The size probe asks the image's own server, and says "unknown" rather than failing.

import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { probeImageSize, withProbedSizes } from '../../../src/asa/image-size';
import { startFileServer, type FileServer } from '../../../src/lab/servers';

const ASA = 'asa9-20-2-smp-k8.bin';
const ASDM = 'asdm-7201.bin';
const files = new Map([
  [ASA, Buffer.alloc(123_457, 7)],
  [ASDM, Buffer.alloc(4_321, 3)],
]);

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; base: string; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.headers.range ?? ''}`.trim());
    handler!(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
}

describe('probeImageSize', () => {
  const servers: FileServer[] = [];
  after(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });

  it('reads the size from an HTTP HEAD', async () => {
    const s = await startFileServer('http', files);
    servers.push(s);
    assert.equal(await probeImageSize(s.url(ASA)), 123_457);
  });

  it('sends the URL credentials to a server that needs them', async () => {
    const s = await startFileServer('http', files, { username: 'img', password: 'p@ss:w0rd' });
    servers.push(s);
    assert.equal(await probeImageSize(s.url(ASA, { withCredentials: true })), 123_457);
    assert.equal(await probeImageSize(s.url(ASA)), undefined, 'without them the size is unknown');
  });

  it('answers undefined for a file the server does not have (404)', async () => {
    const s = await startFileServer('http', files);
    servers.push(s);
    assert.equal(await probeImageSize(s.url('asa9-99-1-smp-k8.bin')), undefined);
  });

  it('reads the size over HTTPS from an untrusted lab server only when allowed', async () => {
    const s = await startFileServer('https', files);
    servers.push(s);
    assert.equal(await probeImageSize(s.url(ASDM)), undefined, 'an untrusted certificate is not accepted by default');
    assert.equal(await probeImageSize(s.url(ASDM), { allowUntrustedTls: true }), 4_321);
  });

  it('reads the size with FTP SIZE, anonymous or with the URL credentials', async () => {
    const anon = await startFileServer('ftp', files);
    servers.push(anon);
    assert.equal(await probeImageSize(anon.url(ASA)), 123_457);
    assert.equal(await probeImageSize(anon.url('missing-file.bin')), undefined);
    const authed = await startFileServer('ftp', files, { username: 'ftpuser', password: 'secret99' });
    servers.push(authed);
    assert.equal(await probeImageSize(authed.url(ASDM, { withCredentials: true })), 4_321);
  });

  it('falls back to a one-byte range when HEAD is refused, and never downloads the image', async () => {
    const body = Buffer.alloc(50_000, 1);
    const { server, base, seen } = await listen((req, res) => {
      if (req.method === 'HEAD') return void res.writeHead(405).end();
      if (req.headers.range === 'bytes=0-0') return void res.writeHead(206, { 'Content-Range': `bytes 0-0/${body.length}`, 'Content-Length': 1 }).end(body.subarray(0, 1));
      res.writeHead(200, { 'Content-Length': body.length }).end(body);
    });
    try {
      assert.equal(await probeImageSize(`${base}/${ASA}`), 50_000);
      assert.deepEqual(seen, ['HEAD', 'GET bytes=0-0']);
    } finally {
      await close(server);
    }
  });

  it('gives up within its time limit on a server that never answers', async () => {
    const { server, base } = await listen(() => undefined);
    try {
      const started = Date.now();
      assert.equal(await probeImageSize(`${base}/${ASA}`, { timeoutMs: 300 }), undefined);
      assert.ok(Date.now() - started < 3_000);
    } finally {
      await close(server);
    }
  });

  it('answers undefined for unreachable servers, protocols without a size, and nonsense', async () => {
    assert.equal(await probeImageSize(`http://127.0.0.1:1/${ASA}`), undefined);
    assert.equal(await probeImageSize(`tftp://127.0.0.1/${ASA}`), undefined);
    assert.equal(await probeImageSize(`scp://u:p@127.0.0.1/${ASA}`), undefined);
    assert.equal(await probeImageSize('not a url'), undefined);
  });

  it('withProbedSizes fills the sizes of URL images and keeps given ones', async () => {
    const s = await startFileServer('http', files);
    servers.push(s);
    const r = await withProbedSizes({ asa: s.url(ASA), asdm: s.url(ASDM) });
    assert.equal(r.asaBytes, 123_457);
    assert.equal(r.asdmBytes, 4_321);
    const kept = await withProbedSizes({ asa: s.url(ASA), asaBytes: 99, asdm: `disk0:/${ASDM}` });
    assert.equal(kept.asaBytes, 99);
    assert.equal(kept.asdmBytes, undefined, 'a file on flash is sized by the units themselves');
  });
});
