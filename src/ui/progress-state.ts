// What the progress panel shows for one upgrade, folded from the engine's events. Plain data, so it can be
// posted to the webview and kept by it across a window reload. Every string is redacted on the way in.

import type { PhaseId, PhaseStatus, UpgradeEvent, UpgradeOutcome } from '../core/model';
import type { Redactor } from '../core/redact';
import { PHASE_ORDER, PHASE_TITLES, planHeadline } from './plan-text';

export interface PhaseState {
  id: PhaseId;
  title: string;
  /** 'cancelled': the phase the user's Cancel stopped (not a failure). */
  status: PhaseStatus | 'cancelled';
  startedAt?: number;
  endedAt?: number;
  message?: string;
}

export interface UnitState {
  role: 'primary' | 'secondary';
  state: string;
  version: string;
  isActive: boolean;
}

export interface CopyState {
  unit: string;
  file: string;
  bytes: number;
  totalBytes?: number;
  startedAt: number;
  updatedAt: number;
  /** Bytes per second over the copy so far, once measurable. */
  rate?: number;
  /** Seconds left at that rate, once the size is known. */
  secondsLeft?: number;
}

export interface ProgressState {
  pairName: string;
  headline: string;
  mode: 'upgrade' | 'download';
  startedAt: number;
  endedAt?: number;
  running: boolean;
  phases: PhaseState[];
  units: UnitState[];
  copies: CopyState[];
  log: Array<{ at: number; level: string; text: string }>;
  finished?: { outcome: string; message: string; nextSafeAction?: string };
  /** Set when the window was reloaded while this ran: the job stopped with the old extension host. */
  interrupted?: boolean;
  /** The job stopped with an unfinished journal (failed, cancelled): the panel offers Resume. */
  resumable?: boolean;
}

const LOG_LINES = 14;

export function newProgressState(pairName: string, mode: 'upgrade' | 'download', headline: string): ProgressState {
  return {
    pairName,
    headline,
    mode,
    startedAt: Date.now(),
    running: true,
    phases: PHASE_ORDER.map((id) => ({ id, title: PHASE_TITLES[id], status: 'pending' as PhaseStatus })),
    units: [],
    copies: [],
    log: [],
  };
}

export function applyEvent(state: ProgressState, e: UpgradeEvent, redactor: Redactor): void {
  const r = (s: string | undefined): string | undefined => (s === undefined ? undefined : redactor.redact(s));
  switch (e.type) {
    case 'plan': {
      state.headline = r(planHeadline(e.plan)) ?? state.headline;
      const used = new Set(e.plan.steps.map((s) => s.phase));
      used.add('preconditions');
      state.phases = state.phases.filter((p) => used.has(p.id));
      break;
    }
    case 'phase': {
      const phase = state.phases.find((p) => p.id === e.phase);
      if (!phase) {
        state.phases.push({ id: e.phase, title: PHASE_TITLES[e.phase], status: e.status, startedAt: e.at, message: r(e.message) });
        state.phases.sort((a, b) => PHASE_ORDER.indexOf(a.id) - PHASE_ORDER.indexOf(b.id));
        break;
      }
      if (e.status === 'running') phase.startedAt ??= e.at;
      else phase.endedAt = e.at;
      phase.status = e.status;
      phase.message = r(e.message);
      break;
    }
    case 'unit': {
      const unit: UnitState = { role: e.unit.role, state: r(e.unit.state) ?? '', version: r(e.unit.version) ?? '', isActive: e.unit.isActive };
      const i = state.units.findIndex((u) => u.role === unit.role);
      if (i >= 0) state.units[i] = unit;
      else state.units.push(unit);
      state.units.sort((a, b) => a.role.localeCompare(b.role));
      break;
    }
    case 'copy': {
      const file = r(e.file) ?? '';
      let c = state.copies.find((x) => x.unit === e.unit && x.file === file);
      if (!c) {
        c = { unit: e.unit, file, bytes: 0, totalBytes: e.totalBytes, startedAt: e.at, updatedAt: e.at };
        state.copies.push(c);
      }
      c.bytes = e.bytes;
      c.totalBytes = e.totalBytes ?? c.totalBytes;
      c.updatedAt = e.at;
      const seconds = (c.updatedAt - c.startedAt) / 1000;
      if (seconds >= 0.5 && c.bytes > 0) {
        c.rate = c.bytes / seconds;
        c.secondsLeft = c.totalBytes ? Math.max(0, (c.totalBytes - c.bytes) / c.rate) : undefined;
      }
      break;
    }
    case 'log':
      pushLog(state, e.at, e.level, r(e.message) ?? '');
      break;
    case 'command': {
      // The job's own commands and the gist of each answer: never polling.
      const gist = answerGist(e.record.command, e.record.output);
      const tail = e.record.error ? ` — ${e.record.error}` : gist ? ` → ${gist}` : '';
      pushLog(state, e.at, 'command', r(`${e.record.address}${e.record.via === 'mate' ? ' (mate)' : ''}> ${e.record.command}${tail}`) ?? '');
      break;
    }
    case 'finished':
      finish(state, { outcome: e.outcome, message: e.message, pair: e.pair }, redactor);
      break;
    default:
      break;
  }
}

export function finish(state: ProgressState, outcome: UpgradeOutcome, redactor: Redactor): void {
  state.running = false;
  state.endedAt ??= Date.now();
  state.finished = {
    outcome: outcome.outcome,
    message: redactor.redact(outcome.message),
    nextSafeAction: outcome.pair?.nextSafeAction ? redactor.redact(outcome.pair.nextSafeAction) : undefined,
  };
  for (const p of state.phases) {
    // The engine marks the phase a Cancel stopped as failed with the cancellation as its message: it was cancelled.
    const stoppedByCancel = outcome.outcome === 'cancelled' && p.status === 'failed' && p.message === state.finished.message;
    if (p.status === 'running' || stoppedByCancel) {
      p.status = outcome.outcome === 'upgraded' || outcome.outcome === 'downloaded' ? 'done' : outcome.outcome === 'cancelled' ? 'cancelled' : 'failed';
      p.endedAt ??= state.endedAt;
    }
  }
  if (outcome.pair) {
    for (const u of outcome.pair.units) {
      const unit: UnitState = { role: u.role, state: redactor.redact(u.state), version: redactor.redact(u.version), isActive: u.isActive };
      const i = state.units.findIndex((x) => x.role === u.role);
      if (i >= 0) state.units[i] = unit;
      else state.units.push(unit);
    }
  }
}

/**
 * One line that says what an answer was: an error line if there is one, else a line that reports a result
 * (bytes copied, Verified, [OK]), else the first line with how many follow.
 */
export function answerGist(command: string, output: string): string | undefined {
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && l !== command.trim());
  if (!lines.length) return undefined;
  const pick = lines.find((l) => /^(%|ERROR|\*\*\*)/i.test(l)) ?? lines.find((l) => /bytes copied|^verified|\[ok\]|^done/i.test(l));
  const line = pick ?? `${lines[0]}${lines.length > 1 ? ` (+${lines.length - 1} lines)` : ''}`;
  return line.length > 160 ? `${line.slice(0, 159)}…` : line;
}

function pushLog(state: ProgressState, at: number, level: string, text: string): void {
  state.log.push({ at, level, text });
  if (state.log.length > LOG_LINES) state.log.splice(0, state.log.length - LOG_LINES);
}
