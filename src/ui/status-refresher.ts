// Keeps what the tree shows: each pair's last good status and, when the last read failed, what stands in the
// way (sign in, host key, unreachable). Reads on a timer and on demand, never more than one read per pair at a
// time, in the background (the tree only renders what is already known).
// Polling is quiet: its commands go to the log at trace level, and one info line is written when what the tree
// shows for a pair changes (healthy -> unreachable, ...), never once per poll.

import * as vscode from 'vscode';
import type { PairStatus } from '../core/model';
import type { ConnectionPool } from './connections';
import { loadEngine } from './engine-loader';
import { changedHostKey, ERROR_CODES, errorCode, isCredentialRefusal, isUnreachable } from './error-codes';
import { describeError } from './errors-text';
import type { UiLog } from './log';
import type { PairStore } from './pair-store';
import { readSettings } from './pairs-config';
import { pairHealth } from './tree/health';

/** Why the last read did not give a status. 'sign-in' is not an error: the pair waits for the user. */
export type PairProblemKind = 'sign-in' | 'host-key-changed' | 'unreachable' | 'failed';

export interface PairErrorView {
  kind: PairProblemKind;
  message: string;
  /** A few words for the pair line (the message goes to the tooltip and the item under the pair). */
  short: string;
  /** What the user can do about it, offered on the item under the pair. */
  action?: { title: string; command: string; arguments?: unknown[] };
  /** When the problem was first seen (it stays while the same kind repeats). */
  since: number;
}

export interface PairView {
  /** The last status the pair reported; kept while later reads fail, shown with its age. */
  status?: PairStatus;
  error?: PairErrorView;
  loading: boolean;
  /** When `status` was read (the last good read). */
  readAt?: number;
  /** "via bastion-1" when jump hosts carry the sessions. */
  route?: string;
}

/** A shared vocabulary for the tree and the log: "healthy", "unreachable (refused)", "sign in". */
export function viewSummary(view: PairView): string | undefined {
  if (view.error) return view.error.short;
  if (view.status) {
    const versions = [...new Set(view.status.units.map((u) => u.version))].join(' / ');
    return `${pairHealth(view.status).text}, ${versions}`;
  }
  return undefined;
}

/** The reason in one short word or two (the pair line's room): refused, reset, timeout, no route, no DNS, dropped. */
function unreachableReason(message: string): string {
  if (/refused/i.test(message)) return 'refused';
  if (/no ssh answer|timed out|within \d+ s/i.test(message)) return 'timeout';
  if (/reset/i.test(message)) return 'reset';
  if (/resolve/i.test(message)) return 'no DNS';
  if (/unreachable|route/i.test(message)) return 'no route';
  return 'dropped';
}

export class StatusRefresher implements vscode.Disposable {
  private readonly views = new Map<string, PairView>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly changed = new vscode.EventEmitter<string | undefined>();
  readonly onDidChange = this.changed.event;
  private timer?: NodeJS.Timeout;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Reads started by the timer (the tests wait for a number of them instead of sleeping). */
  backgroundCycles = 0;
  /** Set by the upgrade controller: a pair being upgraded is not polled (its job reads it). */
  isBusy: (pairName: string) => boolean = () => false;

  constructor(
    private readonly pairs: PairStore,
    private readonly pool: ConnectionPool,
    private readonly log: UiLog,
  ) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('asaUpgrade.refreshIntervalSeconds')) this.schedule();
      }),
      pairs.onDidChange(() => {
        const names = new Set(this.pairs.all().map((p) => p.name));
        for (const name of [...this.views.keys()]) {
          if (!names.has(name)) {
            this.views.delete(name);
            void this.pool.close(name);
          }
        }
        this.changed.fire(undefined);
      }),
    );
    this.schedule();
  }

  view(pairName: string): PairView {
    return this.views.get(pairName) ?? { loading: false };
  }

  /** The refresh interval in ms (0: off); a state older than two intervals is shown with its age. */
  intervalMs(): number {
    return readSettings().refreshIntervalSeconds * 1000;
  }

  private schedule(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const ms = this.intervalMs();
    if (ms > 0) this.timer = setInterval(() => void this.background(), ms);
  }

  /**
   * One timer tick: every pair is read again, except those waiting for the user (sign in, a changed host key):
   * polling them could only repeat a refusal, and a rejected password is never sent again by the timer.
   */
  private async background(): Promise<void> {
    this.backgroundCycles++;
    await Promise.all(
      this.pairs
        .all()
        .filter((p) => {
          const kind = this.views.get(p.name)?.error?.kind;
          return kind !== 'sign-in' && kind !== 'host-key-changed';
        })
        .map((p) => this.refresh(p.name, { interactive: false })),
    );
    // Ages on the unit lines move on even when nothing else changes.
    this.changed.fire(undefined);
  }

  refreshAll(options: { interactive: boolean }): Promise<void> {
    return Promise.all(this.pairs.all().map((p) => this.refresh(p.name, options))).then(() => undefined);
  }

  /** Reads the pair now unless a read is already running (then joins it). Never throws. */
  refresh(pairName: string, options: { interactive: boolean }): Promise<void> {
    if (this.isBusy(pairName)) return Promise.resolve();
    const running = this.inFlight.get(pairName);
    if (running) return running;
    const job = this.read(pairName, options).finally(() => this.inFlight.delete(pairName));
    this.inFlight.set(pairName, job);
    return job;
  }

  /** Reads every pair never read yet, and waits for all reads in flight (for the test API). */
  async settle(): Promise<void> {
    const pending = this.pairs
      .all()
      .filter((p) => !this.views.get(p.name)?.status && !this.views.get(p.name)?.error)
      .map((p) => this.refresh(p.name, { interactive: false }));
    await Promise.all([...pending, ...this.inFlight.values()]);
  }

  /** The upgrade controller reports fresh facts as its job learns them. */
  setStatus(pairName: string, status: PairStatus): void {
    this.update(pairName, { status, loading: false, readAt: status.readAt });
  }

  /** A refusal seen outside a read (the upgrade's own read): the pair waits for the user to sign in again. */
  async reportFailure(pairName: string, error: unknown): Promise<void> {
    const pair = this.pairs.get(pairName);
    if (!pair) return;
    const previous = this.views.get(pairName) ?? { loading: false };
    const problem = await this.problemOf(pairName, error, undefined, previous.error);
    this.update(pairName, { ...previous, loading: false, error: problem });
  }

  notifyChanged(pairName?: string): void {
    this.changed.fire(pairName);
  }

  private update(pairName: string, next: PairView): void {
    const before = viewSummary(this.views.get(pairName) ?? { loading: false });
    this.views.set(pairName, next);
    const after = viewSummary(next);
    if (after !== undefined && after !== before) {
      const detail = next.error && next.error.kind !== 'sign-in' ? `: ${next.error.message}` : '';
      if (next.error && next.error.kind !== 'sign-in') this.log.warn(`${pairName}: ${after}${detail}`);
      else this.log.info(`${pairName}: ${after}`);
    }
    this.changed.fire(pairName);
  }

  private async read(pairName: string, options: { interactive: boolean }): Promise<void> {
    const pair = this.pairs.get(pairName);
    if (!pair) return;
    const previous = this.views.get(pairName) ?? { loading: false };
    this.views.set(pairName, { ...previous, loading: true });
    this.changed.fire(pairName);
    let connection;
    try {
      connection = await this.pool.get(pair);
      connection.interactive = options.interactive;
      const engine = await loadEngine();
      const status = await engine.readPairStatus(connection.connector);
      this.update(pairName, { status, loading: false, readAt: Date.now(), ...(connection.route ? { route: connection.route } : {}) });
    } catch (e) {
      const problem = await this.problemOf(pairName, e, connection?.needsUser, previous.error);
      this.update(pairName, { status: previous.status, loading: false, readAt: previous.readAt, error: problem });
      // A failed session may be half-open; start clean next time.
      if (problem.kind === 'unreachable' || problem.kind === 'failed') await this.pool.close(pairName);
    } finally {
      if (connection) connection.interactive = false;
      this.changed.fire(pairName);
    }
  }

  private async problemOf(pairName: string, e: unknown, needsUser: 'credentials' | 'host-key' | undefined, previous: PairErrorView | undefined): Promise<PairErrorView> {
    const pair = this.pairs.get(pairName);
    const now = Date.now();
    const since = (kind: PairProblemKind): number => (previous?.kind === kind ? previous.since : now);
    const signIn = { title: 'Sign in...', command: 'asaUpgrade.refresh', arguments: [pairName] };
    const changed = changedHostKey(e);
    if (changed) {
      return {
        kind: 'host-key-changed',
        short: 'host key changed',
        message: `The host key of ${pairName} has CHANGED (trusted ${changed.known}, presented ${changed.presented}). Nothing was sent. If a unit was replaced or re-keyed, forget the old key ("Edit Pair" > "Forget trusted host keys") and sign in again.`,
        action: { title: 'Review trusted host keys', command: 'asaUpgrade.editPair', arguments: [pairName] },
        since: since('host-key-changed'),
      };
    }
    if (pair && isCredentialRefusal(e)) {
      await this.pool.credentialsRefused(pair, e);
      const what = errorCode(e) === ERROR_CODES.enablePassword ? 'enable password' : 'password';
      return {
        kind: 'sign-in',
        short: 'sign in',
        message: `${pairName} refused the ${what}. It was forgotten and is not sent again: sign in with the right one.`,
        action: signIn,
        since: since('sign-in'),
      };
    }
    // `needsUser` is what a hook refused earlier in this connector's life; a session that closed or a unit that
    // did not answer is said as such, never taken for a question to the user (only these codes lead to "Sign in...").
    if ((needsUser && !isUnreachable(e)) || errorCode(e) === ERROR_CODES.credentialsNeeded || errorCode(e) === ERROR_CODES.hostKey) {
      return {
        kind: 'sign-in',
        short: 'sign in',
        message:
          needsUser === 'host-key' || errorCode(e) === ERROR_CODES.hostKey
            ? `${pairName} has not been contacted yet: sign in to review its host key, then enter its credentials.`
            : `${pairName} needs its credentials: sign in to enter them.`,
        action: signIn,
        since: since('sign-in'),
      };
    }
    const message = this.log.redact(describeError(e));
    if (isUnreachable(e)) {
      return {
        kind: 'unreachable',
        short: `unreachable (${unreachableReason(message)})`,
        message,
        action: { title: 'Retry', command: 'asaUpgrade.refresh', arguments: [pairName] },
        since: since('unreachable'),
      };
    }
    return { kind: 'failed', short: 'read failed', message, action: { title: 'Retry', command: 'asaUpgrade.refresh', arguments: [pairName] }, since: since('failed') };
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
