// Waiting on devices: poll what they report at a fixed interval until a condition holds or a deadline
// passes. The interval only paces the polling; how long a wait lasts is decided by the devices' state.

import { AsaUpgradeError } from './errors';

/** The user cancelled; the engine stopped at a safe point. */
export class CancelledError extends AsaUpgradeError {
  readonly code = 'CANCELLED';
}

/** A device did not reach the state waited for within the time allowed. */
export class WaitTimeoutError extends AsaUpgradeError {
  readonly code = 'WAIT_TIMEOUT';
}

export function throwIfCancelled(signal: AbortSignal | undefined, where: string): void {
  if (signal?.aborted) throw new CancelledError(`Cancelled ${where}.`);
}

/** Resolves after `ms`, or rejects with CancelledError as soon as `signal` aborts. */
export function pause(ms: number, signal?: AbortSignal, where = 'while waiting'): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CancelledError(`Cancelled ${where}.`));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new CancelledError(`Cancelled ${where}.`));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface PollOptions {
  /** What is waited for, for messages: "the secondary to reach Standby Ready". */
  what: string;
  timeoutMs: number;
  intervalMs: number;
  signal?: AbortSignal;
  /** Describes the last thing seen, for the timeout message and the still-waiting lines. */
  lastSeen?: () => string | undefined;
  /**
   * Called at least every `heartbeatMs` while the wait lasts, with what it waits for, how long so far and
   * what it last saw: a wait never goes silent, even while one check hangs on a device.
   */
  onStillWaiting?: (text: string) => void;
  /** Default 20 s. */
  heartbeatMs?: number;
}

/** How often a wait says it is still waiting (comfortably under the 30 s a wait may stay silent). */
export const HEARTBEAT_MS = 20_000;

/** Calls `check` until it returns a value (not undefined); errors it throws end the wait. */
export async function pollUntil<T>(check: () => Promise<T | undefined>, o: PollOptions): Promise<T> {
  const startedAt = Date.now();
  const heartbeat = o.onStillWaiting
    ? setInterval(() => {
        const seen = o.lastSeen?.();
        o.onStillWaiting!(`Still waiting for ${o.what} (${formatMs(Date.now() - startedAt)} so far${seen ? `; last seen: ${seen}` : ''}).`);
      }, o.heartbeatMs ?? HEARTBEAT_MS)
    : undefined;
  try {
    return await pollLoop(check, o);
  } finally {
    if (heartbeat) clearInterval(heartbeat);
  }
}

async function pollLoop<T>(check: () => Promise<T | undefined>, o: PollOptions): Promise<T> {
  const deadline = Date.now() + o.timeoutMs;
  for (;;) {
    throwIfCancelled(o.signal, `while waiting for ${o.what}`);
    const started = Date.now();
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) {
      const seen = o.lastSeen?.();
      throw new WaitTimeoutError(
        `Timed out after ${formatMs(o.timeoutMs)} waiting for ${o.what}${seen ? ` (last seen: ${seen})` : ''}. ` +
          'Check the unit on its console; if it is only slow, raise the timeout and resume.',
      );
    }
    const spent = Date.now() - started;
    await pause(Math.max(0, Math.min(o.intervalMs - spent, deadline - Date.now())), o.signal, `while waiting for ${o.what}`);
  }
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  return `${Math.round(s / 60)} min`;
}
