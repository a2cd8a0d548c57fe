// The terminal view of a running upgrade. On a terminal it redraws one block in place (phases with state
// and elapsed time, copy progress, each unit's role and state); elsewhere (CI, pipes) it prints one line
// per change, so logs stay readable.

import type { PhaseId, PhaseStatus, UpgradeEvent } from '../core/model';
import { PHASE_TITLES, formatBytes } from '../core/text';
import { formatDuration } from './format';

export { PHASE_TITLES };

/** Without a known total, a line with the bytes so far at most this often (non-terminal output). */
const UNKNOWN_TOTAL_LINE_MS = 10_000;

function percent(bytes: number, total: number): number {
  return Math.min(100, Math.floor((100 * bytes) / total));
}

const MARK: Record<PhaseStatus, string> = { pending: ' ', running: '>', done: '✓', failed: '✗', skipped: '-' };

interface PhaseView {
  status: PhaseStatus;
  startedAt?: number;
  endedAt?: number;
  message?: string;
}

export class LiveView {
  private readonly phases = new Map<PhaseId, PhaseView>();
  private readonly units = new Map<string, { state: string; version: string; isActive: boolean }>();
  private readonly copies = new Map<string, { bytes: number; total?: number; shownStep: number; shownAt: number }>();
  private lastLog = '';
  private drawnLines = 0;
  private timer?: NodeJS.Timeout;
  readonly timeline: Array<{ phase: PhaseId; status: PhaseStatus; at: number }> = [];

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly interactive = Boolean(out.isTTY),
  ) {
    for (const id of Object.keys(PHASE_TITLES) as PhaseId[]) this.phases.set(id, { status: 'pending' });
    if (this.interactive) this.timer = setInterval(() => this.draw(), 250);
  }

  onEvent = (e: UpgradeEvent): void => {
    switch (e.type) {
      case 'phase': {
        const view = this.phases.get(e.phase) ?? { status: 'pending' };
        if (e.status === 'running') view.startedAt = e.at;
        else view.endedAt = e.at;
        view.status = e.status;
        view.message = e.message;
        this.phases.set(e.phase, view);
        this.timeline.push({ phase: e.phase, status: e.status, at: e.at });
        if (!this.interactive) {
          const took = view.startedAt && e.status !== 'running' ? ` (${formatDuration(e.at - view.startedAt)})` : '';
          this.line(`[${MARK[e.status]}] ${PHASE_TITLES[e.phase]}: ${e.status}${took}${e.message ? ` — ${e.message}` : ''}`);
        }
        break;
      }
      case 'unit': {
        const prev = this.units.get(e.unit.role);
        this.units.set(e.unit.role, { state: e.unit.state, version: e.unit.version, isActive: e.unit.isActive });
        if (!this.interactive && (!prev || prev.state !== e.unit.state || prev.version !== e.unit.version || prev.isActive !== e.unit.isActive)) {
          this.line(`    ${e.unit.role}: ${e.unit.state}, ${e.unit.version}${e.unit.isActive ? ' (active)' : ''}`);
        }
        break;
      }
      case 'copy': {
        const key = `${e.unit} ${e.file}`;
        const prev = this.copies.get(key);
        const total = e.totalBytes ?? prev?.total;
        const copy = { bytes: e.bytes, total, shownStep: prev?.shownStep ?? 0, shownAt: prev?.shownAt ?? e.at };
        this.copies.set(key, copy);
        if (this.interactive || (prev && prev.bytes >= e.bytes)) break;
        const done = total !== undefined && e.bytes >= total;
        if (done) this.line(`    ${e.unit}: ${e.file} ${formatBytes(e.bytes)} copied`);
        else if (total) {
          // One line per tenth of the image keeps a log readable and still shows the copy moving.
          const step = Math.floor((10 * e.bytes) / total);
          if (step > copy.shownStep) {
            copy.shownStep = step;
            this.line(`    ${e.unit}: ${e.file} ${formatBytes(e.bytes)} of ${formatBytes(total)} (${percent(e.bytes, total)}%)`);
          }
        } else if (e.bytes > 0 && e.at - copy.shownAt >= UNKNOWN_TOTAL_LINE_MS) {
          copy.shownAt = e.at;
          this.line(`    ${e.unit}: ${e.file} ${formatBytes(e.bytes)} so far`);
        }
        break;
      }
      case 'log':
        this.lastLog = e.message;
        if (!this.interactive && e.level !== 'debug') this.line(`    ${e.level === 'info' ? '' : `${e.level}: `}${e.message}`);
        break;
      case 'finished':
        this.stop();
        break;
      default:
        break;
    }
  };

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.interactive) this.draw();
  }

  private line(text: string): void {
    this.out.write(`${text}\n`);
  }

  private draw(): void {
    const now = Date.now();
    const lines: string[] = [];
    for (const [id, p] of this.phases) {
      const elapsed = p.startedAt ? formatDuration((p.endedAt ?? now) - p.startedAt) : '';
      lines.push(`[${MARK[p.status]}] ${PHASE_TITLES[id].padEnd(34)} ${p.status.padEnd(8)} ${elapsed}`);
    }
    for (const [key, c] of this.copies) {
      const pct = c.total ? ` ${percent(c.bytes, c.total)}%` : '';
      lines.push(`    copy ${key}: ${formatBytes(c.bytes)}${c.total ? ` / ${formatBytes(c.total)}` : ''}${pct}`);
    }
    for (const [role, u] of this.units) lines.push(`    ${role.padEnd(9)} ${(u.isActive ? 'active' : 'standby').padEnd(8)} ${u.state.padEnd(14)} ${u.version}`);
    if (this.lastLog) lines.push(`    ${this.lastLog.slice(0, 100)}`);
    if (this.drawnLines) this.out.write(`\x1b[${this.drawnLines}A\x1b[J`);
    this.out.write(`${lines.join('\n')}\n`);
    this.drawnLines = lines.length;
  }
}
