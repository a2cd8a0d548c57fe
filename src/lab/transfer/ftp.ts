// FTP download (passive mode) through basic-ftp. The ASA's `;type=xp` style suffix picks a transfer type on
// the device; the lab always transfers binary, so the suffix is dropped.

import { Writable } from 'node:stream';
import { Client, FTPError } from 'basic-ftp';
import type { TransferContext } from './context';
import { errorCode, isUnreachableCode } from './errors';

const DEFAULT_PORT = 21;

export async function fetchFtp(ctx: TransferContext): Promise<Buffer> {
  const host = ctx.url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(ctx.url.port || DEFAULT_PORT);
  // A leading slash separates host and path; the path itself is relative to the login folder (RFC 1738).
  const path = decodeURIComponent(ctx.url.pathname.replace(/;type=[a-z]*$/i, '').replace(/^\//, ''));
  if (!path) throw ctx.error('not-found', `${ctx.shownUrl}: the URL names no file.`);

  const client = new Client(ctx.timeoutMs);
  const unhook = ctx.onAbort(() => client.close());
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      ctx.received(chunk.length);
      callback();
    },
  });
  let step: 'connect' | 'login' | 'download' = 'connect';
  try {
    await client.connect(host, port);
    step = 'login';
    ctx.alive();
    await client.login(ctx.username || 'anonymous', ctx.username ? ctx.password : 'asa-lab@');
    ctx.alive();
    await client.useDefaultSettings();
    step = 'download';
    ctx.alive();
    await client.downloadTo(sink, path);
    return Buffer.concat(chunks);
  } catch (err) {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    throw classify(ctx, err, step, `${host}:${port}`, path);
  } finally {
    unhook();
    client.close();
  }
}

function classify(ctx: TransferContext, err: unknown, step: string, where: string, path: string) {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof FTPError) {
    const said = `${ctx.shownUrl}: the FTP server answered "${message}"`;
    if (err.code === 530 || (step === 'login' && err.code >= 400)) {
      return ctx.error('auth', `${said}. Check the user name and password${ctx.username ? ` for ${ctx.username}` : ' (the URL has none: anonymous login was refused)'}.`, err);
    }
    if (err.code === 550 || err.code === 450) return ctx.error('not-found', `${said}. Check that ${path} exists on the server.`, err);
    return ctx.error('protocol', `${said}.`, err);
  }
  const code = errorCode(err);
  if (step === 'connect' && isUnreachableCode(code)) {
    return ctx.error('unreachable', `${ctx.shownUrl}: cannot connect to ${where} (${code}). Check the server address and port and that the FTP server is running.`, err);
  }
  if (/timeout/i.test(message)) {
    return ctx.error('timeout', `${ctx.shownUrl}: the FTP server stopped answering (${message}).`, err);
  }
  return ctx.error('protocol', `${ctx.shownUrl}: the FTP transfer failed (${message}).`, err);
}
