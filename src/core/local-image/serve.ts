// Serves one local image file over HTTP to the units, for the duration of the copies only: bound to the one
// local address that routes to the units (or the one the user names), under an unguessable path, that file
// only, GET/HEAD only, no listing. Anything else gets 404 and is counted, so a test or a user can see it.

import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { lookup } from 'node:dns/promises';
import { isIP, type AddressInfo, type Socket } from 'node:net';
import { InvalidInputError } from '../errors';

export interface LocalFileServer {
  /** Makes `path` available under a new unguessable URL, and returns that URL. */
  add(path: string, file: string): string;
  /** Requests refused (other paths, other methods). */
  refused(): number;
  /** Completed downloads (every byte of the file sent). */
  served(): number;
  close(): Promise<void>;
}

/** The local address this workstation would use to reach `host` (no packet is sent). */
export async function localAddressTowards(host: string): Promise<string> {
  const target = isIP(host) ? host : (await lookup(host)).address;
  const family = isIP(target) === 6 ? 'udp6' : 'udp4';
  return new Promise((resolve, reject) => {
    const socket = createSocket(family);
    socket.once('error', (e) => {
      socket.close();
      reject(new InvalidInputError(`This workstation has no route to ${host} (${e.message}) to serve the image from: give --serve-address HOST[:PORT], or push it over SCP (--push scp).`));
    });
    socket.connect(9, target, () => {
      const { address } = socket.address();
      socket.close();
      resolve(address);
    });
  });
}

/** Starts an HTTP server on `host` (port 0: any free one) that serves only the files added to it. */
export async function startLocalFileServer(options: { host: string; port?: number }): Promise<LocalFileServer> {
  const files = new Map<string, { path: string; size: number }>();
  let refused = 0;
  let served = 0;
  const server: Server = createServer((req, res) => {
    const entry = req.url !== undefined ? files.get(req.url) : undefined;
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !entry) {
      refused += 1;
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found\n');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(entry.size) });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = createReadStream(entry.path);
    stream.on('error', () => res.destroy());
    // A download is complete once every byte of the file went out. The unit may close the connection as soon
    // as it has Content-Length bytes, before the file stream's end let the response finish: that is served too.
    let sent = 0;
    stream.on('data', (chunk) => {
      sent += chunk.length;
    });
    res.once('close', () => {
      if (res.writableFinished || sent === entry.size) served += 1;
    });
    stream.pipe(res);
  });
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(new InvalidInputError(`Cannot serve the image on ${options.host}:${options.port ?? 0}: ${e.code ?? e.message}. Check --serve-address (an address of this workstation, a free port).`)),
    );
    server.listen(options.port ?? 0, options.host, () => resolve());
  });
  server.on('error', () => undefined);
  const { port } = server.address() as AddressInfo;
  const base = `http://${isIP(options.host) === 6 ? `[${options.host}]` : options.host}:${port}`;
  let closed: Promise<void> | undefined;
  return {
    add(path, file) {
      const urlPath = `/${randomBytes(24).toString('base64url')}/${encodeURIComponent(file)}`;
      files.set(urlPath, { path, size: statSync(path).size });
      return `${base}${urlPath}`;
    },
    refused: () => refused,
    served: () => served,
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      return closed;
    },
  };
}
