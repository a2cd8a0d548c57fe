// What every protocol client shares: one AbortSignal that fires on the caller's abort or when the transfer
// stalls, a progress counter, and helpers that build redacted messages. Each client only has to tear its
// sockets down when `signal` fires and reject with `signal.reason`.

import { redactUrlCredentials } from '../../core/redact';
import { TransferError, type TransferFailure } from './errors';

export interface FetchImageOptions {
  signal?: AbortSignal;
  /** Called with the number of bytes received so far, each time more arrive. */
  onBytes?(totalSoFar: number): void;
  /**
   * Longest time without progress (connecting, or between two pieces of data) before the transfer fails with
   * reason 'timeout'. Not a limit on the whole transfer: a large image on a slow link must still finish.
   * Default 30 s.
   */
  timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

export class TransferContext {
  readonly signal: AbortSignal;
  /** The URL as it may appear in messages: credentials masked. */
  readonly shownUrl: string;
  readonly timeoutMs: number;
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private total = 0;
  private finished = false;
  private readonly unlink: () => void;

  constructor(readonly url: URL, private readonly options: FetchImageOptions) {
    this.shownUrl = redactUrlCredentials(url.href);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.signal = this.controller.signal;
    const outer = options.signal;
    const onOuterAbort = () => this.controller.abort(outer?.reason ?? abortError());
    if (outer?.aborted) onOuterAbort();
    else outer?.addEventListener('abort', onOuterAbort, { once: true });
    this.unlink = () => outer?.removeEventListener('abort', onOuterAbort);
    this.armTimer();
  }

  get bytesSoFar(): number {
    return this.total;
  }

  /** Counts received bytes, reports them and restarts the stall timer. */
  received(bytes: number): void {
    if (this.finished || this.signal.aborted || bytes <= 0) return;
    this.total += bytes;
    this.armTimer();
    try {
      this.options.onBytes?.(this.total);
    } catch (err) {
      // A failing progress callback ends the transfer with its error instead of escaping from a socket event.
      this.controller.abort(err);
    }
  }

  /** Restarts the stall timer on protocol activity that carries no file bytes (login, handshakes). */
  alive(): void {
    if (!this.finished && !this.signal.aborted) this.armTimer();
  }

  /** Stops the timer and unhooks the caller's signal; the transfer is over either way. */
  finish(): void {
    this.finished = true;
    if (this.timer) clearTimeout(this.timer);
    this.unlink();
  }

  error(reason: TransferFailure, what: string, cause?: unknown): TransferError {
    return new TransferError(reason, this.scrub(what), cause === undefined ? undefined : { cause });
  }

  /** Masks the URL's password wherever it appears, also in text a library or server produced. */
  scrub(text: string): string {
    let out = redactUrlCredentials(text);
    const password = this.password;
    if (password && password.length >= 3) {
      for (const form of new Set([password, encodeURIComponent(password), this.url.password])) {
        if (form) out = out.split(form).join('*****');
      }
    }
    return out;
  }

  get username(): string {
    return decodeURIComponent(this.url.username);
  }

  get password(): string {
    return decodeURIComponent(this.url.password);
  }

  /** Runs `cleanup` once when the transfer is aborted or stalls; returns a function that unregisters it. */
  onAbort(cleanup: () => void): () => void {
    if (this.signal.aborted) {
      cleanup();
      return () => undefined;
    }
    this.signal.addEventListener('abort', cleanup, { once: true });
    return () => this.signal.removeEventListener('abort', cleanup);
  }

  private armTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.controller.abort(
        new TransferError('timeout', `${this.shownUrl}: no data for ${Math.round(this.timeoutMs / 1000)} s; the server stopped answering. Check that it is up and reachable, or allow a longer timeout.`),
      );
    }, this.timeoutMs);
    this.timer.unref?.();
  }
}

export function abortError(): Error {
  return new DOMException('The transfer was cancelled.', 'AbortError');
}
