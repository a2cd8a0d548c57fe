// Moves real bytes for the simulated ASA's `copy`: one client per protocol the ASA's `copy` accepts, all
// reached through fetchImage. Lab only: the HTTPS client trusts the lab's own certificate.

import { fetchFtp } from './ftp';
import { fetchHttp } from './http';
import { fetchScp } from './scp';
import { fetchSmb } from './smb';
import { fetchTftp } from './tftp';
import { TransferContext, type FetchImageOptions } from './context';
import { TransferError } from './errors';
import { redactUrlCredentials } from '../../core/redact';

export { TransferError, type TransferFailure } from './errors';
export type { FetchImageOptions } from './context';

const CLIENTS: Record<string, (ctx: TransferContext) => Promise<Buffer>> = {
  'http:': fetchHttp,
  'https:': fetchHttp,
  'ftp:': fetchFtp,
  'tftp:': fetchTftp,
  'scp:': fetchScp,
  'smb:': fetchSmb,
};

/**
 * Downloads the file a `copy` source URL names. Rejects with TransferError (reason says why), or with the
 * caller's abort reason (an AbortError by default) when `signal` fires.
 */
export async function fetchImage(url: string, options: FetchImageOptions = {}): Promise<Buffer> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not echoed: masking credentials needs a URL that parses.
    throw new TransferError('protocol', 'The copy source is not a URL. Use ftp, tftp, http, https, scp or smb://[user:password@]server/path/file.');
  }
  const client = CLIENTS[parsed.protocol];
  if (!client) {
    throw new TransferError('protocol', `${redactUrlCredentials(url)}: the lab cannot copy over ${parsed.protocol.replace(/:$/, '')}. Use ftp, tftp, http, https, scp or smb.`);
  }
  const ctx = new TransferContext(parsed, options);
  try {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    const data = await client(ctx);
    if (ctx.signal.aborted) throw ctx.signal.reason;
    return data;
  } catch (err) {
    // The caller's abort wins over whatever the client made of it; a stall (a TransferError reason) may have
    // been turned into a better-fitting error by the client, e.g. TFTP's "nobody answered" = unreachable.
    if (ctx.signal.aborted && !(ctx.signal.reason instanceof TransferError)) throw ctx.signal.reason;
    if (err instanceof TransferError) throw err;
    if (ctx.signal.aborted) throw ctx.signal.reason;
    throw ctx.error('protocol', `${ctx.shownUrl}: transfer failed (${describe(err)}).`, err);
  } finally {
    ctx.finish();
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
