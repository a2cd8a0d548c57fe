// The no-progress limit of one copy. A copy's overall limit is long (large images over slow links take an
// hour); a copy that stopped moving must not take that long to be noticed. Progress is either sign the unit
// gives: a new `!` mark in the copy's output, or the destination growing on flash (read by the copy watcher).
// When neither sign can come (a copy through `failover exec mate` prints its marks only at the end, and the
// watcher may have given up), the limit cannot tell a slow copy from a stalled one and stays out of the way.

export interface CopyStallGuard {
  /** Aborts when the copy made no progress for the limit; its reason is a CopyStalledError. */
  readonly signal: AbortSignal;
  marks(count: number): void;
  bytes(count: number): void;
  stop(): void;
}

export class CopyStalledError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CopyStalledError';
  }
}

export function guardCopyProgress(a: {
  limitMs: number;
  /** Whether any sign of progress can still arrive (marks stream, or the watcher still reads sizes). */
  observable: () => boolean;
  describe: (idleMs: number, lastBytes: number | undefined) => string;
  now?: () => number;
}): CopyStallGuard {
  const now = a.now ?? Date.now;
  const controller = new AbortController();
  let lastProgressAt = now();
  let lastMarks = 0;
  let lastBytes: number | undefined;
  const check = (): void => {
    if (!a.observable()) {
      // Nothing to go by: start counting afresh if signs come back.
      lastProgressAt = now();
      return;
    }
    const idle = now() - lastProgressAt;
    if (idle >= a.limitMs) {
      clearInterval(timer);
      controller.abort(new CopyStalledError(a.describe(idle, lastBytes)));
    }
  };
  const timer = setInterval(check, Math.max(50, Math.min(1000, a.limitMs / 4)));
  return {
    signal: controller.signal,
    marks(count) {
      if (count > lastMarks) {
        lastMarks = count;
        lastProgressAt = now();
      }
    },
    bytes(count) {
      if (lastBytes === undefined || count > lastBytes) {
        lastBytes = count;
        lastProgressAt = now();
      }
    },
    stop() {
      clearInterval(timer);
    },
  };
}
