// The change record of an upgrade or a fleet run: one JSON shape (schemas/upgrade-report.schema.json holds
// its schema), rendered as Markdown (markdown.ts) and as one self-contained HTML page (html.ts). Every text
// in it passed through the Redactor: a report is shared with a change board, never a secret with it.

import type { CheckDifference } from '../checks/compare';
import type { PairChecks } from '../checks/read';

export const REPORT_FORMAT = 'asa-upgrade-report/1';

export type PairReportOutcome = 'upgraded' | 'upgraded-with-regressions' | 'downloaded' | 'refused' | 'failed' | 'cancelled' | 'not-started' | 'already-done';

export interface ReportImage {
  kind: 'asa' | 'asdm';
  file: string;
  /** Where it came from (URL credentials masked) or `disk0:/FILE`. */
  source: string;
  bytes?: number;
  md5?: string;
  sha512?: string;
  /** The published SHA-512 the copy was checked against, when one was given. */
  publishedSha512?: string;
}

export interface ReportTimelineEntry {
  at: string;
  kind: 'phase' | 'step' | 'log';
  id: string;
  status: string;
  message?: string;
}

export interface ReportCommand {
  at: string;
  address: 'active' | 'standby';
  via: 'self' | 'mate';
  command: string;
  output: string;
  durationMs: number;
  error?: string;
}

export interface PairReport {
  name: string;
  active: string;
  standby?: string;
  /** How the workstation reached the pair: each hop, ending with the pair's addresses. */
  route: string[];
  outcome: PairReportOutcome;
  message: string;
  fromVersion?: string;
  toVersion?: string;
  fromAsdmVersion?: string;
  toAsdmVersion?: string;
  images: ReportImage[];
  startedAt?: string;
  endedAt?: string;
  timeline: ReportTimelineEntry[];
  commands: ReportCommand[];
  checks?: {
    before?: PairChecks;
    after?: PairChecks;
    differences: CheckDifference[];
    regressions: string[];
    notes: string[];
  };
  nextSafeAction?: string;
  units?: Array<{ role: string; state: string; version: string; isActive: boolean }>;
}

export interface UpgradeReport {
  format: typeof REPORT_FORMAT;
  kind: 'pair' | 'fleet';
  generatedAt: string;
  tool: { name: 'asa-upgrade'; version: string };
  operator: { user: string; host: string };
  /** The fleet's (or the single pair's) outcome in one line. */
  outcome: string;
  startedAt: string;
  endedAt: string;
  /** Fleet runs: the settings the rollout used. */
  rollout?: { concurrency: number; canary: number; continueOnFailure: boolean; stoppedBecause?: string };
  pairs: PairReport[];
}
