// Everything the runner tells the outside: events for the live view and the journal a resume reads.
// Every message passes the redactor first, and a consumer's or the disk's failure never stops an upgrade.

import type { UnitRole } from '../facts';
import type { Journal, JournalRecord, UntrustedImage } from '../journal';
import type { PairStatus, PhaseId, PhaseStatus, UpgradeEvent, UpgradeOutcome } from '../model';
import type { Redactor } from '../redact';
import type { PairObservation } from '../snapshot';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export class Recorder {
  /** The journal record of this job; set once the plan is known (a refused job leaves no record). */
  private record?: JournalRecord;
  private runningPhase: PhaseId = 'preconditions';
  private readonly phaseStatus = new Map<PhaseId, PhaseStatus>();
  /** The journal could not be written once already (the warning is given once). */
  private journalFailed = false;

  constructor(
    private readonly onEvent: ((e: UpgradeEvent) => void) | undefined,
    private readonly journal: Journal | undefined,
    private readonly redactor: Redactor,
  ) {}

  /** The phase that last started (what a stop message says the engine was doing). */
  get currentPhase(): PhaseId {
    return this.runningPhase;
  }

  statusOf(phase: PhaseId): PhaseStatus | undefined {
    return this.phaseStatus.get(phase);
  }

  redact(text: string): string {
    return this.redactor.redact(text);
  }

  emit(e: UpgradeEvent): void {
    try {
      this.onEvent?.(e);
    } catch {
      /* a consumer's bug must not stop an upgrade half-way */
    }
  }

  log(level: LogLevel, message: string): void {
    this.emit({ type: 'log', at: Date.now(), level, message: this.redactor.redact(message) });
  }

  phase(phase: PhaseId, status: PhaseStatus, message?: string): void {
    if (status === 'running') this.runningPhase = phase;
    this.phaseStatus.set(phase, status);
    this.emit({ type: 'phase', at: Date.now(), phase, status, message: message && this.redactor.redact(message) });
    if (this.record) {
      const now = Date.now();
      const existing = this.record.phases.find((p) => p.phase === phase);
      const entry = existing ?? { phase, status };
      entry.status = status;
      if (status === 'running') entry.startedAt = now;
      else entry.endedAt = now;
      if (message) entry.message = this.redactor.redact(message);
      if (!existing) this.record.phases.push(entry);
      this.saveJournal();
    }
  }

  step(stepId: string, status: PhaseStatus, message?: string): void {
    this.emit({ type: 'step', at: Date.now(), stepId, status, message: message && this.redactor.redact(message) });
    if (this.record && status !== 'running') {
      this.record.steps.push({ id: stepId, status, at: Date.now(), ...(message ? { message: this.redactor.redact(message) } : {}) });
      this.saveJournal();
    }
  }

  /** Both units as a status read shows them. */
  statusUnits(status: PairStatus): void {
    for (const u of status.units) this.emit({ type: 'unit', at: Date.now(), unit: { role: u.role, state: u.state, version: u.version, isActive: u.isActive } });
  }

  /** The units an observation could tell anything about. */
  observedUnits(obs: PairObservation): void {
    for (const role of ['primary', 'secondary'] as const) {
      const u = obs.units[role];
      if (u.state === undefined && u.version === undefined) continue;
      this.emit({ type: 'unit', at: Date.now(), unit: { role, state: u.state ?? 'Unknown', version: u.version ?? 'unknown', isActive: u.isActive === true } });
    }
  }

  // ---- the journal --------------------------------------------------------------------------------

  /** Starts journalling this job (a resumed job continues its previous record's phases, steps and reloads). */
  startJournal(record: JournalRecord): void {
    this.record = record;
  }

  get journalRecord(): JournalRecord | undefined {
    return this.record;
  }

  /** Reloads this job sent to `unit`, oldest first. */
  reloadsOf(unit: JournalRecord['reloads'][number]['unit']): JournalRecord['reloads'] {
    return this.record?.reloads.filter((r) => r.unit === unit) ?? [];
  }

  /** Journals a reload before anything else happens, so a resume waits for it instead of sending another. */
  reloadIssued(unit: JournalRecord['reloads'][number]['unit'], issuedAt: number): void {
    this.record?.reloads.push({ unit, issuedAt });
    this.saveJournal();
  }

  /** Records a file a unit rejected: it is never skipped as "already there" and never booted. */
  untrusted(entry: UntrustedImage): void {
    if (!this.record) return;
    (this.record.untrusted ??= []).push(entry);
    this.saveJournal();
  }

  /** Files `unit` rejected, by this job or an earlier one on the pair (from the journal). */
  untrustedOn(unit: UnitRole): UntrustedImage[] {
    return this.record?.untrusted?.filter((u) => u.unit === unit) ?? [];
  }

  /** A fresh copy of `file` on `unit` passed every check: the earlier rejection no longer applies to it. */
  trusted(unit: UnitRole, file: string): void {
    if (!this.record?.untrusted?.some((u) => u.unit === unit && u.file === file)) return;
    this.record.untrusted = this.record.untrusted.filter((u) => !(u.unit === unit && u.file === file));
    this.saveJournal();
  }

  /** A copy from the source completed without an error. */
  copyCompleted(unit: UnitRole, file: string, bytes: number): void {
    if (!this.record) return;
    this.record.copies = [...(this.record.copies ?? []).filter((c) => !(c.unit === unit && c.file === file)), { unit, file, bytes, at: Date.now() }];
    this.saveJournal();
  }

  /** The last complete copy of `file` to `unit` this pair's jobs made, if the journal holds one. */
  completedCopy(unit: UnitRole, file: string): { bytes: number } | undefined {
    return this.record?.copies?.find((c) => c.unit === unit && c.file === file);
  }

  /** The source's hash, computed from complete copies that passed the check. */
  recordSourceHash(file: string, md5: string, bytes: number): void {
    if (!this.record) return;
    this.record.sourceHashes = [...(this.record.sourceHashes ?? []).filter((h) => h.file !== file), { file, md5, bytes, at: Date.now() }];
    this.saveJournal();
  }

  sourceHashOf(file: string): { md5: string; bytes: number } | undefined {
    return this.record?.sourceHashes?.find((h) => h.file === file);
  }

  private saveJournal(): void {
    if (!this.journal || !this.record) return;
    this.record.updatedAt = Date.now();
    try {
      this.journal.save(this.record);
    } catch (e) {
      // Said once, with what it costs: the job goes on, but it leaves no record to resume from.
      if (this.journalFailed) return;
      this.journalFailed = true;
      this.log(
        'warn',
        `Could not write the journal: ${(e as Error).message} The upgrade goes on without a record: if it is interrupted, resume cannot tell which reloads were already sent, ` +
          'so check both units (show failover, show version) before resuming. This warning is not repeated.',
      );
    }
  }

  /** The outcome, redacted, as the last event and in the journal. */
  finish(outcome: UpgradeOutcome): UpgradeOutcome {
    const out: UpgradeOutcome = { ...outcome, message: this.redactor.redact(outcome.message) };
    if (out.pair?.nextSafeAction) out.pair = { ...out.pair, nextSafeAction: this.redactor.redact(out.pair.nextSafeAction) };
    this.emit({ type: 'finished', at: Date.now(), outcome: out.outcome, message: out.message, pair: out.pair, ...(out.hostKeyChange ? { hostKeyChange: out.hostKeyChange } : {}) });
    if (this.journal && this.record) {
      try {
        this.journal.finish(out);
      } catch {
        /* the outcome matters more than its record */
      }
    }
    return out;
  }
}
