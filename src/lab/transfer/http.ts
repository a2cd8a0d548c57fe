// HTTP and HTTPS downloads. For HTTPS the lab trusts the usual roots plus its own fixed certificate (lab
// only), rather than turning certificate checks off.

import * as http from 'node:http';
import * as https from 'node:https';
import * as tls from 'node:tls';
import { trustedLabCertificates } from '../servers/lab-certificate';
import type { TransferContext } from './context';
import { errorCode, isUnreachableCode } from './errors';

const MAX_REDIRECTS = 5;

export async function fetchHttp(ctx: TransferContext): Promise<Buffer> {
  let url = new URL(ctx.url.href);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const result = await getOnce(ctx, url);
    if (result.kind === 'data') return result.data;
    const next = new URL(result.location, url);
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      throw ctx.error('protocol', `${ctx.shownUrl}: the server redirected to a ${next.protocol} URL, which an HTTP copy cannot follow.`);
    }
    // Credentials go only to the server they were given for.
    if (next.host === url.host && !next.username) {
      next.username = url.username;
      next.password = url.password;
    }
    url = next;
  }
  throw ctx.error('protocol', `${ctx.shownUrl}: more than ${MAX_REDIRECTS} redirects. Use the final URL of the image.`);
}

type Outcome = { kind: 'data'; data: Buffer } | { kind: 'redirect'; location: string };

function getOnce(ctx: TransferContext, url: URL): Promise<Outcome> {
  return new Promise<Outcome>((resolve, reject) => {
    const headers: Record<string, string> = { 'User-Agent': 'asa-lab-copy' };
    if (url.username || url.password) {
      const user = decodeURIComponent(url.username);
      const pass = decodeURIComponent(url.password);
      headers.Authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
    }
    const options: https.RequestOptions = {
      protocol: url.protocol,
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers,
      agent: false,
    };
    const request = url.protocol === 'https:'
      ? https.request({ ...options, ca: [...tls.rootCertificates, ...trustedLabCertificates()] })
      : http.request(options);
    let responded = false;
    const unhook = ctx.onAbort(() => {
      request.destroy();
      reject(ctx.signal.reason);
    });
    const fail = (err: unknown) => {
      unhook();
      reject(err);
    };

    request.on('error', (err) => {
      if (ctx.signal.aborted) return;
      const code = errorCode(err);
      if (!responded && isUnreachableCode(code)) {
        fail(ctx.error('unreachable', `${ctx.shownUrl}: cannot connect to ${url.host} (${code}). Check the server address and port and that the server is running.`, err));
      } else if (!responded && (code?.startsWith('ERR_TLS') || /certificate|self.signed/i.test(err.message))) {
        fail(ctx.error('protocol', `${ctx.shownUrl}: the server's TLS certificate is not trusted (${err.message}).`, err));
      } else {
        fail(ctx.error('protocol', `${ctx.shownUrl}: the connection failed during the transfer (${err.message}).`, err));
      }
    });

    request.on('response', (res) => {
      responded = true;
      ctx.alive();
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        unhook();
        resolve({ kind: 'redirect', location: res.headers.location });
        return;
      }
      if (status !== 200) {
        res.resume();
        fail(statusError(ctx, status, res.statusMessage ?? ''));
        return;
      }
      const expected = Number(res.headers['content-length'] ?? NaN);
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        ctx.received(chunk.length);
      });
      res.on('error', (err) => {
        if (!ctx.signal.aborted) fail(ctx.error('protocol', `${ctx.shownUrl}: the transfer broke off (${err.message}).`, err));
      });
      res.on('end', () => {
        const data = Buffer.concat(chunks);
        if (!res.complete || (Number.isFinite(expected) && data.length !== expected)) {
          fail(ctx.error('protocol', `${ctx.shownUrl}: the transfer ended after ${data.length} of ${Number.isFinite(expected) ? expected : '?'} bytes.`));
          return;
        }
        unhook();
        resolve({ kind: 'data', data });
      });
    });
    request.end();
  });
}

function statusError(ctx: TransferContext, status: number, text: string) {
  const shown = `${ctx.shownUrl}: the server answered ${status}${text ? ` ${text}` : ''}`;
  if (status === 404 || status === 410) return ctx.error('not-found', `${shown}. Check the file name and path.`);
  if (status === 401 || status === 403) {
    return ctx.error('auth', `${shown}. Check the user name and password${ctx.username ? ` for ${ctx.username}` : ' (the URL has none)'}.`);
  }
  return ctx.error('protocol', `${shown}.`);
}
