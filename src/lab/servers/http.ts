// HTTP and HTTPS file server for the lab. Besides the files it answers `/` with an autoindex-style page and
// `/index.json` with the file names, the two forms the editor's image repositories read.

import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { labCertificate } from './lab-certificate';
import { encodePath, userInfo, type FileRequest, type FileServer, type FileServerOptions } from './types';

export async function startHttpServer(protocol: 'http' | 'https', files: Map<string, Buffer>, opts: FileServerOptions): Promise<FileServer> {
  const requests: FileRequest[] = [];
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => serve(req, res, files, opts, requests);
  const server = protocol === 'https'
    ? https.createServer(labCertificate(), handler)
    : http.createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    protocol,
    port,
    requests,
    url: (file, o) => `${protocol}://${userInfo(opts, o?.withCredentials)}127.0.0.1:${port}/${encodePath(file)}`,
    stop: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

function serve(req: http.IncomingMessage, res: http.ServerResponse, files: Map<string, Buffer>, opts: FileServerOptions, requests: FileRequest[]): void {
  const pathname = safeDecode(new URL(req.url ?? '/', 'http://lab').pathname);
  const name = pathname?.replace(/^\/+/, '');
  const isFile = name !== undefined && name !== '' && name !== 'index.json' && name !== 'index.html';
  const record = (ok: boolean) => { if (isFile) requests.push({ file: name, ok }); };

  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  if (opts.username !== undefined && !authorized(req.headers.authorization, opts)) {
    record(false);
    res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="asa-lab", charset="UTF-8"', 'Content-Type': 'text/plain' }).end('Authentication required.\n');
    return;
  }
  if (name === undefined) {
    res.writeHead(400, { 'Content-Type': 'text/plain' }).end('Bad path.\n');
    return;
  }
  if (name === '' || name === 'index.html') {
    sendText(req, res, 'text/html; charset=utf-8', indexPage(files));
    return;
  }
  if (name === 'index.json') {
    sendText(req, res, 'application/json', JSON.stringify([...files.keys()]));
    return;
  }
  const data = files.get(name);
  if (!data) {
    record(false);
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`${name}: no such file.\n`);
    return;
  }
  res.on('close', () => record(res.writableFinished));
  res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': data.length });
  if (req.method === 'HEAD') res.end();
  else res.end(data);
}

function sendText(req: http.IncomingMessage, res: http.ServerResponse, type: string, body: string): void {
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function authorized(header: string | undefined, opts: FileServerOptions): boolean {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match) return false;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  return decoded.slice(0, colon) === opts.username && decoded.slice(colon + 1) === (opts.password ?? '');
}

/** Shaped like nginx's autoindex so the editor's repository reader is tested against what it will meet. */
function indexPage(files: Map<string, Buffer>): string {
  const rows = [...files.entries()].map(([name, data]) => {
    const href = escapeHtml(encodePath(name));
    return `<a href="${href}">${escapeHtml(name)}</a>${' '.repeat(Math.max(1, 51 - name.length))}25-Nov-2026 12:00 ${String(data.length).padStart(19)}`;
  });
  return [
    '<html>',
    '<head><title>Index of /</title></head>',
    '<body>',
    '<h1>Index of /</h1><hr><pre><a href="../">../</a>',
    ...rows,
    '</pre><hr></body>',
    '</html>',
    '',
  ].join('\r\n');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function safeDecode(pathname: string): string | undefined {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
}
