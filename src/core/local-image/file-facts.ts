// What is known of a local image file before anything is copied: its size and SHA-512 (read once, streamed),
// and the published SHA-512 when a `FILE.sha512` lies beside it.

import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { InvalidInputError } from '../errors';
import { parseSha512File } from './sha512-file';

export interface LocalFileFacts {
  /** Absolute path. */
  path: string;
  bytes: number;
  sha512: string;
  /** From `FILE.sha512` beside it, when there is one. */
  publishedSha512?: string;
}

export function absoluteLocalPath(path: string, home = homedir()): string {
  return resolve(path === '~' || path.startsWith('~/') || path.startsWith('~\\') ? home + path.slice(1) : path);
}

export async function localFileFacts(path: string, options: { signal?: AbortSignal } = {}): Promise<LocalFileFacts> {
  const abs = absoluteLocalPath(path);
  let stat;
  try {
    stat = statSync(abs);
  } catch (e) {
    throw new InvalidInputError(`Cannot read the local image ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}. Check the path.`);
  }
  if (!stat.isFile()) throw new InvalidInputError(`The local image ${path} is not a file.`);
  if (stat.size === 0) throw new InvalidInputError(`The local image ${path} is empty.`);
  const hash = createHash('sha512');
  for await (const chunk of createReadStream(abs, { highWaterMark: 1024 * 1024, signal: options.signal })) hash.update(chunk as Buffer);
  const sidecar = `${abs}.sha512`;
  const published = existsSync(sidecar) ? parseSha512File(readFileSync(sidecar, 'utf8'), abs.split(/[\\/]/).pop()!, sidecar) : undefined;
  return { path: abs, bytes: stat.size, sha512: hash.digest('hex'), ...(published ? { publishedSha512: published } : {}) };
}
