// The record of a job, written after every step so a crash or restart can resume from where the pair
// really is. It never holds a secret: URL credentials are masked before anything is stored, and resume asks
// for them again when a copy is still needed.

import { readFileSync } from 'node:fs';
import { JournalInvalidError } from './errors';
import type { PhaseId, PhaseStatus, UpgradeOutcome, UpgradeOutcomeKind, UpgradeRequest } from './model';
import type { UnitRole } from './facts';
import { redactUrlCredentials } from './redact';
import { checkOutputFile, fileSystemError, replaceFileAtomically } from './safe-files';

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

/** A file whose copy the unit rejected (integrity error): never skipped as "already there", never booted. */
export interface UntrustedImage {
  unit: UnitRole;
  /** File name on flash, e.g. `asa9-20-2-smp-k8.bin`. */
  file: string;
  /** What the unit said (e.g. `%ERROR: Signature not valid for file disk0:/...`). */
  reason: string;
  at: number;
  /** Whether the file was deleted from the unit's flash afterwards. */
  deleted: boolean;
}

export interface JournalRecord {
  format: number;
  /** Identifies the pair as the devices do: both units' serial numbers (`SERIAL1+SERIAL2`, sorted). */
  pairKey: string;
  /** The addresses the job was given, for messages (the pair is identified by pairKey). */
  addresses?: { active: string; standby?: string };
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
  /** Files the units rejected, oldest first. */
  untrusted?: UntrustedImage[];
  /** Copies from the source that completed without an error (bytes as the unit reported them). */
  copies?: Array<{ unit: UnitRole; file: string; bytes: number; at: number }>;
  /** Hashes of the sources, computed from complete copies that passed the check (both units agreeing, or the known hash). */
  sourceHashes?: Array<{ file: string; bytes: number; md5: string; at: number }>;
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

const PHASES: readonly PhaseId[] = ['preconditions', 'download', 'boot-config', 'reload-secondary', 'failover-to-secondary', 'reload-primary', 'failover-to-primary'];
const STATUSES: readonly PhaseStatus[] = ['pending', 'running', 'done', 'failed', 'skipped'];
const OUTCOMES: readonly UpgradeOutcomeKind[] = ['upgraded', 'downloaded', 'refused', 'failed', 'cancelled'];
const ROLES: readonly UnitRole[] = ['primary', 'secondary'];

type Check = (value: unknown, field: string) => string | undefined;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str: Check = (v) => (typeof v === 'string' ? undefined : 'is not text');
const time: Check = (v) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? undefined : 'is not a time (milliseconds since 1970)');
const oneOf =
  (values: readonly string[]): Check =>
  (v) =>
    typeof v === 'string' && values.includes(v) ? undefined : `is ${JSON.stringify(v)}, not one of ${values.join(', ')}`;
const count: Check = (v) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? undefined : 'is not a whole number of bytes');
const bool: Check = (v) => (typeof v === 'boolean' ? undefined : 'is not true or false');

/** Checks `value` against `shape` (field -> [required, check]); returns `field: problem` for the first mismatch. */
function checkObject(value: unknown, where: string, shape: Record<string, [boolean, Check]>): string | undefined {
  if (!isObject(value)) return `${where || 'the journal'} is not an object`;
  for (const [key, [required, check]] of Object.entries(shape)) {
    const field = where ? `${where}.${key}` : key;
    if (!(key in value) || value[key] === undefined) {
      if (required) return `${field} is missing`;
      continue;
    }
    const problem = check(value[key], field);
    if (problem) return problem.startsWith(field) ? problem : `${field} ${problem}`;
  }
  return undefined;
}

const list =
  (item: Check): Check =>
  (v, field) => {
    if (!Array.isArray(v)) return `${field} is not a list`;
    for (let i = 0; i < v.length; i++) {
      const problem = item(v[i], `${field}[${i}]`);
      if (problem) return problem.startsWith(`${field}[`) ? problem : `${field}[${i}] ${problem}`;
    }
    return undefined;
  };
const object =
  (shape: Record<string, [boolean, Check]>): Check =>
  (v, field) =>
    checkObject(v, field, shape);

const requestCheck: Check = (v, field) => {
  const problem = checkObject(v, field, { asa: [true, str], asdm: [false, str], downloadOnly: [false, bool] });
  if (problem) return problem;
  for (const [key, value] of Object.entries(v as Record<string, unknown>)) {
    // Hashes and sizes the request may carry (md5, sha-512, bytes): text or numbers, nothing else.
    if (value !== undefined && typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return `${field}.${key} is not text or a number`;
  }
  return undefined;
};

const JOURNAL_SHAPE: Record<string, [boolean, Check]> = {
  format: [true, (v) => (v === JOURNAL_FORMAT ? undefined : `is ${JSON.stringify(v)}, not ${JOURNAL_FORMAT} (a journal of another version of this tool)`)],
  pairKey: [true, (v) => (typeof v === 'string' && v !== '' ? undefined : 'is not the pair\'s identity (text)')],
  addresses: [false, object({ active: [true, str], standby: [false, str] })],
  request: [true, requestCheck],
  fromVersion: [false, str],
  toVersion: [false, str],
  startedAt: [true, time],
  updatedAt: [true, time],
  phases: [true, list(object({ phase: [true, oneOf(PHASES)], status: [true, oneOf(STATUSES)], startedAt: [false, time], endedAt: [false, time], message: [false, str] }))],
  steps: [true, list(object({ id: [true, str], status: [true, oneOf(STATUSES)], at: [true, time], message: [false, str] }))],
  reloads: [true, list(object({ unit: [true, oneOf(ROLES)], issuedAt: [true, time] }))],
  untrusted: [false, list(object({ unit: [true, oneOf(ROLES)], file: [true, str], reason: [true, str], at: [true, time], deleted: [true, bool] }))],
  copies: [false, list(object({ unit: [true, oneOf(ROLES)], file: [true, str], bytes: [true, count], at: [true, time] }))],
  sourceHashes: [false, list(object({ file: [true, str], bytes: [true, count], md5: [true, (v) => (typeof v === 'string' && /^[0-9a-f]{32}$/.test(v) ? undefined : 'is not an MD5 (32 hex digits)')], at: [true, time] }))],
  outcome: [false, object({ outcome: [true, oneOf(OUTCOMES)], message: [true, str], at: [true, time] })],
};

/** Whether parsed JSON looks like something this tool wrote (a journal, maybe damaged), rather than another file. */
function looksLikeJournal(value: unknown): boolean {
  return isObject(value) && 'format' in value && 'pairKey' in value;
}

/**
 * Reads journal text: the record, or JournalInvalidError naming the field at fault (or saying that the file
 * is not a journal at all). `path` is for messages.
 */
export function parseJournal(text: string, path: string): JournalRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    if (/^\s*\{[\s\S]*"format"\s*:/.test(text)) {
      throw new JournalInvalidError(
        `The journal ${path} is cut short or damaged (${(e as Error).message}), so what the job already did cannot be read from it. ` +
          'Check both units (show failover, show version, show running-config boot system) before doing anything else; then move the file away and start again.',
      );
    }
    throw new JournalInvalidError(`${path} is not an upgrade journal (it is not a journal this tool wrote). Give the journal of the job, or a new path with --journal.`);
  }
  if (!looksLikeJournal(parsed)) {
    throw new JournalInvalidError(`${path} is not an upgrade journal (it is not a journal this tool wrote). Give the journal of the job, or a new path with --journal.`);
  }
  const problem = checkObject(parsed, '', JOURNAL_SHAPE);
  if (problem) {
    throw new JournalInvalidError(
      `The journal ${path} is damaged or was edited: ${problem}. What the job already did cannot be trusted from it. ` +
        'Check both units (show failover, show version, show running-config boot system) before doing anything else; then move the file away and start again.',
    );
  }
  return parsed as unknown as JournalRecord;
}

/**
 * A JSON file replaced atomically (write a temporary file, then rename), so a crash never leaves half a record.
 * Only ever a regular file: a path naming a device, FIFO, directory or symbolic link is refused, and so is an
 * existing file that is not a journal (it is never overwritten).
 */
export class FileJournal implements Journal {
  private checked = false;

  constructor(readonly path: string) {}

  /** Refuses a path the journal cannot be kept at (see the class comment); nothing is written. */
  check(): void {
    checkOutputFile(this.path, 'The journal');
    this.load();
    this.checked = true;
  }

  /** The record, undefined when there is no file; throws JournalInvalidError or OutputPathError otherwise. */
  load(): JournalRecord | undefined {
    checkOutputFile(this.path, 'The journal');
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw fileSystemError(e, this.path, 'The journal');
    }
    return parseJournal(text, this.path);
  }

  save(record: JournalRecord): void {
    if (!this.checked) this.check();
    replaceFileAtomically(this.path, `${JSON.stringify(sanitize(record), null, 2)}\n`, 'The journal');
  }

  finish(outcome: UpgradeOutcome): void {
    const record = this.load();
    if (!record) return;
    this.save({ ...record, updatedAt: Date.now(), outcome: { outcome: outcome.outcome, message: redactUrlCredentials(outcome.message), at: Date.now() } });
  }
}
