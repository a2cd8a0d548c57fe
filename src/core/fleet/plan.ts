// The fleet plan: every pair is read and planned (preconditions, and whatever checks the single-pair plan
// holds) before any pair starts. One pair that cannot be upgraded holds back the whole fleet, so a change
// window never starts on a fleet that cannot finish.

import type { UpgradePlan, UpgradeRequest, PairStatus } from '../model';
import type { CommandDialect, PairConnector } from '../ports';
import { buildPlan } from '../plan';
import { readPairStatus } from '../status';
import { redactUrlCredentials } from '../redact';
import type { FleetPair } from './pairs';

export interface FleetPlanEntry {
  pair: FleetPair;
  request: UpgradeRequest;
  /** The pair's journal holds a job that stopped: the plan continues it. */
  resume: boolean;
  /** Already upgraded by an earlier run of this fleet (resume): nothing to do. */
  done?: string;
  status?: PairStatus;
  plan?: UpgradePlan;
  /** Why this pair cannot start (nothing was changed on it). */
  problem?: string;
}

export interface PlanFleetArgs {
  entries: Array<Omit<FleetPlanEntry, 'status' | 'plan' | 'problem'>>;
  connectorOf: (pair: FleetPair) => PairConnector;
  dialect: CommandDialect;
  /** Pairs read at once. */
  concurrency: number;
  fromVersionOf?: (pair: FleetPair) => string | undefined;
  redact: (text: string) => string;
  timeoutMs?: number;
}

export async function planFleet(args: PlanFleetArgs): Promise<FleetPlanEntry[]> {
  const out: FleetPlanEntry[] = args.entries.map((e) => ({ ...e }));
  const queue = out.filter((e) => !e.done);
  const worker = async (): Promise<void> => {
    for (let e = queue.shift(); e; e = queue.shift()) {
      const connector = args.connectorOf(e.pair);
      try {
        e.status = await readPairStatus(connector, { timeoutMs: args.timeoutMs });
        e.plan = buildPlan(e.status, e.request, args.dialect, {
          hasStandbyAddress: connector.hasStandbyAddress,
          resume: e.resume,
          fromVersion: args.fromVersionOf?.(e.pair),
        });
      } catch (err) {
        e.problem = args.redact(redactUrlCredentials((err as Error).message));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(args.concurrency, queue.length)) }, worker));
  return out;
}

export function fleetPlanProblems(entries: FleetPlanEntry[]): FleetPlanEntry[] {
  return entries.filter((e) => e.problem !== undefined);
}
