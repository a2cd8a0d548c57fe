// The rolling order of a fleet: the canary pairs first, one at a time and alone, then the others K at a
// time (a new pair starts as soon as one ends). The first failure or regression stops new pairs from
// starting, and asks the running ones to stop at their next safe point, unless continueOnFailure.

export type PairEnd = 'upgraded' | 'upgraded-with-regressions' | 'downloaded' | 'refused' | 'failed' | 'cancelled';

export interface RolloutSettings {
  concurrency: number;
  canary: number;
  continueOnFailure: boolean;
}

export interface RolloutResult<R> {
  results: Map<string, R>;
  /** Pairs never started because the fleet stopped. */
  notStarted: string[];
  stoppedBecause?: string;
}

const good = (end: PairEnd): boolean => end === 'upgraded' || end === 'downloaded';

export async function runRollout<R extends { end: PairEnd; message: string }>(
  names: string[],
  settings: RolloutSettings,
  runPair: (name: string, signal: AbortSignal, role: 'canary' | 'wave') => Promise<R>,
  hooks: { onStop?: (reason: string) => void; signal?: AbortSignal } = {},
): Promise<RolloutResult<R>> {
  const results = new Map<string, R>();
  const running = new Map<string, AbortController>();
  let stoppedBecause: string | undefined;
  const stop = (reason: string): void => {
    if (stoppedBecause) return;
    stoppedBecause = reason;
    hooks.onStop?.(reason);
    for (const c of running.values()) c.abort();
  };
  hooks.signal?.addEventListener('abort', () => stop('cancelled by the user'), { once: true });
  if (hooks.signal?.aborted) stop('cancelled by the user');

  const one = async (name: string, role: 'canary' | 'wave'): Promise<void> => {
    const controller = new AbortController();
    running.set(name, controller);
    try {
      const r = await runPair(name, controller.signal, role);
      results.set(name, r);
      if (!good(r.end) && !settings.continueOnFailure) {
        stop(`${role === 'canary' ? 'canary ' : ''}${name} ended ${r.end === 'upgraded-with-regressions' ? 'upgraded with regressions' : r.end}: ${r.message.replace(/\.$/, '')}`);
      }
    } finally {
      running.delete(name);
    }
  };

  const canaries = names.slice(0, Math.min(settings.canary, names.length));
  const rest = names.slice(canaries.length);
  for (const name of canaries) {
    if (stoppedBecause) break;
    await one(name, 'canary');
  }
  const queue = [...rest];
  const worker = async (): Promise<void> => {
    while (!stoppedBecause && queue.length) await one(queue.shift()!, 'wave');
  };
  if (!stoppedBecause) await Promise.all(Array.from({ length: Math.max(1, Math.min(settings.concurrency, queue.length)) }, worker));
  const notStarted = names.filter((n) => !results.has(n));
  return { results, notStarted, ...(stoppedBecause ? { stoppedBecause } : {}) };
}
