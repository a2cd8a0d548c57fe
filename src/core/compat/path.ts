// The upgrade path: the interim releases a pair must reach before the target (as the upgrade guide's table
// lists them), and the zero-downtime rule that limits how far apart the two units of a pair may be.

import { compareVersions, parseVersion } from '../versions';
import { UPGRADE_PATH, ZERO_DOWNTIME_RULES, type ZeroDowntimeRule } from './data';

export interface Hop {
  from: string;
  to: string;
  /** The starting point as the upgrade guide names it (`8.4(1) through 8.4(4)`). */
  startingPoint: string;
  source: string;
}

/** Interim upgrades to do before `target` (empty when the target is reachable directly). Versions must parse. */
export function upgradeHops(running: string, target: string): Hop[] {
  const hops: Hop[] = [];
  let current = running;
  // Each hop lands on a release the table lists as an interim, so the walk ends; the bound is a guard only.
  for (let guard = 0; guard < UPGRADE_PATH.length; guard++) {
    const row = UPGRADE_PATH.find((r) => compareVersions(current, r.runningFrom) >= 0 && compareVersions(current, r.runningBefore) < 0);
    if (!row || compareVersions(target, row.interim) <= 0) break;
    hops.push({ from: current, to: row.interim, startingPoint: row.label, source: row.source });
    current = row.interim;
  }
  return hops;
}

export function trainOf(version: string): string | undefined {
  const v = parseVersion(version);
  return v ? `${v.major}.${v.minor}` : undefined;
}

export interface ZeroDowntimeProblem {
  rule: ZeroDowntimeRule;
  /** The trains to go through first, in order. */
  trainsFirst: string[];
}

/** Where a pair of `running` and `target` would be too far apart to reach Standby Ready, by the data's rules. */
export function zeroDowntimeProblem(running: string, target: string): ZeroDowntimeProblem | undefined {
  const from = trainOf(running);
  const to = trainOf(target);
  if (!from || !to) return undefined;
  for (const rule of ZERO_DOWNTIME_RULES) {
    const i = rule.trains.indexOf(from);
    const j = rule.trains.indexOf(to);
    if (i >= 0 && j > i + 1) return { rule, trainsFirst: rule.trains.slice(i + 1, j) };
  }
  return undefined;
}
