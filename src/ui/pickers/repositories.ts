// Lists the images a configured repository offers: an HTTP(S) directory (its index.json, else the links of
// its directory index), a local folder, or the lab's image server (known files).

import { readdir } from 'node:fs/promises';
import { redactUrlCredentials } from '../../core/redact';
import { parseImageFileName } from '../../core/images';

export interface RepositoryImage {
  fileName: string;
  kind: 'asa' | 'asdm';
  version: string;
  /** The URL the ASA copies from; undefined for a local folder (the user supplies it). */
  url?: string;
  /** Where it was found, for the quick pick. */
  repository: string;
}

export interface StaticRepository {
  label: string;
  files: Array<{ fileName: string; url: string }>;
}

function imagesFrom(names: Iterable<string>, repository: string, urlOf?: (name: string) => string): RepositoryImage[] {
  const out: RepositoryImage[] = [];
  const seen = new Set<string>();
  for (const raw of names) {
    const name = raw.split('/').filter(Boolean).pop() ?? '';
    if (!name || seen.has(name)) continue;
    const parsed = parseImageFileName(name);
    if (!parsed) continue;
    seen.add(name);
    out.push({ fileName: parsed.fileName, kind: parsed.kind, version: parsed.version, url: urlOf?.(name), repository });
  }
  return out;
}

async function getText(url: string): Promise<{ ok: boolean; status: number; text: string }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(8000), redirect: 'follow' });
  return { ok: response.ok, status: response.status, text: await response.text() };
}

/** Names from an index.json: ["a.bin", ...], {"files": [...]}, or [{"name": "a.bin"}, ...]. */
export function namesFromIndexJson(text: string): string[] {
  const data = JSON.parse(text) as unknown;
  const list = Array.isArray(data) ? data : Array.isArray((data as { files?: unknown })?.files) ? (data as { files: unknown[] }).files : [];
  return list
    .map((e) => (typeof e === 'string' ? e : typeof (e as { name?: unknown })?.name === 'string' ? (e as { name: string }).name : undefined))
    .filter((e): e is string => e !== undefined);
}

/** Hrefs of a web server's directory index (Apache, nginx, python http.server). */
export function namesFromAutoindex(html: string): string[] {
  return [...html.matchAll(/href\s*=\s*["']([^"'?#]+)["']/gi)].map((m) => {
    try {
      return decodeURIComponent(m[1]);
    } catch {
      return m[1];
    }
  });
}

export async function listRepository(location: string): Promise<RepositoryImage[]> {
  if (/^https?:\/\//i.test(location)) {
    const base = new URL(location.endsWith('/') ? location : `${location}/`);
    const shown = redactUrlCredentials(base.toString());
    // Credentials in a repository URL are for the ASA's copy; fetch refuses URLs that carry them.
    const plain = new URL(base.toString());
    plain.username = '';
    plain.password = '';
    const urlOf = (name: string): string => new URL(encodeURIComponent(name), base).toString();
    try {
      const index = await getText(new URL('index.json', plain).toString());
      if (index.ok) return imagesFrom(namesFromIndexJson(index.text), shown, urlOf);
    } catch {
      /* no index.json: fall back to the directory listing */
    }
    const listing = await getText(plain.toString());
    if (!listing.ok) throw new Error(`Repository ${shown} answered HTTP ${listing.status}: check the URL in asaUpgrade.imageRepositories.`);
    return imagesFrom(namesFromAutoindex(listing.text), shown, urlOf);
  }
  const entries = await readdir(location);
  return imagesFrom(entries, location);
}

export function listStaticRepository(repo: StaticRepository): RepositoryImage[] {
  const urls = new Map(repo.files.map((f) => [f.fileName, f.url]));
  return imagesFrom(urls.keys(), repo.label, (name) => urls.get(name) ?? name);
}
