// What the fleet panel shows: one row per pair of an "Upgrade Pairs..." run, with a mark for each phase, the
// versions, the copy progress and how the pair ended, folded from the engine's events (the same events a
// single-pair panel reads). Plain data, so it can be posted to the webview; every string is redacted on the way in.

import type { PhaseId, PhaseStatus, UpgradeEvent } from '../core/model';
import type { Redactor } from '../core/redact';
import { PHASE_ORDER, PHASE_SHORT, PHASE_TITLES } from './plan-text';

/** How a row stands: waiting for its turn, running, or how it ended (the engine's fleet ends, and two more). */
export type FleetRowStatus =
  | 'waiting'
  | 'running'
  | 'upgraded'
  | 'upgraded-with-regressions'
  | 'downloaded'
  | 'refused'
  | 'failed'
  | 'cancelled'
  /** Nothing to do: the pair already runs the target. */
  | 'already-done'
  /** The fleet stopped before this pair's turn. */
  | 'not-started';

export interface FleetRow {
  name: string;
  role?: 'canary' | 'wave';
  from?: string;
  to?: string;
  /** Each phase's mark; phases the plan does not run are absent. */
  phases: Partial<Record<PhaseId, PhaseStatus | 'cancelled'>>;
  /** The phase running now, in a word or two. */
  current?: string;
  /** Copy progress of the running copy, 0-100, when the size is known. */
  copyPercent?: number;
  status: FleetRowStatus;
  message?: string;
}

export interface FleetTableState {
  title: string;
  /** "1 canary first and alone, then 2 at a time; stop on a failure or regression." */
  rollout: string;
  phases: Array<{ id: PhaseId; title: string; short: string }>;
  rows: FleetRow[];
  running: boolean;
  startedAt: number;
  endedAt?: number;
  stoppedBecause?: string;
  /** One line: counts of each end. */
  summary?: string;
  /** The change record (report.md) written at the end. */
  report?: string;
}

export interface FleetRowPlan {
  name: string;
  from?: string;
  to?: string;
  /** Phases the pair's plan runs (preconditions always). */
  phases: PhaseId[];
  alreadyDone?: string;
}

export function rolloutText(settings: { concurrency: number; canary: number; continueOnFailure: boolean }, pairs: number): string {
  const canary = Math.min(settings.canary, pairs);
  const first = canary ? `${canary} canary pair${canary === 1 ? '' : 's'} first and alone, then ` : '';
  return `${first}${settings.concurrency} at a time; ${settings.continueOnFailure ? 'continue after' : 'stop on'} a failure or regression.`;
}

export function newFleetState(title: string, rollout: string, plans: FleetRowPlan[]): FleetTableState {
  return {
    title,
    rollout,
    phases: PHASE_ORDER.map((id) => ({ id, title: PHASE_TITLES[id], short: PHASE_SHORT[id] })),
    rows: plans.map((p) => ({
      name: p.name,
      ...(p.from ? { from: p.from } : {}),
      ...(p.to ? { to: p.to } : {}),
      phases: p.alreadyDone ? {} : Object.fromEntries(p.phases.map((id) => [id, 'pending' as const])),
      status: p.alreadyDone ? 'already-done' : 'waiting',
      ...(p.alreadyDone ? { message: `Nothing to do: ${p.alreadyDone}.` } : {}),
    })),
    running: true,
    startedAt: Date.now(),
  };
}

function row(state: FleetTableState, name: string): FleetRow | undefined {
  return state.rows.find((r) => r.name === name);
}

export function pairStarted(state: FleetTableState, name: string, role: 'canary' | 'wave'): void {
  const r = row(state, name);
  if (!r) return;
  r.role = role;
  r.status = 'running';
  r.current = 'starting';
}

export function pairEvent(state: FleetTableState, name: string, e: UpgradeEvent, redactor: Redactor): void {
  const r = row(state, name);
  if (!r) return;
  switch (e.type) {
    case 'plan':
      r.from = redactor.redact(e.plan.fromVersion);
      r.to = redactor.redact(e.plan.toVersion);
      break;
    case 'phase':
      r.phases[e.phase] = e.status;
      if (e.status === 'running') {
        r.current = PHASE_SHORT[e.phase];
        r.copyPercent = undefined;
      }
      if (e.status === 'failed' && e.message) r.message = redactor.redact(e.message);
      break;
    case 'copy':
      if (e.totalBytes) r.copyPercent = Math.min(100, Math.floor((100 * e.bytes) / e.totalBytes));
      break;
    default:
      break;
  }
}

export function pairEnded(state: FleetTableState, name: string, end: FleetRowStatus, message: string, redactor: Redactor): void {
  const r = row(state, name);
  if (!r) return;
  r.status = end;
  r.current = undefined;
  r.copyPercent = undefined;
  r.message = redactor.redact(message);
  const good = end === 'upgraded' || end === 'upgraded-with-regressions' || end === 'downloaded';
  for (const id of Object.keys(r.phases) as PhaseId[]) {
    // A phase still running when the pair ended did not finish (the engine reports the stop itself).
    if (r.phases[id] === 'running') r.phases[id] = good ? 'done' : end === 'cancelled' ? 'cancelled' : 'failed';
  }
}

export function fleetStopping(state: FleetTableState, reason: string, redactor: Redactor): void {
  state.stoppedBecause = redactor.redact(reason);
}

export function fleetFinished(state: FleetTableState, notStarted: string[], redactor: Redactor, stoppedBecause?: string): void {
  state.running = false;
  state.endedAt = Date.now();
  if (stoppedBecause) state.stoppedBecause = redactor.redact(stoppedBecause);
  for (const name of notStarted) {
    const r = row(state, name);
    if (r && r.status === 'waiting') {
      r.status = 'not-started';
      r.message = `Not started: the fleet stopped${state.stoppedBecause ? ` (${state.stoppedBecause})` : ''}.`;
    }
  }
  const counts = new Map<string, number>();
  for (const r of state.rows) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  state.summary = [...counts].map(([status, n]) => `${n} ${status.replace(/-/g, ' ')}`).join(', ');
}
