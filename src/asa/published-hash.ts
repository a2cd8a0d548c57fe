// The SHA-512 an image is held to, found where engineers keep it: given on the command line, in a
// `FILE.sha512` (bare hex, sha512sum or BSD format) beside the image in a folder or on an HTTP(S) server,
// or, for a local file with no published value, the file's own SHA-512 (which then only proves the
// transfer, and the plan says "no published hash given"). Local files are read before the plan, so their
// size and hash are known up front. A local file that does not match its published value is refused here,
// before anything connects to the pair.

import * as http from 'node:http';
import * as https from 'node:https';
import { InvalidInputError } from '../core/errors';
import { parseImageLocation } from '../core/image-location';
import { absoluteLocalPath, localFileFacts } from '../core/local-image/file-facts';
import { parseSha512File } from '../core/local-image/sha512-file';
import type { UpgradeRequest } from '../core/model';

const SIDECAR_TIMEOUT_MS = 10_000;
const MAX_SIDECAR_BYTES = 64 * 1024;

/** GETs `URL.sha512` (with the URL's own credentials); undefined when there is none or the server does not answer. */
export async function fetchSidecarSha512(url: string, file: string, timeoutMs = SIDECAR_TIMEOUT_MS): Promise<string | undefined> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  const sidecar = new URL(parsed.toString());
  sidecar.pathname = `${sidecar.pathname}.sha512`;
  const text = await new Promise<string | undefined>((resolve) => {
    const get = sidecar.protocol === 'https:' ? https.get : http.get;
    const auth = sidecar.username ? `${decodeURIComponent(sidecar.username)}:${decodeURIComponent(sidecar.password)}` : undefined;
    const req = get(
      { hostname: sidecar.hostname.replace(/^\[|\]$/g, ''), port: sidecar.port || undefined, path: sidecar.pathname, ...(auth ? { auth } : {}), timeout: timeoutMs },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          return resolve(undefined);
        }
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          body += d;
          if (body.length > MAX_SIDECAR_BYTES) req.destroy();
        });
        res.on('end', () => resolve(body));
        res.on('error', () => resolve(undefined));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
  });
  if (text === undefined) return undefined;
  try {
    return parseSha512File(text, file, `${file}.sha512 on the image server`);
  } catch {
    return undefined;
  }
}

/**
 * Fills sizes and SHA-512s the request can know before the plan: local files are read (absolute path, size,
 * SHA-512, a `.sha512` beside them), HTTP(S) images get their `.sha512` when the server has one. Hashes given
 * by the user are kept. Throws InvalidInputError for a local file that cannot be read or does not match.
 */
export async function withImageFacts(request: UpgradeRequest, options: { fetchSidecars?: boolean; signal?: AbortSignal } = {}): Promise<UpgradeRequest> {
  const out: UpgradeRequest = { ...request };
  for (const kind of ['asa', 'asdm'] as const) {
    const input = kind === 'asa' ? request.asa : request.asdm;
    if (input === undefined) continue;
    const source = parseImageLocation(input, kind);
    const given = kind === 'asa' ? request.asaSha512 : request.asdmSha512;
    const label = kind.toUpperCase();
    if (source.kind === 'local') {
      const facts = await localFileFacts(absoluteLocalPath(source.path), { signal: options.signal });
      const published = given?.toLowerCase() ?? facts.publishedSha512;
      if (published !== undefined && published !== facts.sha512) {
        throw new InvalidInputError(
          `The local ${label} image ${facts.path} has SHA-512 ${facts.sha512}, but Cisco's published value is ${published}: it is not the image Cisco published ` +
            '(an incomplete or altered download?). Download it again, or check the hash you gave. Nothing was changed.',
        );
      }
      if (kind === 'asa') {
        out.asa = facts.path;
        out.asaBytes = facts.bytes;
        out.asaSha512 = published ?? facts.sha512;
        out.asaSha512Origin = published !== undefined ? 'published' : 'local-file';
      } else {
        out.asdm = facts.path;
        out.asdmBytes = facts.bytes;
        out.asdmSha512 = published ?? facts.sha512;
        out.asdmSha512Origin = published !== undefined ? 'published' : 'local-file';
      }
      continue;
    }
  }
  return options.fetchSidecars === false ? out : withSidecarHashes(out);
}

/**
 * For HTTP(S) images with no hash given, the published SHA-512 from `URL.sha512` when the server has one.
 * The CLI asks only once the user confirmed the plan (nothing reaches the image server before).
 */
export async function withSidecarHashes(request: UpgradeRequest): Promise<UpgradeRequest> {
  const out: UpgradeRequest = { ...request };
  await Promise.all(
    (['asa', 'asdm'] as const).map(async (kind) => {
      const input = kind === 'asa' ? request.asa : request.asdm;
      const given = kind === 'asa' ? request.asaSha512 : request.asdmSha512;
      if (input === undefined || given !== undefined) return;
      let source;
      try {
        source = parseImageLocation(input, kind);
      } catch {
        return;
      }
      if (source.kind !== 'url') return;
      const found = await fetchSidecarSha512(source.url, source.file);
      if (found === undefined) return;
      if (kind === 'asa') Object.assign(out, { asaSha512: found, asaSha512Origin: 'published' });
      else Object.assign(out, { asdmSha512: found, asdmSha512Origin: 'published' });
    }),
  );
  return out;
}

/** Whether an image of the request is a file on this workstation. */
export function hasLocalImage(request: UpgradeRequest): boolean {
  return [request.asa, request.asdm].some((i) => {
    if (i === undefined) return false;
    try {
      return parseImageLocation(i).kind === 'local';
    } catch {
      return false;
    }
  });
}
