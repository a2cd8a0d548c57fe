// How big an image at a URL is, asked of its server before a run, so progress can show a percentage and a
// partial file left on flash by an earlier, failed copy is not mistaken for the image. Only protocols that
// can say it cheaply are asked (HTTP(S) HEAD or a one-byte range, FTP SIZE); for the others, and whenever the
// server does not answer, the size is simply unknown. Nothing here logs, and errors never leave: a URL may
// hold a password, and a size probe must never stop an upgrade.

import * as http from 'node:http';
import * as https from 'node:https';
import { Client as FtpClient } from 'basic-ftp';
import { parseImageLocation } from '../core/image-location';
import type { UpgradeRequest } from '../core/model';

export interface ProbeOptions {
  /** Limit for the whole probe (default 10 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /**
   * Accept an HTTPS server whose certificate is not trusted (lab servers). Off by default: the URL's
   * credentials would otherwise go to whoever answers.
   */
  allowUntrustedTls?: boolean;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_REDIRECTS = 3;

/** The image's size in bytes as its server reports it, or undefined when it cannot be known. */
export async function probeImageSize(url: string, options: ProbeOptions = {}): Promise<number | undefined> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const timeout = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  if (signal.aborted) return undefined;
  try {
    switch (parsed.protocol) {
      case 'http:':
      case 'https:':
        return await httpSize(parsed, signal, options.allowUntrustedTls === true);
      case 'ftp:':
        return await ftpSize(parsed, signal, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
      default:
        return undefined;
    }
  } catch {
    return undefined;
  }
}

/**
 * Fills `asaBytes`/`asdmBytes` for URL images whose size the server reports; sizes already given are kept.
 * Both images are asked at the same time.
 */
export async function withProbedSizes(request: UpgradeRequest, options: ProbeOptions = {}, probe = probeImageSize): Promise<UpgradeRequest> {
  const sizeOf = async (input: string | undefined, known: number | undefined): Promise<number | undefined> => {
    if (known !== undefined || input === undefined) return known;
    let url: string;
    try {
      const source = parseImageLocation(input);
      if (source.kind !== 'url') return undefined;
      url = source.url;
    } catch {
      return undefined;
    }
    return probe(url, options);
  };
  const [asaBytes, asdmBytes] = await Promise.all([sizeOf(request.asa, request.asaBytes), sizeOf(request.asdm, request.asdmBytes)]);
  return {
    ...request,
    ...(asaBytes !== undefined ? { asaBytes } : {}),
    ...(asdmBytes !== undefined ? { asdmBytes } : {}),
  };
}

// ---- HTTP(S) --------------------------------------------------------------------------------------

interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
}

async function httpSize(url: URL, signal: AbortSignal, allowUntrustedTls: boolean): Promise<number | undefined> {
  let target = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const head = await request(target, 'HEAD', signal, allowUntrustedTls);
    const next = redirectOf(target, head);
    if (next) {
      target = next;
      continue;
    }
    if (head.status === 200) {
      const size = contentLength(head.headers);
      if (size !== undefined) return size;
    } else if (head.status !== 405 && head.status !== 501 && head.status !== 403) {
      // 404, 401 and the like: asking again with GET would get the same answer.
      return undefined;
    }
    // HEAD refused or answered without a length: a one-byte range says the total in Content-Range.
    const ranged = await request(target, 'GET', signal, allowUntrustedTls, { Range: 'bytes=0-0' });
    const again = redirectOf(target, ranged);
    if (again) {
      target = again;
      continue;
    }
    if (ranged.status === 206) return rangeTotal(ranged.headers['content-range']);
    if (ranged.status === 200) return contentLength(ranged.headers);
    return undefined;
  }
  return undefined;
}

/** Where a redirect points; credentials go along only to the same origin. */
function redirectOf(from: URL, answer: HttpAnswer): URL | undefined {
  if (![301, 302, 303, 307, 308].includes(answer.status) || !answer.headers.location) return undefined;
  let to: URL;
  try {
    to = new URL(answer.headers.location, from);
  } catch {
    return undefined;
  }
  if (to.protocol !== 'http:' && to.protocol !== 'https:') return undefined;
  if (to.origin !== from.origin) {
    to.username = '';
    to.password = '';
  } else if (!to.username && from.username) {
    to.username = from.username;
    to.password = from.password;
  }
  return to;
}

function contentLength(headers: http.IncomingHttpHeaders): number | undefined {
  // A compressed answer's length is not the file's.
  const encoding = headers['content-encoding'];
  if (encoding && encoding.toLowerCase() !== 'identity') return undefined;
  return byteCount(headers['content-length']);
}

/** `bytes 0-0/74369568` -> 74369568; `bytes 0-0/*` (length unknown) -> undefined. */
function rangeTotal(header: string | undefined): number | undefined {
  const m = /^bytes\s+\d+-\d+\/(\d+)$/i.exec(header?.trim() ?? '');
  return m ? byteCount(m[1]) : undefined;
}

function byteCount(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d+$/.test(text.trim())) return undefined;
  const n = Number(text.trim());
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

function request(url: URL, method: 'HEAD' | 'GET', signal: AbortSignal, allowUntrustedTls: boolean, extra: Record<string, string> = {}): Promise<HttpAnswer> {
  const headers: Record<string, string> = { 'Accept-Encoding': 'identity', 'User-Agent': 'asa-upgrade', ...extra };
  if (url.username || url.password) {
    const user = decodeURIComponent(url.username);
    const password = decodeURIComponent(url.password);
    headers.Authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  }
  const isHttps = url.protocol === 'https:';
  const options: https.RequestOptions = {
    method,
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port || (isHttps ? 443 : 80),
    path: `${url.pathname}${url.search}`,
    headers,
    signal,
    ...(isHttps ? { rejectUnauthorized: !allowUntrustedTls } : {}),
  };
  return new Promise<HttpAnswer>((resolve, reject) => {
    const req = (isHttps ? https : http).request(options, (res) => {
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
      // Only the headers matter: a server that ignores Range must not send the whole image.
      res.destroy();
    });
    req.on('error', reject);
    req.end();
  });
}

// ---- FTP ------------------------------------------------------------------------------------------

async function ftpSize(url: URL, signal: AbortSignal, timeoutMs: number): Promise<number | undefined> {
  // The same path rules as the download: relative to the login folder, without the `;type=` suffix.
  const path = decodeURIComponent(url.pathname.replace(/;type=[a-z]*$/i, '').replace(/^\//, ''));
  if (!path) return undefined;
  const client = new FtpClient(timeoutMs);
  const onAbort = (): void => client.close();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    await client.connect(url.hostname.replace(/^\[|\]$/g, ''), Number(url.port || 21));
    const user = decodeURIComponent(url.username);
    await client.login(user || 'anonymous', user ? decodeURIComponent(url.password) : 'asa-upgrade@');
    await client.send('TYPE I');
    const size = await client.size(path);
    return Number.isSafeInteger(size) && size > 0 ? size : undefined;
  } finally {
    signal.removeEventListener('abort', onAbort);
    client.close();
  }
}
