// Runs "Upgrade Pairs..." in the editor on the engine the CLI's `fleet` uses (core/fleet: planFleet, runFleet):
// every pair planned before any starts, canaries first and alone, then K at a time, the first failure or
// regression stops new pairs. This file only says how the editor reaches a pair (its connection pool, its
// credentials and host keys), where each pair's journal lives (the one single-pair upgrades use, so "Resume
// Upgrade" continues a pair the fleet left), and how the tree and the fleet panel follow the run.

import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { FleetPair } from '../core/fleet/pairs';
import type { FleetPlanEntry } from '../core/fleet/plan';
import type { RolloutSettings } from '../core/fleet/rollout';
import type { FleetRunResult } from '../core/fleet/run';
import type { FleetState } from '../core/fleet/state';
import type { PairStatus, UpgradeRequest } from '../core/model';
import { busyMessage, PairLock } from '../core/pair-lock';
import { describePair } from '../core/pair-identity';
import type { CommandRecord } from '../core/ports';
import type { PairConnection } from './connections';
import { loadEngine } from './engine-loader';
import { describeError } from './errors-text';
import type { FleetPanel } from './fleet-panel';
import { fleetFinished, fleetStopping, newFleetState, pairEnded, pairEvent, pairStarted, rolloutText, type FleetTableState } from './fleet-state';
import { readSettings, type PairConfig } from './pairs-config';
import { PHASE_TITLES } from './plan-text';
import type { Services } from './services';
import type { UpgradeView } from './tree/pair-item';
import { newUpgradeView, updateUpgradeView } from './tree/upgrade-view';
import type { JobRecord } from './upgrade-controller';

/** How a selected pair is named to the fleet engine (the editor keeps credentials itself: no environment variables). */
export function fleetPairOf(pair: PairConfig): FleetPair {
  const withPort = (a: string): string => (pair.port && pair.port !== 22 && !/:\d+$/.test(a) && !a.includes('[') ? `${a}:${pair.port}` : a);
  return {
    name: pair.name,
    groups: [],
    active: withPort(pair.active),
    ...(pair.standby ? { standby: withPort(pair.standby) } : {}),
    username: pair.username,
    passwordEnv: '',
    enablePasswordEnv: '',
  };
}

export interface FleetRunSummary {
  ends: FleetRunResult['ends'];
  notStarted: string[];
  stoppedBecause?: string;
  /** The change record (report.md) written for the run. */
  report?: string;
}

export class FleetRunner implements vscode.Disposable {
  private readonly views = new Map<string, UpgradeView>();
  private controller?: AbortController;
  /** The table of the current (or last) run, as the panel shows it. */
  state?: FleetTableState;
  panel?: FleetPanel;

  constructor(private readonly s: Omit<Services, 'fleet'>) {}

  isRunning(pairName: string): boolean {
    return this.views.has(pairName);
  }

  get running(): boolean {
    return this.controller !== undefined;
  }

  /** Shows the fleet panel of the current or last run; false when none ran in this window. */
  showPanel(): boolean {
    if (!this.state || !this.panel) return false;
    this.panel.show(this.state);
    return true;
  }

  upgradeView(pairName: string): UpgradeView | undefined {
    return this.views.get(pairName);
  }

  /** Asks the running fleet to stop: no new pair starts, running pairs stop at their next safe point. */
  async confirmStop(): Promise<void> {
    if (!this.controller) return;
    const yes = 'Stop the Fleet';
    const answer = await this.s.prompter.current.modal(
      'confirm-cancel',
      'Stop upgrading these pairs?',
      'No new pair starts; pairs being upgraded stop at their next safe point (never in the middle of a reload or a switch-over). Each stopped pair can be resumed on its own.',
      [yes],
      'Keep going',
    );
    if (answer === yes && this.controller) {
      this.s.log.warn('Stopping the fleet: no new pair starts, running pairs stop at their next safe point.');
      this.controller.abort();
    }
  }

  /** Every pair read and planned (the same checks as the CLI's `fleet --plan`); nothing is changed. */
  async plan(pairs: PairConfig[], requests: Map<string, UpgradeRequest>): Promise<FleetPlanEntry[]> {
    const engine = await loadEngine();
    const connections = new Map<string, PairConnection>();
    for (const p of pairs) connections.set(p.name, await this.s.pool.get(p));
    const byName = new Map(pairs.map((p) => [p.name, p]));
    return engine.planFleet({
      entries: pairs.map((p) => ({ pair: fleetPairOf(p), request: requests.get(p.name)! })),
      connectorOf: (fp) => connections.get(fp.name)!.connector,
      dialect: engine.asaDialect,
      concurrency: 4,
      journalOf: (fp) => this.s.controller.journalPaths(byName.get(fp.name)!).journal,
      busy: (status: PairStatus) => {
        const holder = status.identity ? PairLock.runningJob(status.identity.key) : undefined;
        return holder && status.identity ? `${busyMessage(describePair(status.identity), holder)} Nothing was changed.` : undefined;
      },
      redact: (t) => this.s.redactor.redact(t),
      timeoutMs: readSettings().commandTimeoutMs,
      // Each pair of the editor has credentials of its own.
      credentialKeyOf: (fp) => fp.name,
    });
  }

  /** Runs a confirmed fleet plan (no refused pair in it). Never throws for a pair's failure: the table and the summary say it. */
  async run(pairs: PairConfig[], entries: FleetPlanEntry[], settings: RolloutSettings): Promise<FleetRunSummary> {
    if (this.controller) throw new Error('Pairs are being upgraded in this window already: wait for that run to end, or stop it.');
    const engine = await loadEngine();
    const uiSettings = readSettings();
    const byName = new Map(pairs.map((p) => [p.name, p]));
    const started = Date.now();
    const storage = this.s.context.globalStorageUri.fsPath;
    const owner = `VS Code window (process ${process.pid})`;
    const controller = new AbortController();
    this.controller = controller;

    this.state = newFleetState(
      `Upgrade of ${entries.length} pairs`,
      rolloutText(settings, entries.filter((e) => !e.done).length),
      entries.map((e) => ({
        name: e.pair.name,
        from: e.plan?.fromVersion ?? e.status?.units[0]?.version,
        to: e.plan?.toVersion,
        phases: [...new Set(['preconditions' as const, ...(e.plan?.steps.map((st) => st.phase) ?? [])])],
        ...(e.done ? { alreadyDone: e.doneNote ?? e.done } : {}),
      })),
    );
    this.panel?.show(this.state);
    const changed = (name: string): void => {
      this.s.tree.refreshView();
      this.s.refresher.notifyChanged(name);
      if (this.state) this.panel?.update(this.state);
    };

    // Each pair gets a connection of its own for its job (a refresh never interleaves with it); its commands go
    // to the pair's part of the change record.
    const forward = new Map<string, (r: CommandRecord) => void>();
    const connections = new Map<string, PairConnection>();
    const fleetState: FleetState = { format: 1, inventory: 'VS Code: Upgrade Pairs', startedAt: started, updatedAt: started, pairs: {} };
    const metaOf = (name: string): string => this.s.controller.journalPaths(byName.get(name)!).meta;
    let result: FleetRunResult;
    try {
      for (const e of entries.filter((x) => !x.done)) {
        const pair = byName.get(e.pair.name)!;
        connections.set(pair.name, await this.s.pool.dedicated(pair, (r) => forward.get(pair.name)?.(r)));
      }
      const allLab = pairs.every((p) => p.lab);
      result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Upgrading ${entries.length} pairs`, cancellable: true },
        (progress, token) => {
          token.onCancellationRequested(() => void this.confirmStop());
          return engine.runFleet({
            entries,
            settings,
            connectorOf: (fp, onCommand) => {
              forward.set(fp.name, onCommand);
              const c = connections.get(fp.name)!;
              return {
                get hasStandbyAddress() {
                  return c.connector.hasStandbyAddress;
                },
                connect: (address, options) => c.connector.connect(address, options),
                close: () => c.connector.close(),
                ...(c.route ? { route: c.route } : {}),
              };
            },
            lockKeyOf: (fp) => engine.formatEndpoint(engine.parseEndpoint(fp.active, 22)),
            owner,
            state: fleetState,
            statePath: join(storage, 'fleets', `${started}.json`),
            dialect: engine.asaDialect,
            redactor: this.s.redactor,
            thresholds: engine.DEFAULT_CHECK_THRESHOLDS,
            options: {
              pollIntervalMs: allLab ? Math.min(uiSettings.pollIntervalMs, 200) : uiSettings.pollIntervalMs,
              commandTimeoutMs: uiSettings.commandTimeoutMs,
              copyTimeoutMs: uiSettings.copyTimeoutMs,
              copyNoProgressMs: uiSettings.copyNoProgressMs,
              reloadTimeoutMs: uiSettings.reloadTimeoutMs,
            },
            signal: controller.signal,
            workstation: hostname(),
            addressOf: (a) => engine.formatEndpoint(engine.parseEndpoint(a, 22)),
            onPairStart: (name, role, e) => {
              // The same job record a single-pair upgrade keeps: a pair the fleet leaves half-way is offered
              // for "Resume Upgrade" like any other.
              const record: JobRecord = {
                pairName: name,
                request: { ...e.request, asa: this.s.redactor.redact(e.request.asa), ...(e.request.asdm ? { asdm: this.s.redactor.redact(e.request.asdm) } : {}) },
                startedAt: new Date().toISOString(),
                lab: byName.get(name)!.lab,
              };
              try {
                writeFileSync(metaOf(name), JSON.stringify(record, null, 2), { mode: 0o600 });
              } catch (err) {
                this.s.log.warn(`[${name}] could not write its job record (${describeError(err)}): Resume Upgrade will not offer it after a reload.`);
              }
              this.views.set(name, newUpgradeView());
              pairStarted(this.state!, name, role);
              this.s.log.info(`[${name}] starting${role === 'canary' ? ' (canary)' : ''}: ${e.plan!.fromVersion} -> ${e.plan!.toVersion}${e.resume ? ', resuming its journal' : ''}`);
              changed(name);
            },
            onEvent: (name, ev) => {
              const view = this.views.get(name);
              if (view) updateUpgradeView(view, ev);
              pairEvent(this.state!, name, ev, this.s.redactor);
              if (ev.type === 'log') this.s.log.at(ev.level, `[${name}] ${ev.message}`);
              if (ev.type === 'phase') {
                this.s.log.info(`[${name}] ${PHASE_TITLES[ev.phase]}: ${ev.status}${ev.message ? ` — ${ev.message}` : ''}`);
                if (ev.status === 'running') progress.report({ message: `${name}: ${PHASE_TITLES[ev.phase]}…` });
              }
              if (ev.type === 'phase' || ev.type === 'unit' || ev.type === 'copy' || ev.type === 'plan') changed(name);
            },
            onPairEnd: (name, end, checked) => {
              const regressions = checked.checks.comparison?.regressions ?? [];
              const message = end === 'upgraded-with-regressions' ? `Upgraded with regressions: ${regressions.join('; ')}` : checked.outcome.message;
              pairEnded(this.state!, name, end, message, this.s.redactor);
              this.views.delete(name);
              this.s.log.at(end === 'upgraded' || end === 'downloaded' ? 'info' : 'warn', `[${name}] ${end}: ${this.s.redactor.redact(message)}`);
              if (end === 'upgraded' || end === 'downloaded' || end === 'refused') this.s.controller.discardJob(metaOf(name));
              else this.s.controller.refreshContext();
              void this.s.refresher.refresh(name, { interactive: false });
              changed(name);
            },
            onStop: (reason) => {
              fleetStopping(this.state!, reason, this.s.redactor);
              this.s.log.warn(`Fleet stopping: ${this.s.redactor.redact(reason)}. No new pair starts; running pairs stop at their next safe point.`);
              if (this.state) this.panel?.update(this.state);
            },
          });
        },
      );
    } finally {
      this.controller = undefined;
      this.views.clear();
      await Promise.all([...connections.values()].map((c) => c.connector.close().catch(() => undefined)));
    }

    fleetFinished(this.state, result.notStarted, this.s.redactor, result.stoppedBecause);
    let report: string | undefined;
    try {
      const paths = engine.writeReport(
        join(storage, 'reports', `fleet-${new Date(started).toISOString().replace(/[:.]/g, '-')}`),
        engine.assembleReport({ kind: 'fleet', pairs: result.reports, startedAt: started, rollout: { ...settings, ...(result.stoppedBecause ? { stoppedBecause: result.stoppedBecause } : {}) } }),
      );
      report = paths.markdown;
      this.state.report = paths.markdown;
      this.s.log.info(`Fleet report written: ${paths.markdown}, ${paths.html}, ${paths.json}`);
    } catch (e) {
      this.s.log.warn(`The fleet report could not be written: ${describeError(e)}`);
    }
    this.panel?.update(this.state);
    this.s.tree.refreshView();
    const summary = `Upgrade of ${entries.length} pairs ${result.stoppedBecause ? 'stopped' : 'finished'}: ${this.state.summary}.`;
    this.s.log.info(summary);
    const show = 'Show Fleet Progress';
    const notify = result.stoppedBecause || Object.values(result.ends).some((x) => x !== 'upgraded' && x !== 'downloaded') ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void notify(summary, show).then((a) => {
      if (a === show && this.state) this.panel?.show(this.state);
    });
    return { ends: result.ends, notStarted: result.notStarted, ...(result.stoppedBecause ? { stoppedBecause: result.stoppedBecause } : {}), ...(report ? { report } : {}) };
  }

  dispose(): void {
    this.controller?.abort();
  }
}
