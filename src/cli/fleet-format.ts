// The fleet plan as the terminal shows it: one row per pair (versions, steps to run, verdict), then why any
// pair cannot be upgraded.

import { fleetPlanProblems, type FleetPlanEntry } from '../core/fleet/plan';
import type { RolloutSettings } from '../core/fleet/rollout';
import { table } from './format';

export function formatFleetPlan(entries: FleetPlanEntry[], settings: RolloutSettings, redact: (s: string) => string): string {
  const lines = [`Fleet plan: ${entries.length} pair(s); ${Math.min(settings.canary, entries.length)} canary pair(s) first and alone, then ${settings.concurrency} at a time; ${settings.continueOnFailure ? 'continue' : 'stop'} on a failure or regression.`, ''];
  const rows = [['#', 'PAIR', 'ACTIVE', 'FROM', 'TO', 'STEPS', 'CHECK']];
  entries.forEach((e, i) => {
    const steps = e.plan ? `${e.plan.steps.filter((s) => !s.skip).length} to run, ${e.plan.steps.filter((s) => s.skip).length} already done` : '-';
    const check = e.doneNote ? `nothing to do (${e.doneNote})` : e.done ? `done earlier (${e.done})` : e.problem ? 'REFUSED' : e.resume ? 'ok (resumes its journal)' : 'ok';
    rows.push([String(i + 1), e.pair.name, e.pair.active, e.plan?.fromVersion ?? e.status?.units[0]?.version ?? '-', e.plan?.toVersion ?? '-', steps, check]);
  });
  lines.push(table(rows));
  const problems = fleetPlanProblems(entries);
  if (problems.length) {
    lines.push('', 'These pairs cannot be upgraded, so no pair starts (nothing was changed):');
    for (const p of problems) lines.push(`  ${p.pair.name}: ${redact(p.problem!).replace(/\n/g, '\n    ')}`);
  }
  return `${lines.join('\n')}\n`;
}

