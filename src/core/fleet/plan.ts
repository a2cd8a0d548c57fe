// The fleet plan: every pair is read and planned (preconditions, and whatever checks the single-pair plan
// holds) before any pair starts. One pair that cannot be upgraded holds back the whole fleet, so a change
// window never starts on a fleet that cannot finish.

import type { UpgradePlan, UpgradeRequest, PairStatus } from '../model';
import type { CommandDialect, PairConnector } from '../ports';
import { AuthenticationError, EnablePasswordError } from '../errors';
import { FileJournal, unfinished } from '../journal';
import { buildPlan } from '../plan';
import { resolveImages } from '../preconditions';
import { isHealthyActive, isStandbyReady } from '../states';
import { sameVersion } from '../versions';
import { readPairStatus } from '../status';
import { redactUrlCredentials } from '../redact';
import type { FleetPair } from './pairs';

export interface FleetPlanEntry {
  pair: FleetPair;
  request: UpgradeRequest;
  /** The pair's journal holds a job that stopped: the plan continues it. */
  resume: boolean;
  /** The pair's own journal (found once the pair is read: it is named after the units' serial numbers). */
  journal?: string;
  /** Already upgraded (by an earlier run of this fleet, or already on the target): nothing to do. */
  done?: string;
  /** Why it counts as done, in plain words. */
  doneNote?: string;
  status?: PairStatus;
  plan?: UpgradePlan;
  /** Why this pair cannot start (nothing was changed on it). */
  problem?: string;
}

export interface PlanFleetArgs {
  entries: Array<Omit<FleetPlanEntry, 'status' | 'plan' | 'problem' | 'resume' | 'journal'>>;
  connectorOf: (pair: FleetPair) => PairConnector;
  dialect: CommandDialect;
  /** Pairs read at once. */
  concurrency: number;
  /** The journal of the pair as read (the same file single-pair `upgrade` and `resume` use). */
  journalOf: (pair: FleetPair, status: PairStatus) => string;
  /** Why the pair cannot start now because another job holds it, when one does. */
  busy?: (status: PairStatus) => string | undefined;
  redact: (text: string) => string;
  timeoutMs?: number;
  /**
   * Pairs logging in with the same credentials share a key: the first of them is tried alone, and when a unit
   * rejects those credentials they are not sent to any other pair (an account locked out fleet-wide helps no one).
   */
  credentialKeyOf?: (pair: FleetPair) => string;
}

export async function planFleet(args: PlanFleetArgs): Promise<FleetPlanEntry[]> {
  const out: FleetPlanEntry[] = args.entries.map((e) => ({ ...e, resume: false }));
  const keyOf = args.credentialKeyOf ?? (() => '');
  const rejected = new Map<string, string>();
  const todo = out.filter((e) => !e.done);
  const firsts = todo.filter((e, i) => todo.findIndex((x) => keyOf(x.pair) === keyOf(e.pair)) === i);
  await planEntries(firsts, args, rejected);
  await planEntries(
    todo.filter((e) => !firsts.includes(e)),
    args,
    rejected,
  );
  // One pair listed twice (by two addresses, or under two names in the editor) is told apart by its units'
  // serial numbers: its lock would refuse the second job anyway, but the plan says so before anything starts.
  const seen = new Map<string, string>();
  for (const e of out) {
    const key = e.status?.identity?.key;
    if (!key) continue;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, e.pair.name);
      continue;
    }
    const twice = `the same failover pair as ${first} (serial numbers ${key.split('+').join(' and ')}): list it once.`;
    e.problem = e.problem ? `${twice}\n${e.problem}` : twice;
  }
  return out;
}

async function planEntries(entries: FleetPlanEntry[], args: PlanFleetArgs, rejected: Map<string, string>): Promise<void> {
  const keyOf = args.credentialKeyOf ?? (() => '');
  const queue = [...entries];
  const worker = async (): Promise<void> => {
    for (let e = queue.shift(); e; e = queue.shift()) {
      const refusedBy = rejected.get(keyOf(e.pair));
      if (refusedBy !== undefined) {
        e.problem = `not tried: ${refusedBy} rejected the same credentials, which are not sent again. Fix the password or user, then run again.`;
        continue;
      }
      const connector = args.connectorOf(e.pair);
      try {
        e.status = await readPairStatus(connector, { timeoutMs: args.timeoutMs });
        const busy = args.busy?.(e.status);
        if (busy) {
          e.problem = busy;
          continue;
        }
        e.journal = args.journalOf(e.pair, e.status);
        const job = unfinished(new FileJournal(e.journal));
        e.resume = job !== undefined;
        const current = upToDate(e.status, e.request);
        if (current && !e.resume) {
          e.done = 'upgraded';
          e.doneNote = current;
          continue;
        }
        e.plan = buildPlan(e.status, e.request, args.dialect, {
          hasStandbyAddress: connector.hasStandbyAddress,
          resume: e.resume,
          fromVersion: job?.fromVersion,
        });
      } catch (err) {
        if (err instanceof AuthenticationError || err instanceof EnablePasswordError) rejected.set(keyOf(e.pair), e.pair.name);
        e.problem = args.redact(redactUrlCredentials((err as Error).message));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(args.concurrency, queue.length)) }, worker));
}

/**
 * A pair that already runs what the request installs, healthy and with the primary active: re-running a fleet
 * over pairs done by hand (or by an earlier fleet) must not hold the others back.
 */
function upToDate(status: PairStatus, request: UpgradeRequest): string | undefined {
  if (request.downloadOnly) return undefined;
  const { asa, asdm } = resolveImages(request);
  if (!asa || status.units.length !== 2) return undefined;
  const [p, s] = status.units;
  const healthy = p.role === 'primary' && isHealthyActive(p.state) && isStandbyReady(s.state);
  const asaDone = status.units.every((u) => sameVersion(u.version, asa.name.version));
  const asdmDone = !asdm || status.units.every((u) => sameVersion(u.asdmVersion, asdm.name.version));
  return healthy && asaDone && asdmDone ? `already runs ${asa.name.version}${asdm ? ` and ASDM ${asdm.name.version}` : ''}` : undefined;
}

export function fleetPlanProblems(entries: FleetPlanEntry[]): FleetPlanEntry[] {
  return entries.filter((e) => e.problem !== undefined);
}
