// Runs upgrades from the editor: one job per pair (a PairLock shared with other windows and the CLI), a
// notification with Cancel, a status bar item, the progress panel, a journal in global storage so a job cut
// short by a crash or reload is offered for resume on the next start.

import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { FileJournal, unfinished } from '../core/journal';
import type { PhaseId, UpgradeEvent, UpgradeOutcome, UpgradeRequest } from '../core/model';
import { PairLock } from '../core/pair-lock';
import type { Redactor } from '../core/redact';
import type { ConnectionPool } from './connections';
import { loadEngine } from './engine-loader';
import { ERROR_CODES, errorCode } from './error-codes';
import { describeError } from './errors-text';
import type { UiLog } from './log';
import type { PairConfig } from './pairs-config';
import { readSettings } from './pairs-config';
import { PHASE_SHORT, PHASE_TITLES } from './plan-text';
import type { ProgressPanels } from './progress-panel';
import { showRefusal, type PrompterSlot } from './prompter';
import { applyEvent, finish, newProgressState, type ProgressState } from './progress-state';
import type { StatusRefresher } from './status-refresher';
import type { UpgradeView } from './tree/pair-item';
import { newUpgradeView, updateUpgradeView } from './tree/upgrade-view';

/** What is kept next to a journal so the editor can name and resume the job (never a secret). */
export interface JobRecord {
  pairName: string;
  request: UpgradeRequest;
  startedAt: string;
  lab?: boolean;
}

interface RunningJob {
  pair: PairConfig;
  controller: AbortController;
  state: ProgressState;
  view: UpgradeView;
  done: Promise<UpgradeOutcome>;
  report?: (phaseTitle: string | undefined) => void;
}

export class UpgradeController implements vscode.Disposable {
  private readonly jobs = new Map<string, RunningJob>();
  private readonly states = new Map<string, ProgressState>();
  private readonly statusBar: vscode.StatusBarItem;
  private readonly changed = new vscode.EventEmitter<string>();
  readonly onDidChange = this.changed.event;
  private readonly waiters: Array<(o: UpgradeOutcome) => void> = [];
  /** Pair name -> the title of the phase its unfinished journal stopped in (kept current by updateContext). */
  private interrupted = new Map<string, string>();
  lastOutcome?: UpgradeOutcome;

  constructor(
    private readonly storageDir: string,
    private readonly pool: ConnectionPool,
    private readonly refresher: StatusRefresher,
    private readonly panels: ProgressPanels,
    private readonly log: UiLog,
    private readonly redactor: Redactor,
    private readonly prompter: PrompterSlot,
  ) {
    this.statusBar = vscode.window.createStatusBarItem('asaUpgrade.status', vscode.StatusBarAlignment.Left, 50);
    this.statusBar.name = 'ASA Upgrade';
    this.statusBar.command = 'asaUpgrade.showProgress';
    refresher.isBusy = (name) => this.jobs.has(name);
    panels.actions = {
      cancel: (name) => void this.confirmCancel(name),
      isRunning: (name) => this.jobs.has(name),
      stateOf: (name) => this.states.get(name),
    };
  }

  /** Set by the composition root: an upgrade stopped on a host key its own reload changed (asks to trust it). */
  onHostKeyChanged?: (pairName: string, change: NonNullable<UpgradeOutcome['hostKeyChange']>) => void;

  isRunning(pairName: string): boolean {
    return this.jobs.has(pairName);
  }

  runningPairs(): string[] {
    return [...this.jobs.keys()];
  }

  progressState(pairName: string): ProgressState | undefined {
    return this.states.get(pairName);
  }

  knownProgress(): string[] {
    return [...this.states.keys()];
  }

  upgradeView(pairName: string): UpgradeView | undefined {
    return this.jobs.get(pairName)?.view;
  }

  showProgress(pairName: string): boolean {
    const state = this.states.get(pairName);
    if (!state) return false;
    this.panels.show(state);
    return true;
  }

  /** Resolves with the outcome of the running upgrade, or of the next one to finish. */
  whenUpgradeDone(): Promise<UpgradeOutcome> {
    const running = [...this.jobs.values()][0];
    if (running) return running.done;
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** The phase an unfinished upgrade of the pair stopped in, for the tree ("upgrade interrupted at ..."). */
  interruptedAt(pairName: string): string | undefined {
    return this.jobs.has(pairName) ? undefined : this.interrupted.get(pairName);
  }

  async confirmCancel(pairName: string): Promise<void> {
    const job = this.jobs.get(pairName);
    if (!job) {
      void vscode.window.showInformationMessage(`No upgrade is running on ${pairName}.`);
      return;
    }
    const yes = 'Cancel Upgrade';
    const answer = await this.prompter.current.modal(
      'confirm-cancel',
      `Cancel the upgrade of ${pairName}?`,
      'The job stops at the next safe point (never in the middle of a reload or a switch-over) and reports where the pair stands.',
      [yes],
      'Keep upgrading',
    );
    if (answer !== yes) return;
    this.log.warn(`Cancelling the upgrade of ${pairName} at the next safe point.`);
    job.controller.abort();
  }

  /** The pair's journal and job record in global storage (an "Upgrade Pairs..." run uses the same, so Resume Upgrade continues either). */
  journalPaths(pair: PairConfig): { journal: string; meta: string } {
    const dir = join(this.storageDir, 'journals');
    try {
      mkdirSync(dir, { recursive: true });
    } catch {
      /* reported when the record is written */
    }
    const id = createHash('sha256').update(`${pair.name}\n${pair.active}`).digest('hex').slice(0, 20);
    return { journal: join(dir, `${id}.journal.json`), meta: join(dir, `${id}.job.json`) };
  }

  /**
   * Jobs whose journal is not finished (crash, reload, failure or cancel): offered for resume. A job record
   * whose journal is finished, or was never written (the job stopped before touching the pair), is dropped.
   */
  unfinishedJobs(): Array<JobRecord & { metaPath: string; stoppedIn?: PhaseId }> {
    const dir = join(this.storageDir, 'journals');
    let names: string[];
    try {
      names = readdirSync(dir).filter((n) => n.endsWith('.job.json'));
    } catch {
      return [];
    }
    const out: Array<JobRecord & { metaPath: string; stoppedIn?: PhaseId }> = [];
    for (const n of names) {
      const metaPath = join(dir, n);
      try {
        const rec = JSON.parse(readFileSync(metaPath, 'utf8')) as JobRecord;
        if (typeof rec.pairName !== 'string' || !rec.request || this.jobs.has(rec.pairName)) continue;
        const journal = unfinished(new FileJournal(metaPath.replace(/\.job\.json$/, '.journal.json')));
        if (!journal) {
          this.discardJob(metaPath, false);
          continue;
        }
        const phases = journal.phases ?? [];
        const stopped = [...phases].reverse().find((p) => p.status === 'running' || p.status === 'failed') ?? phases.find((p) => p.status === 'pending');
        out.push({ ...rec, request: journal.request, metaPath, stoppedIn: stopped?.phase ?? phases[phases.length - 1]?.phase });
      } catch {
        /* unreadable record: ignore it */
      }
    }
    return out;
  }

  /** The lab's jobs end with the lab: a new lab pair is another pair that merely has the same name. */
  discardLabJobs(pairName: string): void {
    for (const job of this.unfinishedJobs()) if (job.lab && job.pairName === pairName) this.discardJob(job.metaPath, false);
    this.updateContext();
  }

  discardJob(metaPath: string, updateContext = true): void {
    rmSync(metaPath, { force: true });
    rmSync(metaPath.replace(/\.job\.json$/, '.journal.json'), { force: true });
    if (updateContext) this.updateContext();
  }

  /**
   * Runs the upgrade. Never throws: a refusal or failure comes back as an outcome (and is shown). The caller
   * has already validated the request and (unless resuming) confirmed the plan.
   */
  async run(pair: PairConfig, request: UpgradeRequest, options: { resume?: boolean; headline?: string } = {}): Promise<UpgradeOutcome> {
    if (this.jobs.has(pair.name)) {
      const outcome: UpgradeOutcome = { outcome: 'refused', message: `An upgrade of ${pair.name} is already running in this window.` };
      void vscode.window.showErrorMessage(outcome.message);
      return outcome;
    }
    for (const url of [request.asa, request.asdm]) this.registerUrlPassword(url);
    const engine = await loadEngine();
    const settings = readSettings();
    const active = engine.parseEndpoint(pair.active, pair.port ?? 22);
    const owner = `VS Code window (process ${process.pid})`;
    // Guards this pair's job files in global storage (shared by every window) before a panel opens. The pair
    // itself is locked by runUpgrade, on its units' serial numbers, in the directory the CLI uses too.
    let lock: PairLock;
    try {
      lock = PairLock.acquire({ pairKey: `vscode-job:${pair.name}`, pairName: pair.name, owner });
    } catch (e) {
      const message = errorCode(e) === ERROR_CODES.pairBusy ? describeError(e) : `Could not take the pair lock: ${describeError(e)}`;
      this.log.warn(`${pair.name} is not upgraded now: ${message}`);
      void showRefusal(this.prompter.current, `${pair.name} is not upgraded now`, this.redactor.redact(message));
      return this.settle({ outcome: 'refused', message });
    }

    const mode = request.downloadOnly ? 'download' : 'upgrade';
    const state = newProgressState(pair.name, mode, options.headline ?? `ASA → ${request.asa.split('/').pop() ?? request.asa}`);
    const view = newUpgradeView();
    const controller = new AbortController();
    const paths = this.journalPaths(pair);
    const record: JobRecord = {
      pairName: pair.name,
      request: { ...request, asa: this.redactor.redact(request.asa), asdm: request.asdm ? this.redactor.redact(request.asdm) : undefined },
      startedAt: new Date().toISOString(),
      lab: pair.lab,
    };
    try {
      writeFileSync(paths.meta, JSON.stringify(record, null, 2), { mode: 0o600 });
    } catch (e) {
      lock.release();
      const message = `Could not write the job record in ${paths.meta} (${describeError(e)}); nothing was started. Check the disk and try again.`;
      void vscode.window.showErrorMessage(message);
      return this.settle({ outcome: 'refused', message });
    }

    let resolveDone!: (o: UpgradeOutcome) => void;
    const done = new Promise<UpgradeOutcome>((r) => (resolveDone = r));
    const job: RunningJob = { pair, controller, state, view, done };
    this.jobs.set(pair.name, job);
    this.states.set(pair.name, state);
    try {
      this.updateContext();
      this.panels.show(state, true);
      this.changed.fire(pair.name);
      this.updateStatusBar();
    } catch (e) {
      // Nothing was sent yet: give the lock back (a lock kept here would refuse every later job on the pair).
      lock.release();
      this.jobs.delete(pair.name);
      const message = `The upgrade of ${pair.name} could not start: ${describeError(e)}. Nothing was sent to the pair.`;
      this.log.error(message);
      void showRefusal(this.prompter.current, `${pair.name} is not upgraded now`, this.redactor.redact(message));
      return this.settle({ outcome: 'refused', message });
    }
    this.log.info(`${options.resume ? 'Resuming' : 'Starting'} ${mode === 'download' ? 'download' : 'upgrade'} of ${pair.name}: ASA ${request.asa}${request.asdm ? `, ASDM ${request.asdm}` : ''}`);

    const onEvent = (e: UpgradeEvent): void => {
      applyEvent(state, e, this.redactor);
      updateUpgradeView(view, e);
      if (e.type === 'log') this.log.at(e.level, `[${pair.name}] ${e.message}`);
      if (e.type === 'phase') this.log.info(`[${pair.name}] ${PHASE_TITLES[e.phase]}: ${e.status}${e.message ? ` — ${e.message}` : ''}`);
      this.panels.update(state);
      if (e.type === 'phase' || e.type === 'unit' || e.type === 'copy') {
        this.changed.fire(pair.name);
        this.refresher.notifyChanged(pair.name);
        this.updateStatusBar();
        job.report?.(view.phaseTitle);
      }
    };

    let connection: Awaited<ReturnType<ConnectionPool['dedicated']>> | undefined;
    const runIt = async (): Promise<UpgradeOutcome> => {
      try {
        connection = await this.pool.dedicated(pair, (record) => onEvent({ type: 'command', at: Date.now(), record }));
        // A local image file is served to the units only while they copy it (the runner closes it after the copies).
        const localImages = engine.hasLocalImage(request)
          ? engine.createLocalDelivery({ mode: request.localDelivery ?? 'http', connector: connection.connector, unitHost: () => connection!.activeKey.replace(/:\d+$/, '') })
          : undefined;
        return await engine.runUpgrade({
          ...(localImages ? { localImages } : {}),
          connector: connection.connector,
          dialect: engine.asaDialect,
          request,
          signal: controller.signal,
          onEvent,
          journal: new FileJournal(paths.journal),
          resume: options.resume === true,
          pairKey: `${active.host}:${active.port}`,
          lock: { owner, addresses: `${active.host}:${active.port}` },
          redactor: this.redactor,
          options: {
            pollIntervalMs: pair.lab ? Math.min(settings.pollIntervalMs, 200) : settings.pollIntervalMs,
            commandTimeoutMs: settings.commandTimeoutMs,
            copyTimeoutMs: settings.copyTimeoutMs,
            copyNoProgressMs: settings.copyNoProgressMs,
            reloadTimeoutMs: settings.reloadTimeoutMs,
          },
        });
      } catch (e) {
        // runUpgrade reports device errors as outcomes; anything thrown here happened before it touched the pair.
        await this.refresher.reportFailure(pair.name, e);
        return { outcome: 'refused', message: describeError(e) };
      }
    };

    let outcome: UpgradeOutcome;
    try {
      outcome = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `${mode === 'download' ? 'Downloading images to' : 'Upgrading'} ${pair.name}`, cancellable: true },
        async (progress, token) => {
          token.onCancellationRequested(() => {
            this.log.warn(`Cancelling the upgrade of ${pair.name} at the next safe point.`);
            controller.abort();
          });
          let reported: string | undefined;
          job.report = (title) => {
            if (title === reported) return;
            reported = title;
            progress.report({ message: title ? `${title}…` : undefined });
          };
          return runIt();
        },
      );
    } finally {
      lock.release();
      await connection?.connector.close().catch(() => undefined);
    }

    finish(state, outcome, this.redactor);
    // A stop after the pair was touched keeps its journal: the panel's Resume continues it.
    state.resumable = outcome.outcome === 'failed' || outcome.outcome === 'cancelled';
    this.panels.update(state);
    this.jobs.delete(pair.name);
    if (outcome.outcome === 'upgraded' || outcome.outcome === 'downloaded' || outcome.outcome === 'refused') this.discardJob(paths.meta);
    this.updateContext();
    this.updateStatusBar();
    this.changed.fire(pair.name);
    this.refresher.notifyChanged(pair.name);
    void this.refresher.refresh(pair.name, { interactive: false });
    this.announce(pair.name, outcome);
    resolveDone(outcome);
    return this.settle(outcome);
  }

  /** A password inside an image URL is a secret like any other: masked wherever it might appear, not only in URL form. */
  registerUrlPassword(url: string | undefined): void {
    if (!url || !url.includes('://')) return;
    try {
      const password = new URL(url).password;
      if (password) {
        this.redactor.add(password);
        this.redactor.add(decodeURIComponent(password));
      }
    } catch {
      /* not a URL the WHATWG parser takes (e.g. smb with odd syntax): redactUrlCredentials still masks it */
    }
  }

  private settle(outcome: UpgradeOutcome): UpgradeOutcome {
    this.lastOutcome = outcome;
    for (const w of this.waiters.splice(0)) w(outcome);
    return outcome;
  }

  private announce(pairName: string, outcome: UpgradeOutcome): void {
    const message = this.redactor.redact(outcome.message);
    const next = outcome.pair?.nextSafeAction ? ` Next safe action: ${this.redactor.redact(outcome.pair.nextSafeAction)}` : '';
    this.log.at(outcome.outcome === 'failed' ? 'error' : outcome.outcome === 'upgraded' || outcome.outcome === 'downloaded' ? 'info' : 'warn', `[${pairName}] ${outcome.outcome}: ${message}${next}`);
    const show = 'Show Progress';
    const pick = (a: string | undefined): void => {
      if (a === show) this.showProgress(pairName);
    };
    // Short notifications only; the whole story (one reason a line, the next safe action) is in the panel or,
    // for a refusal, in a modal.
    if (outcome.outcome === 'upgraded' || outcome.outcome === 'downloaded') void vscode.window.showInformationMessage(`${pairName}: ${outcome.outcome === 'upgraded' ? 'upgrade finished' : 'images downloaded'}.`, show).then(pick);
    else if (outcome.outcome === 'cancelled') void vscode.window.showWarningMessage(`${pairName}: upgrade cancelled. The panel says where the pair stands.`, show).then(pick);
    else if (outcome.outcome === 'refused') void showRefusal(this.prompter.current, `${pairName} was not upgraded: nothing was changed.`, `${message}${next}`);
    else if (outcome.hostKeyChange && this.onHostKeyChanged) this.onHostKeyChanged(pairName, outcome.hostKeyChange);
    else void vscode.window.showErrorMessage(`${pairName}: the upgrade stopped. The panel says why and the next safe action.`, show).then(pick);
  }

  private updateStatusBar(): void {
    const jobs = [...this.jobs.values()];
    if (!jobs.length) {
      this.statusBar.hide();
      return;
    }
    const first = jobs[0];
    const more = jobs.length > 1 ? ` (+${jobs.length - 1})` : '';
    this.statusBar.text = `$(sync~spin) ASA ${first.pair.name}: ${first.view.phaseTitle ?? 'starting'}${more}`;
    this.statusBar.tooltip = `Upgrade of ${first.pair.name} running. Click to show its progress.`;
    this.statusBar.accessibilityInformation = { label: `ASA upgrade of ${first.pair.name} running: ${first.view.phaseTitle ?? 'starting'}` };
    this.statusBar.show();
  }

  private updateContext(): void {
    void vscode.commands.executeCommand('setContext', 'asaUpgrade.upgrading', this.jobs.size > 0);
    void vscode.commands.executeCommand('setContext', 'asaUpgrade.hasProgress', this.states.size > 0);
    const unfinished = this.unfinishedJobs();
    this.interrupted = new Map(unfinished.map((j) => [j.pairName, j.stoppedIn ? PHASE_SHORT[j.stoppedIn] : 'an unknown phase']));
    void vscode.commands.executeCommand('setContext', 'asaUpgrade.resumable', unfinished.length > 0);
    this.changed.fire('');
  }

  refreshContext(): void {
    this.updateContext();
  }

  dispose(): void {
    for (const job of this.jobs.values()) job.controller.abort();
    this.statusBar.dispose();
    this.changed.dispose();
  }
}
