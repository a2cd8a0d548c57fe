// The fleet plan as the "Upgrade Pairs..." modal shows it: what each pair goes through, or, when any pair
// cannot be upgraded, every refused pair with its reasons one a line (no Markdown backticks: a modal shows
// them raw). Built from the engine's fleet plan (core/fleet/plan.ts); nothing here decides anything.

import { fleetPlanProblems, type FleetPlanEntry } from '../core/fleet/plan';
import { planHeadline } from './plan-text';
import { refusalLines } from './refusal-lines';

export interface FleetPlanText {
  /** The modal's title. */
  message: string;
  /** The modal's body. */
  detail: string;
  /** Whether any pair was refused (then no pair starts and the modal offers no Upgrade). */
  refused: boolean;
}

function steps(e: FleetPlanEntry): string {
  const run = e.plan!.steps.filter((s) => !s.skip).length;
  const skipped = e.plan!.steps.length - run;
  return `${run} step${run === 1 ? '' : 's'} to run${skipped ? `, ${skipped} already done` : ''}`;
}

export function fleetPlanText(entries: FleetPlanEntry[], rollout: string, redact: (s: string) => string, verb = 'Upgrade'): FleetPlanText {
  const problems = fleetPlanProblems(entries);
  if (problems.length) {
    const lines = [
      `${problems.length} of ${entries.length} pairs cannot be upgraded, so no pair starts (nothing was changed):`,
      '',
      ...problems.flatMap((e) => {
        const [first, ...rest] = refusalLines(redact(e.problem!));
        return [`• ${e.pair.name}: ${first}`, ...rest.map((l) => `    ${l}`)];
      }),
    ];
    const ok = entries.filter((e) => !e.problem).map((e) => e.pair.name);
    if (ok.length) lines.push('', `Held back although they could start: ${ok.join(', ')}.`);
    return { message: `${verb} ${entries.length} pairs: refused`, detail: lines.join('\n'), refused: true };
  }
  const todo = entries.filter((e) => !e.done);
  const lines = [`Every pair was read and checked. ${rollout[0].toUpperCase()}${rollout.slice(1)}`, ''];
  entries.forEach((e, i) => {
    const what = e.done
      ? `nothing to do (${e.doneNote ?? e.done})`
      : `${redact(planHeadline(e.plan!))}, ${steps(e)}${e.resume ? ', continues its stopped upgrade' : ''}`;
    lines.push(`${i + 1}. ${e.pair.name}: ${what}`);
  });
  lines.push('', 'Each pair keeps its own journal and lock; a stopped pair can be resumed on its own (Resume Upgrade).');
  return { message: `${verb} ${todo.length} of ${entries.length} pairs?`, detail: lines.join('\n'), refused: false };
}
