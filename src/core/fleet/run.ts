// A planned fleet, run: the rollout (rollout.ts) over the pairs, each pair upgraded with its checks around it,
// its own journal and lock, its record in the fleet state after every change, and its part of the report.
// The CLI and the editor both call this; they only say how to reach a pair and how to show what happens.

import type { CheckThresholds } from '../checks/compare';
import type { PairChecks } from '../checks/read';
import { runUpgradeWithChecks, type CheckedOutcome } from '../checks/with-checks';
import { FileJournal } from '../journal';
import type { UpgradeEvent } from '../model';
import type { CommandDialect, CommandRecord, PairConnector } from '../ports';
import type { Redactor } from '../redact';
import { PairReportRecorder, pairRoute, publishedHashes, type PairIdentity } from '../report/collect';
import type { PairReport } from '../report/model';
import type { UpgradeOptions } from '../upgrade';
import type { FleetPair } from './pairs';
import type { FleetPlanEntry } from './plan';
import { runRollout, type PairEnd, type RolloutSettings } from './rollout';
import { saveFleetState, type FleetState } from './state';

/** A connector the fleet owns for one pair: closed when the pair ends. */
export type FleetConnector = PairConnector & { close(): Promise<void>; route?: string };

export interface RunFleetArgs {
  /** The planned pairs (no problem left); those marked done are reported, not run. */
  entries: FleetPlanEntry[];
  settings: RolloutSettings;
  /** Opens the pair's connector; every command it sends must be passed to `onCommand` (the report keeps them). */
  connectorOf: (pair: FleetPair, onCommand: (r: CommandRecord) => void) => FleetConnector;
  /** How this job names the pair to a second job it refuses (the lock itself is keyed on the serial numbers). */
  lockKeyOf: (pair: FleetPair) => string;
  owner: string;
  /** Where the locks live (the directory single-pair jobs of the same user use). */
  lockDirectory?: string;
  state: FleetState;
  statePath: string;
  dialect: CommandDialect;
  redactor: Redactor;
  thresholds: CheckThresholds;
  options?: Partial<UpgradeOptions>;
  signal?: AbortSignal;
  workstation: string;
  addressOf: (text: string) => string;
  onPairStart?: (name: string, role: 'canary' | 'wave', entry: FleetPlanEntry) => void;
  onEvent?: (name: string, e: UpgradeEvent) => void;
  onChecks?: (name: string, stage: 'before' | 'after', checks: PairChecks) => void;
  onPairEnd?: (name: string, end: PairEnd, result: CheckedOutcome) => void;
  onStop?: (reason: string) => void;
}

export interface FleetRunResult {
  /** How each pair of the plan stands now, done-earlier pairs included. */
  ends: Record<string, FleetState['pairs'][string]['status']>;
  notStarted: string[];
  stoppedBecause?: string;
  reports: PairReport[];
}

export async function runFleet(a: RunFleetArgs): Promise<FleetRunResult> {
  const { state } = a;
  delete state.stoppedBecause;
  for (const e of a.entries) {
    const s = (state.pairs[e.pair.name] ??= { status: 'pending', journal: e.journal ?? '', updatedAt: Date.now() });
    if (e.journal) s.journal = e.journal;
  }
  saveFleetState(a.statePath, state);

  const recorders = new Map<string, PairReportRecorder>();
  const results = new Map<string, CheckedOutcome>();
  const identity = (p: FleetPair, via?: string): PairIdentity => {
    const active = a.addressOf(p.active);
    const standby = p.standby ? a.addressOf(p.standby) : undefined;
    return { name: p.name, active, ...(standby ? { standby } : {}), route: pairRoute(a.workstation, via, active, standby) };
  };
  const todo = a.entries.filter((e) => !e.done);
  const byName = new Map(todo.map((e) => [e.pair.name, e]));

  const runPair = async (name: string, signal: AbortSignal, role: 'canary' | 'wave'): Promise<{ end: PairEnd; message: string }> => {
    const e = byName.get(name)!;
    let recorder: PairReportRecorder | undefined;
    const connector = a.connectorOf(e.pair, (r) => recorder?.onCommand(r));
    recorder = new PairReportRecorder(identity(e.pair, connector.route), a.redactor, publishedHashes(e.request));
    recorders.set(name, recorder);
    const pairState = state.pairs[name];
    pairState.status = 'running';
    pairState.updatedAt = Date.now();
    saveFleetState(a.statePath, state);
    a.onPairStart?.(name, role, e);
    recorder.knownSize(e.plan!.asaImage.file, e.request.asaBytes);
    if (e.plan!.asdmImage) recorder.knownSize(e.plan!.asdmImage.file, e.request.asdmBytes);
    let checked: CheckedOutcome;
    try {
      checked = await runUpgradeWithChecks({
        connector,
        dialect: a.dialect,
        request: e.request,
        signal,
        journal: new FileJournal(e.journal!),
        resume: e.resume,
        redactor: a.redactor,
        options: a.options,
        // The engine keys the lock on the units' serial numbers; the address only names this job to another one.
        lock: { owner: a.owner, addresses: a.lockKeyOf(e.pair), ...(a.lockDirectory ? { directory: a.lockDirectory } : {}) },
        onEvent: (ev) => {
          recorder!.onEvent(ev);
          a.onEvent?.(name, ev);
        },
        thresholds: a.thresholds,
        // A resumed pair is compared with the pair as it was before its first change, not as it is now.
        ...(e.resume && pairState.before ? { before: pairState.before } : {}),
        onChecks: (stage, c) => {
          if (stage === 'before') {
            pairState.before = c;
            saveFleetState(a.statePath, state);
          }
          a.onChecks?.(name, stage, c);
        },
      });
    } finally {
      await connector.close().catch(() => undefined);
    }
    results.set(name, checked);
    const end: PairEnd = checked.withRegressions ? 'upgraded-with-regressions' : checked.outcome.outcome;
    Object.assign(pairState, { status: end, message: checked.outcome.message, updatedAt: Date.now() });
    saveFleetState(a.statePath, state);
    a.onPairEnd?.(name, end, checked);
    return { end, message: end === 'upgraded-with-regressions' ? (checked.checks.comparison?.regressions ?? []).join('; ') : checked.outcome.message };
  };

  const rollout = await runRollout(
    todo.map((e) => e.pair.name),
    a.settings,
    runPair,
    { signal: a.signal, onStop: a.onStop },
  );
  if (rollout.stoppedBecause) state.stoppedBecause = a.redactor.redact(rollout.stoppedBecause);
  saveFleetState(a.statePath, state);

  const ends = Object.fromEntries(a.entries.map((e) => [e.pair.name, e.done ? (e.done as PairEnd) : state.pairs[e.pair.name]?.status ?? 'pending']));
  const reports = a.entries.map((e) => {
    const r = results.get(e.pair.name);
    const rec = recorders.get(e.pair.name) ?? new PairReportRecorder(identity(e.pair), a.redactor);
    if (r) return rec.finish(r);
    return rec.finish(undefined, {
      outcome: e.done ? 'already-done' : 'not-started',
      message: e.doneNote ? `Nothing to do: the pair ${e.doneNote}.` : e.done ? `Done in an earlier run of this fleet (${e.done}).` : `Not started: the fleet stopped (${state.stoppedBecause ?? 'stopped'}).`,
    });
  });
  return { ends, notStarted: rollout.notStarted, ...(state.stoppedBecause ? { stoppedBecause: state.stoppedBecause } : {}), reports };
}

/** The exit a fleet's outcome deserves: any pair failed or cancelled first, then regressions, then pairs left. */
export function fleetEnd(ends: FleetRunResult['ends']): 'ok' | 'failed' | 'regressions' {
  const all = Object.values(ends);
  if (all.some((s) => s === 'failed' || s === 'cancelled' || s === 'refused')) return 'failed';
  if (all.some((s) => s === 'upgraded-with-regressions')) return 'regressions';
  if (all.some((s) => s === 'pending' || s === 'running')) return 'failed';
  return 'ok';
}
