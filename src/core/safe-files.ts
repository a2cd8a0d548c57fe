// Files the tool writes for the user (journal, lock, known_hosts, report, log) are only ever regular files:
// a path that names a device (/dev/null), a FIFO, a socket, a directory or a symbolic link is refused, and
// nothing is ever renamed over one. File-system errors become a message that names the path and the fix,
// never a bare "EISDIR".

import { closeSync, lstatSync, mkdirSync, openSync, renameSync, statSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { OutputPathError } from './errors';

function kindOf(st: Stats): string {
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

function lstatOrUndefined(path: string, what: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw fileSystemError(e, path, what);
  }
}

/** A clear message for a file-system error on `path` (the `what`, e.g. "The journal"). */
export function fileSystemError(e: unknown, path: string, what: string): OutputPathError {
  const code = (e as NodeJS.ErrnoException).code;
  const reason: Record<string, string> = {
    EISDIR: 'is a directory. Give the path of a file (e.g. inside that directory)',
    ENOTDIR: 'cannot be used: a part of its path is a file, not a directory. Fix the path',
    EEXIST: 'cannot be created: something that is not a directory is in its way. Remove it or choose another path',
    EACCES: 'cannot be written: permission denied. Choose a path you can write, or fix the permissions',
    EPERM: 'cannot be written: operation not permitted. Choose a path you can write, or fix the permissions',
    EROFS: 'is on a read-only file system. Choose a writable path',
    ENOSPC: 'cannot be written: the disk is full. Free space or choose another path',
    ELOOP: 'cannot be used: too many symbolic links in its path. Fix the path',
    ENAMETOOLONG: 'is too long. Choose a shorter path',
  };
  return new OutputPathError(`${what} ${path} ${reason[code ?? ''] ?? `cannot be used (${code ?? (e as Error).message}). Check the path`}.`, { cause: e });
}

/**
 * Refuses `path` unless it is absent or a regular file (not followed if it is a symbolic link), and its
 * directory is a directory or can be made one.
 */
export function checkOutputFile(path: string, what: string): void {
  const st = lstatOrUndefined(path, what);
  if (st && !st.isFile()) {
    throw new OutputPathError(`${what} ${path} exists and is ${kindOf(st)}; it is never written through or replaced. Give the path of a regular file (or of one that does not exist yet).`);
  }
  if (!st) {
    let dir: Stats | undefined;
    try {
      dir = statSync(dirname(path));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return; // created when first written
      throw fileSystemError(e, path, what);
    }
    if (!dir.isDirectory()) throw new OutputPathError(`${what} ${path} cannot be created: ${dirname(path)} is not a directory. Fix the path.`);
  }
}

/** Refuses `dir` when it exists as anything but a directory (a symbolic link to one is fine). */
export function checkOutputDirectory(dir: string, what: string): void {
  let st: Stats;
  try {
    st = statSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw fileSystemError(e, dir, what);
  }
  if (!st.isDirectory()) throw new OutputPathError(`${what} ${dir} exists and is ${kindOf(st)}, not a directory. Remove it or choose another path.`);
}

/** Creates `dir` (and its parents) if needed; refuses one that exists as something else. */
export function ensureDirectory(dir: string, what: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw fileSystemError(e, dir, what);
  }
  let st: Stats;
  try {
    st = statSync(dir);
  } catch (e) {
    throw fileSystemError(e, dir, what);
  }
  if (!st.isDirectory()) throw new OutputPathError(`${what} ${dir} exists and is ${kindOf(st)}, not a directory. Remove it or choose another path.`);
}

/**
 * Replaces the regular file `path` with `text` atomically (a new file beside it, then a rename), so a crash
 * never leaves half a file. Refuses when `path` exists as anything but a regular file, checked again just
 * before the rename.
 */
export function replaceFileAtomically(path: string, text: string, what: string, mode = 0o600): void {
  checkOutputFile(path, what);
  ensureDirectory(dirname(path), `The directory of ${what.toLowerCase()}`);
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  let fd: number;
  try {
    fd = openSync(tmp, 'wx', mode);
  } catch (e) {
    throw fileSystemError(e, path, what);
  }
  try {
    try {
      writeSync(fd, text);
    } finally {
      closeSync(fd);
    }
    checkOutputFile(path, what);
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
    if (e instanceof OutputPathError) throw e;
    throw fileSystemError(e, path, what);
  }
}
