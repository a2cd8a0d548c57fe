// One job per pair, across processes: every VS Code window and every CLI process of the user takes the same
// lock file in the user's state directory (never TMPDIR, which differs between shells and services). The
// lock is keyed on what the pair itself reports, both units' serial numbers, so two spellings of one address
// (127.0.0.1 and localhost, a name and its IP) are still one pair. The file appears whole or not at all (it is
// written aside, then hard-linked into place, which fails if another job holds it), and holds who runs the
// job and its current phase, so a refused second job can name it. A lock whose owner process is gone (crash,
// kill -9) is stale and taken over.

import { linkSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { PairBusyError } from './errors';
import { ensureDirectory, fileSystemError, replaceFileAtomically } from './safe-files';
import { lockDirectory } from './state-dir';

export interface LockOwner {
  pid: number;
  host: string;
  /** Who runs the job: "asa-upgrade upgrade", "VS Code window (process 123)". */
  owner: string;
  /** ISO time the job took the lock. */
  since: string;
  /** What the job is doing now, kept current by the job. */
  phase?: string;
  /** The pair's identity (serial numbers) and the addresses this job uses for it. */
  pair: string;
  addresses?: string;
}

export function defaultLockDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return lockDirectory(env);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A file name from a pair identity: readable when it is plain serial numbers, hashed otherwise. */
export function lockFileName(pairKey: string): string {
  const plain = pairKey.replace(/[^A-Za-z0-9+._-]/g, '_');
  return plain.length <= 80 && plain === pairKey && !/^\.*$/.test(plain) ? `${plain}.lock` : `${createHash('sha256').update(pairKey).digest('hex').slice(0, 32)}.lock`;
}

function readOwner(file: string): LockOwner | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as LockOwner;
    return typeof parsed.pid === 'number' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function isLive(h: LockOwner): boolean {
  return h.host !== hostname() || isAlive(h.pid);
}

/** The refusal a second job gets: the running job's process, start time and phase. */
export function busyMessage(pairName: string, h: LockOwner): string {
  return (
    `Another upgrade job is already running on ${pairName} (${describeHolder(h)}). ` +
    'Wait for it to finish or cancel it there; two jobs on one pair are never run at once, however the pair is addressed.'
  );
}

/** How a running job is named in a refusal. */
export function describeHolder(h: LockOwner): string {
  return `${h.owner}, process ${h.pid} on ${h.host}, started ${h.since}${h.phase ? `, now ${h.phase}` : ''}${h.addresses ? `, addressing it as ${h.addresses}` : ''}`;
}

export interface AcquireOptions {
  /** The pair's identity: both units' serial numbers. */
  pairKey: string;
  /** How the pair is named in messages ("serial numbers FCH1 and FCH2"). */
  pairName?: string;
  owner: string;
  directory?: string;
  addresses?: string;
  phase?: string;
}

export class PairLock {
  private released = false;

  private constructor(
    readonly path: string,
    private me: LockOwner,
  ) {}

  /** Takes the lock or throws PairBusyError naming the running job (OutputPathError for an unusable directory). */
  static acquire(o: AcquireOptions): PairLock {
    const directory = o.directory ?? defaultLockDirectory();
    ensureDirectory(directory, 'The lock directory');
    const file = join(directory, lockFileName(o.pairKey));
    const me: LockOwner = { pid: process.pid, host: hostname(), owner: o.owner, since: new Date().toISOString(), pair: o.pairKey };
    if (o.phase) me.phase = o.phase;
    if (o.addresses) me.addresses = o.addresses;
    const name = o.pairName ?? `pair ${o.pairKey}`;
    for (let attempt = 0; attempt < 5; attempt++) {
      const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.new`;
      try {
        writeFileSync(tmp, JSON.stringify(me), { mode: 0o600, flag: 'wx' });
      } catch (e) {
        throw fileSystemError(e, file, 'The lock file');
      }
      let linked = false;
      try {
        linkSync(tmp, file);
        linked = true;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw fileSystemError(e, file, 'The lock file');
      } finally {
        try {
          unlinkSync(tmp);
        } catch {
          /* already gone */
        }
      }
      if (linked) return new PairLock(file, me);
      const holder = readOwner(file);
      if (holder && isLive(holder)) throw new PairBusyError(busyMessage(name, holder));
      takeOverStale(file, holder);
    }
    throw new PairBusyError(`Could not take the lock for ${name} in ${directory}: it keeps changing hands. Try again.`);
  }

  /** The job holding the pair's lock now, if its process is alive (a look only; acquire decides). */
  static runningJob(pairKey: string, directory = defaultLockDirectory()): LockOwner | undefined {
    const holder = readOwner(join(directory, lockFileName(pairKey)));
    return holder && isLive(holder) ? holder : undefined;
  }

  /**
   * The live job holding a lock on any pair that includes the unit `serial` (when the mate's serial cannot be
   * read, e.g. it is reloading: the job that reloads it is the one to name).
   */
  static runningJobOn(serial: string, directory = defaultLockDirectory()): LockOwner | undefined {
    let names: string[];
    try {
      names = readdirSync(directory).filter((n) => n.endsWith('.lock'));
    } catch {
      return undefined;
    }
    for (const n of names) {
      const holder = readOwner(join(directory, n));
      if (holder && holder.pair.split('+').includes(serial) && isLive(holder)) return holder;
    }
    return undefined;
  }

  /** Records what the job is doing now, for the message a second job gets. */
  setPhase(phase: string): void {
    if (this.released || this.me.phase === phase) return;
    this.me = { ...this.me, phase };
    try {
      const holder = readOwner(this.path);
      if (holder && holder.pid === this.me.pid && holder.since === this.me.since) replaceFileAtomically(this.path, JSON.stringify(this.me), 'The lock file');
    } catch {
      /* the phase is only shown to others; the lock itself still holds */
    }
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    const holder = readOwner(this.path);
    if (holder && holder.pid === process.pid && holder.since === this.me.since) {
      try {
        unlinkSync(this.path);
      } catch {
        /* already gone */
      }
    }
  }
}

/**
 * Removes a stale lock without ever removing a live one another process took meanwhile: the file is moved
 * aside first (atomic), and put back if what was moved is not the stale lock that was judged.
 */
function takeOverStale(file: string, stale: LockOwner | undefined): void {
  const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.stale`;
  try {
    renameSync(file, aside);
  } catch {
    return; // someone else moved it first
  }
  const moved = readOwner(aside);
  const same = stale === undefined ? moved === undefined : moved !== undefined && moved.pid === stale.pid && moved.since === stale.since && moved.host === stale.host;
  if (!same) {
    try {
      linkSync(aside, file);
    } catch {
      /* a newer lock is in place: it wins */
    }
  }
  try {
    unlinkSync(aside);
  } catch {
    /* already gone */
  }
}
