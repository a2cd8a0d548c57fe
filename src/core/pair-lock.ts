// One job per pair, across processes: two VS Code windows and the CLI on the same machine all take the same
// lock file, created with O_EXCL so exactly one wins. A lock whose owner process is gone (crash, kill -9) is
// stale and taken over; a live owner is named in the refusal so the user knows where the other job runs.

import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PairBusyError } from './errors';

interface LockOwner {
  pid: number;
  host: string;
  owner: string;
  since: string;
}

export function defaultLockDirectory(): string {
  return join(tmpdir(), 'asa-upgrade-locks');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class PairLock {
  private released = false;

  private constructor(readonly path: string) {}

  /**
   * Takes the lock for `pairKey` (e.g. the active address `10.0.0.1:22`) or throws PairBusyError.
   * `owner` says who holds it ("VS Code window", "asa-upgrade upgrade") for the other side's message.
   */
  static acquire(pairKey: string, owner: string, directory = defaultLockDirectory()): PairLock {
    mkdirSync(directory, { recursive: true });
    const file = join(directory, `${createHash('sha256').update(pairKey).digest('hex').slice(0, 24)}.lock`);
    const me: LockOwner = { pid: process.pid, host: hostname(), owner, since: new Date().toISOString() };
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const fd = openSync(file, 'wx', 0o600);
        writeSync(fd, JSON.stringify(me));
        closeSync(fd);
        return new PairLock(file);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const holder = readOwner(file);
      if (holder && (holder.host !== me.host || isAlive(holder.pid))) {
        throw new PairBusyError(
          `Another upgrade job is already running on pair ${pairKey} (${holder.owner}, process ${holder.pid} on ${holder.host}, since ${holder.since}). ` +
            'Wait for it to finish or cancel it there; two jobs on one pair are never run at once.',
        );
      }
      // Stale (owner gone, or unreadable because it was being written): remove and try again.
      try {
        unlinkSync(file);
      } catch {
        /* someone else removed it first */
      }
    }
    throw new PairBusyError(`Could not take the lock for pair ${pairKey} in ${directory}: it keeps changing hands. Try again.`);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    const holder = readOwner(this.path);
    if (holder && holder.pid === process.pid) {
      try {
        unlinkSync(this.path);
      } catch {
        /* already gone */
      }
    }
  }
}

function readOwner(file: string): LockOwner | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as LockOwner;
    return typeof parsed.pid === 'number' ? parsed : undefined;
  } catch {
    return undefined;
  }
}
