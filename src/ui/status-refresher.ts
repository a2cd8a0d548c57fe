// Keeps what the tree shows: each pair's last status or error. Reads on a timer and on demand, never more than
// one read per pair at a time, in the background (the tree only renders what is already known).

import * as vscode from 'vscode';
import { HostKeyRejectedError } from '../core/errors';
import type { PairStatus } from '../core/model';
import { CredentialsNeededError } from './credentials';
import type { ConnectionPool } from './connections';
import { loadEngine } from './engine-loader';
import type { UiLog } from './log';
import type { PairStore } from './pair-store';
import { readSettings } from './pairs-config';
import { describeError } from './errors-text';

export interface PairErrorView {
  message: string;
  /** A short label for the tree line when the message is long (the message goes to the tooltip). */
  label?: string;
  /** What the user can do about it, offered on the error node. */
  action?: { title: string; command: string; arguments?: unknown[] };
}

export interface PairView {
  status?: PairStatus;
  error?: PairErrorView;
  loading: boolean;
  readAt?: number;
  /** "via bastion-1" when jump hosts carry the sessions. */
  route?: string;
}

export class StatusRefresher implements vscode.Disposable {
  private readonly views = new Map<string, PairView>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly changed = new vscode.EventEmitter<string | undefined>();
  readonly onDidChange = this.changed.event;
  private timer?: NodeJS.Timeout;
  private readonly subscriptions: vscode.Disposable[] = [];
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

  private schedule(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const seconds = readSettings().refreshIntervalSeconds;
    if (seconds > 0) this.timer = setInterval(() => void this.refreshAll({ interactive: false }), seconds * 1000);
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
    this.views.set(pairName, { status, loading: false, readAt: status.readAt });
    this.changed.fire(pairName);
  }

  notifyChanged(pairName?: string): void {
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
      this.views.set(pairName, { status, loading: false, readAt: Date.now(), ...(connection.route ? { route: connection.route } : {}) });
    } catch (e) {
      const needs = connection?.needsUser ?? (e instanceof CredentialsNeededError ? 'credentials' : undefined);
      const message = this.log.redact(describeError(e));
      const refused = await this.pool.credentialsRefused(pair, e);
      if (options.interactive || !needs) this.log.warn(`Reading pair ${pairName} failed: ${message}`);
      this.views.set(pairName, {
        status: previous.status,
        loading: false,
        readAt: previous.readAt,
        error: {
          label: e instanceof HostKeyRejectedError && e.knownFingerprint ? 'Host key CHANGED: connection refused' : undefined,
          message: needs === 'credentials' ? `Credentials needed to read ${pairName}.` : needs === 'host-key' ? `The host key of ${pairName} is not trusted yet.` : message,
          action:
            e instanceof HostKeyRejectedError && e.knownFingerprint
              ? { title: 'Review trusted host keys', command: 'asaUpgrade.editPair', arguments: [pairName] }
              : {
                  title: needs === 'credentials' || refused ? 'Sign in' : needs === 'host-key' ? 'Review the host key' : 'Retry',
                  command: 'asaUpgrade.refresh',
                  arguments: [pairName],
                },
        },
      });
      // A failed session may be half-open; start clean next time.
      if (!needs && !refused) await this.pool.close(pairName);
    } finally {
      if (connection) connection.interactive = false;
      this.changed.fire(pairName);
    }
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
