// Real byte counts while a `copy` runs. The `!` marks a copy prints do not say how many bytes they stand for,
// but the unit writes the destination file as the bytes arrive, so its size on flash is the honest measure.
// The session running the copy is busy until it ends, so the size is read over a second session of our own
// to the same address (through `failover exec mate` when the copy runs on the mate). Watching is best effort:
// if the second session cannot be had or keeps failing, the copy simply goes on without byte counts.

import type { PairConnector, UnitSession } from './ports';

export interface CopyWatchArgs {
  connector: PairConnector;
  /** The session running the copy: its address and route are the ones watched. */
  copySession: UnitSession;
  /** The destination's name on flash (`asa9-20-2-smp-k8.bin`). */
  file: string;
  /** Time between readings; never below MIN_INTERVAL_MS, so a watched unit is not kept busy listing flash. */
  intervalMs: number;
  /** Limit for one reading (and for opening the session). */
  commandTimeoutMs?: number;
  signal?: AbortSignal;
  /** A new size seen on flash. Not called for a file left from before the copy until it changes. */
  onBytes: (bytes: number) => void;
}

export interface CopyWatch {
  /**
   * Resolves once the destination was read before the copy starts (so an old partial file is not taken for
   * progress), or after `capMs`, whichever is first. Never rejects.
   */
  ready(capMs: number): Promise<void>;
  /** Stops watching and closes the session; resolves when it is closed. */
  stop(): Promise<void>;
  /** False once the watcher gave up (no second session, readings failing): sizes no longer come. */
  readonly watching: boolean;
}

export const MIN_INTERVAL_MS = 1000;
/** Readings that fail in a row before watching is given up (the copy itself is not affected). */
const MAX_FAILURES = 3;

export function watchCopy(a: CopyWatchArgs): CopyWatch {
  const intervalMs = Math.max(a.intervalMs, MIN_INTERVAL_MS);
  const stopped = new AbortController();
  const onOuterAbort = (): void => stopped.abort();
  a.signal?.addEventListener('abort', onOuterAbort, { once: true });
  let own: UnitSession | undefined;
  let baselineTaken!: () => void;
  const baseline = new Promise<void>((resolve) => (baselineTaken = resolve));

  const wait = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      if (stopped.signal.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        stopped.signal.removeEventListener('abort', done);
        resolve();
      }
      stopped.signal.addEventListener('abort', done, { once: true });
    });

  const read = async (): Promise<number | undefined> => {
    if (!own?.isOpen) {
      own = undefined;
      const session = await a.connector.connect(a.copySession.address, { dedicated: true, timeoutMs: a.commandTimeoutMs, signal: stopped.signal });
      if (session === a.copySession || session.mate() === a.copySession) {
        // A connector that does not open separate sessions handed back the busy one: never close or queue on it.
        throw new SharedSessionError();
      }
      own = session;
      if (stopped.signal.aborted) return undefined;
    }
    const target = a.copySession.via === 'mate' ? own.mate() : own;
    const options = { timeoutMs: a.commandTimeoutMs, signal: stopped.signal };
    if (target.fileSize) return target.fileSize(a.file, options);
    return (await target.listFlash(options)).files.find((f) => f.name === a.file && !f.isDirectory)?.size;
  };

  let watching = true;
  const loop = async (): Promise<void> => {
    let failures = 0;
    let first = true;
    let stale: number | undefined;
    let last: number | undefined;
    while (!stopped.signal.aborted) {
      const started = Date.now();
      try {
        const size = await read();
        failures = 0;
        if (first) {
          // Whatever is there before the copy writes is not progress: a partial file from an earlier attempt.
          stale = size !== undefined && size > 0 ? size : undefined;
          first = false;
          baselineTaken();
        } else if (size !== undefined && size !== last && !stopped.signal.aborted) {
          if (stale === undefined || size !== stale) {
            stale = undefined;
            last = size;
            a.onBytes(size);
          }
        }
      } catch (e) {
        if (e instanceof SharedSessionError) break;
        failures++;
        await dropSession();
        if (failures >= MAX_FAILURES) break;
        if (first) {
          // The copy must not wait for a watcher: without a baseline every later reading counts.
          first = false;
          baselineTaken();
        }
      }
      await wait(Math.max(0, intervalMs - (Date.now() - started)));
    }
    watching = false;
    baselineTaken();
  };

  const dropSession = async (): Promise<void> => {
    const s = own;
    own = undefined;
    await s?.close().catch(() => undefined);
  };

  const running = loop().catch(() => undefined);

  return {
    get watching() {
      return watching;
    },
    async ready(capMs: number): Promise<void> {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([baseline, new Promise<void>((resolve) => (timer = setTimeout(resolve, capMs)))]);
      clearTimeout(timer);
    },
    async stop(): Promise<void> {
      stopped.abort();
      a.signal?.removeEventListener('abort', onOuterAbort);
      await running;
      await dropSession();
    },
  };
}

class SharedSessionError extends Error {}
