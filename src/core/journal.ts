// The record of a job, written after every step so a crash or restart can resume from where the pair
// really is. It never holds a secret: URL credentials are masked before anything is stored, and resume asks
// for them again when a copy is still needed.

import { mkdirSync, readFileSync, renameSync, writeFileSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import type { PhaseId, PhaseStatus, UpgradeOutcome, UpgradeOutcomeKind, UpgradeRequest } from './model';
import type { UnitRole } from './facts';
import { redactUrlCredentials } from './redact';

export const JOURNAL_FORMAT = 1;

export interface JournalPhase {
  phase: PhaseId;
  status: PhaseStatus;
  startedAt?: number;
  endedAt?: number;
  message?: string;
}

export interface JournalStep {
  id: string;
  status: PhaseStatus;
  at: number;
  message?: string;
}

export interface JournalRecord {
  format: number;
  /** Identifies the pair (the active address, e.g. `10.0.0.1:22`). */
  pairKey: string;
  /** The request with URL credentials masked. */
  request: UpgradeRequest;
  fromVersion?: string;
  toVersion?: string;
  startedAt: number;
  updatedAt: number;
  phases: JournalPhase[];
  steps: JournalStep[];
  /** Reloads the engine issued, so a resume waits for one in flight instead of issuing another. */
  reloads: Array<{ unit: UnitRole; issuedAt: number }>;
  outcome?: { outcome: UpgradeOutcomeKind; message: string; at: number };
}

export interface Journal {
  load(): JournalRecord | undefined;
  save(record: JournalRecord): void;
  finish(outcome: UpgradeOutcome): void;
}

/** The request as a journal may hold it: URL passwords masked, nothing else changed. */
export function redactRequest(request: UpgradeRequest): UpgradeRequest {
  const out: UpgradeRequest = { ...request, asa: redactUrlCredentials(request.asa) };
  if (request.asdm !== undefined) out.asdm = redactUrlCredentials(request.asdm);
  return out;
}

/** Whether a request read back from a journal lost a password that a copy would need. */
export function requestHasMaskedCredentials(request: UpgradeRequest): boolean {
  return [request.asa, request.asdm].some((u) => u !== undefined && /:\/\/[^/@]*:\*{5}@/.test(u));
}

/** A job that started but neither completed nor was refused: the pair may be mid-upgrade. */
export function unfinished(source: Journal | JournalRecord | undefined): JournalRecord | undefined {
  const record = source && 'load' in source ? source.load() : source;
  if (!record) return undefined;
  if (!record.outcome) return record;
  return record.outcome.outcome === 'failed' || record.outcome.outcome === 'cancelled' ? record : undefined;
}

function sanitize(record: JournalRecord): JournalRecord {
  return { ...record, request: redactRequest(record.request) };
}

export class MemoryJournal implements Journal {
  private record?: JournalRecord;
  /** Every record saved, oldest first (tests inspect what was written when). */
  readonly history: JournalRecord[] = [];

  constructor(initial?: JournalRecord) {
    if (initial) this.record = structuredClone(sanitize(initial));
  }

  load(): JournalRecord | undefined {
    return this.record ? structuredClone(this.record) : undefined;
  }

  save(record: JournalRecord): void {
    this.record = structuredClone(sanitize(record));
    this.history.push(structuredClone(this.record));
  }

  finish(outcome: UpgradeOutcome): void {
    if (!this.record) return;
    this.save({ ...this.record, updatedAt: Date.now(), outcome: { outcome: outcome.outcome, message: redactUrlCredentials(outcome.message), at: Date.now() } });
  }
}

/** A JSON file replaced atomically (write a temporary file, then rename), so a crash never leaves half a record. */
export class FileJournal implements Journal {
  constructor(readonly path: string) {}

  load(): JournalRecord | undefined {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
    try {
      const parsed = JSON.parse(text) as JournalRecord;
      if (parsed.format !== JOURNAL_FORMAT || typeof parsed.pairKey !== 'string' || !parsed.request) return undefined;
      parsed.reloads ??= [];
      parsed.steps ??= [];
      parsed.phases ??= [];
      return parsed;
    } catch {
      return undefined;
    }
  }

  save(record: JournalRecord): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(sanitize(record), null, 2)}\n`, { mode: 0o600 });
    try {
      renameSync(tmp, this.path);
    } catch (e) {
      try {
        unlinkSync(tmp);
      } catch {
        /* already gone */
      }
      throw e;
    }
  }

  finish(outcome: UpgradeOutcome): void {
    const record = this.load();
    if (!record) return;
    this.save({ ...record, updatedAt: Date.now(), outcome: { outcome: outcome.outcome, message: redactUrlCredentials(outcome.message), at: Date.now() } });
  }
}
