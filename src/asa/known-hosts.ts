// Host-key trust backed by an OpenSSH known_hosts file, so the CLI shares trust with `ssh` itself:
// `[host]:port type base64` (plain `host` for port 22), hashed `|1|salt|hash` names, comma lists,
// `*`/`?` patterns and `!` negation; `@revoked` keys are refused, `@cert-authority` lines ignored.

import { createHmac, randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { OutputPathError } from '../core/errors';
import { checkOutputFile, ensureDirectory, fileSystemError } from '../core/safe-files';
import { dirname } from 'node:path';
import { HostKeyRejectedError } from '../core/errors';
import { sha256Fingerprint, type HostKeyOffer, type HostKeyVerifier } from './host-key';

export interface KnownHostEntry {
  line: number;
  marker?: 'revoked' | 'cert-authority';
  patterns: string;
  keyType: string;
  key: Buffer;
}

/** The name a host is known by: `host` on port 22, `[host]:port` otherwise. */
export function knownHostName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return re.test(name);
}

function hashedMatch(pattern: string, name: string): boolean {
  const parts = pattern.split('|');
  if (parts.length !== 4 || parts[1] !== '1') return false;
  const salt = Buffer.from(parts[2], 'base64');
  const hash = createHmac('sha1', salt).update(name).digest('base64');
  return hash === parts[3];
}

/** Whether the host field of a line names `host:port`. */
export function hostFieldMatches(field: string, host: string, port: number): boolean {
  const name = knownHostName(host, port);
  if (field.startsWith('|')) return hashedMatch(field, name);
  let matched = false;
  for (const raw of field.split(',')) {
    const negated = raw.startsWith('!');
    const pattern = negated ? raw.slice(1) : raw;
    if (globMatch(pattern, name)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split(/\r?\n/).forEach((rawLine, index) => {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    let marker: KnownHostEntry['marker'];
    if (fields[0].startsWith('@')) {
      const m = fields.shift()!;
      if (m === '@revoked') marker = 'revoked';
      else if (m === '@cert-authority') marker = 'cert-authority';
      else return;
    }
    if (fields.length < 3) return;
    const [patterns, keyType, b64] = fields;
    const key = Buffer.from(b64, 'base64');
    if (key.length === 0) return;
    entries.push({ line: index + 1, marker, patterns, keyType, key });
  });
  return entries;
}

export interface KnownHostsOptions {
  /** Trust (and append) a key for a host that has none yet; a changed key is still refused. */
  acceptNew: boolean;
  /** Write `|1|` hashed names, like `HashKnownHosts yes`. */
  hashNew?: boolean;
  /**
   * Trust a changed key, but only the key with exactly this fingerprint (`SHA256:...`), e.g. one the upgrade
   * itself changed: the old entries naming only this host are replaced by it. Any other changed key is refused.
   */
  acceptChanged?: string;
}

export class KnownHostsFile {
  constructor(readonly path: string, readonly options: KnownHostsOptions) {}

  static verifier(path: string, options: KnownHostsOptions): HostKeyVerifier {
    const file = new KnownHostsFile(path, options);
    return (offer) => file.verify(offer);
  }

  /**
   * Refuses a path that is a directory, device, FIFO or socket (a symbolic link to a regular file is fine: the
   * file is only read and appended to, never replaced), naming the path and the fix.
   */
  static check(path: string): void {
    let st;
    try {
      st = statSync(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return checkOutputFile(path, 'The known_hosts file');
      throw fileSystemError(e, path, 'The known_hosts file');
    }
    if (!st.isFile()) {
      throw new OutputPathError(
        `The known_hosts file ${path} exists and is ${st.isDirectory() ? 'a directory' : 'not a regular file (a device, FIFO or socket)'}. Give the path of an OpenSSH known_hosts file with --known-hosts.`,
      );
    }
  }

  entries(): KnownHostEntry[] {
    KnownHostsFile.check(this.path);
    if (!existsSync(this.path)) return [];
    try {
      return parseKnownHosts(readFileSync(this.path, 'utf8'));
    } catch (e) {
      throw fileSystemError(e, this.path, 'The known_hosts file');
    }
  }

  async verify(offer: HostKeyOffer): Promise<void> {
    const where = knownHostName(offer.host, offer.port);
    const forHost = this.entries().filter((e) => e.marker !== 'cert-authority' && hostFieldMatches(e.patterns, offer.host, offer.port));
    if (forHost.some((e) => e.marker === 'revoked' && e.key.equals(offer.key))) {
      throw new HostKeyRejectedError(
        `The host key of ${where} (${offer.keyType} ${offer.fingerprint}) is marked @revoked in ${this.path}; connection refused.`,
        where,
        offer.fingerprint,
      );
    }
    const trusted = forHost.filter((e) => e.marker === undefined);
    if (trusted.some((e) => e.key.equals(offer.key))) return;
    const sameType = trusted.find((e) => e.keyType === offer.keyType) ?? trusted[0];
    if (sameType && this.options.acceptChanged !== undefined && this.options.acceptChanged === offer.fingerprint) {
      this.replace(offer, trusted);
      return;
    }
    if (sameType) {
      const known = sha256Fingerprint(sameType.key);
      throw new HostKeyRejectedError(
        `The host key of ${where} has changed: it presents ${offer.keyType} ${offer.fingerprint} but ${this.path} line ${sameType.line} ` +
          `trusts ${sameType.keyType} ${known}. This can mean someone is intercepting the connection. If the device's key was ` +
          `legitimately regenerated, check the new fingerprint on its console, then remove line ${sameType.line} and connect again.`,
        where,
        offer.fingerprint,
        known,
      );
    }
    if (!this.options.acceptNew) {
      throw new HostKeyRejectedError(
        `The host key of ${where} is not known (${offer.keyType} ${offer.fingerprint}) and is not in ${this.path}. ` +
          `Compare the fingerprint with the one the device shows, then connect once accepting new host keys ` +
          `(--accept-new-host-keys) or add the key to ${this.path}.`,
        where,
        offer.fingerprint,
      );
    }
    this.append(offer);
  }

  /** Drops the lines that trust another key for this host alone (shared or pattern lines stay), then adds the offer. */
  private replace(offer: HostKeyOffer, trusted: KnownHostEntry[]): void {
    KnownHostsFile.check(this.path);
    const name = knownHostName(offer.host, offer.port);
    const drop = new Set(trusted.filter((e) => !e.key.equals(offer.key) && (e.patterns === name || (e.patterns.startsWith('|') && !e.patterns.includes(',')))).map((e) => e.line));
    const lines = readFileSync(this.path, 'utf8').split('\n');
    writeFileSync(this.path, lines.filter((_, i) => !drop.has(i + 1)).join('\n'), { mode: 0o600 });
    this.append(offer);
  }

  private append(offer: HostKeyOffer): void {
    let name = knownHostName(offer.host, offer.port);
    if (this.options.hashNew) {
      const salt = randomBytes(20);
      name = `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
    }
    KnownHostsFile.check(this.path);
    ensureDirectory(dirname(this.path), 'The directory of the known_hosts file');
    try {
      const existing = existsSync(this.path) ? readFileSync(this.path, 'utf8') : '';
      const prefix = existing !== '' && !existing.endsWith('\n') ? '\n' : '';
      appendFileSync(this.path, `${prefix}${name} ${offer.keyType} ${offer.key.toString('base64')}\n`, { mode: 0o600 });
    } catch (e) {
      throw fileSystemError(e, this.path, 'The known_hosts file');
    }
  }
}
