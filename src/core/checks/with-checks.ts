// An upgrade wrapped in its pre/post checks: read the pair before the first change, run the upgrade as it
// is, and once it reports the pair upgraded (both units back, primary active) read again and compare. The
// sequence itself knows nothing of the checks.

import type { UpgradeOutcome } from '../model';
import { runUpgrade, type RunUpgradeArgs } from '../upgrade';
import { compareChecks, DEFAULT_CHECK_THRESHOLDS, type CheckComparison, type CheckThresholds } from './compare';
import { readPairChecks, type PairChecks } from './read';

export interface PairCheckRecord {
  before?: PairChecks;
  after?: PairChecks;
  comparison?: CheckComparison;
  /** Why a reading is missing, when one is. */
  notes: string[];
}

export interface CheckedOutcome {
  outcome: UpgradeOutcome;
  checks: PairCheckRecord;
  /** Upgraded, but the checks after fail-back found a regression. */
  withRegressions: boolean;
}

export interface CheckedRunArgs extends RunUpgradeArgs {
  thresholds?: CheckThresholds;
  /** Readings taken before an earlier, interrupted run (a resume keeps comparing with the pair before any change). */
  before?: PairChecks;
  /** Told each reading as soon as it is taken (e.g. to keep the "before" for a later resume). */
  onChecks?: (stage: 'before' | 'after', checks: PairChecks) => void;
}

export async function runUpgradeWithChecks(args: CheckedRunArgs): Promise<CheckedOutcome> {
  const record: PairCheckRecord = { notes: [] };
  const read = async (stage: 'before' | 'after'): Promise<PairChecks | undefined> => {
    try {
      const checks = await readPairChecks(args.connector, { signal: args.signal, timeoutMs: args.options?.commandTimeoutMs });
      args.onChecks?.(stage, checks);
      return checks;
    } catch (e) {
      const why = args.redactor ? args.redactor.redact((e as Error).message) : (e as Error).message;
      record.notes.push(`The checks ${stage} the upgrade could not be read: ${why}`);
      args.onEvent?.({ type: 'log', at: Date.now(), level: 'warn', message: record.notes[record.notes.length - 1] });
      return undefined;
    }
  };
  const downloadOnly = args.request.downloadOnly === true;
  if (!downloadOnly) record.before = args.before ?? (await read('before'));
  const outcome = await runUpgrade(args);
  if (outcome.outcome !== 'upgraded' || !record.before) return { outcome, checks: record, withRegressions: false };
  record.after = await read('after');
  if (!record.after) {
    record.comparison = { differences: [], regressions: ['the checks after the upgrade could not be read'] };
    return { outcome, checks: record, withRegressions: true };
  }
  record.comparison = compareChecks(record.before, record.after, args.thresholds ?? DEFAULT_CHECK_THRESHOLDS);
  const withRegressions = record.comparison.regressions.length > 0;
  if (withRegressions) {
    args.onEvent?.({ type: 'log', at: Date.now(), level: 'error', message: `Upgraded with regressions: ${record.comparison.regressions.join('; ')}` });
  }
  return { outcome, checks: record, withRegressions };
}
