// The plan as the confirmation modal shows it: one line per step, the commands it sends, what it waits for.

import { formatChecks, SKIP_RISK } from '../core/compat/check';
import type { PhaseId, UpgradePlan } from '../core/model';
import { capitalised } from '../core/text';

export { PHASE_ORDER, PHASE_TITLES } from '../core/text';

/** A phase in a word or two, for the tree's pair line (the sidebar leaves little room; the tooltip has the title). */
export const PHASE_SHORT: Record<PhaseId, string> = {
  preconditions: 'checks',
  download: 'copy',
  'boot-config': 'boot config',
  'reload-secondary': 'secondary reload',
  'failover-to-secondary': 'failover',
  'reload-primary': 'primary reload',
  'failover-to-primary': 'failback',
};

export function planHeadline(plan: UpgradePlan): string {
  const asdm = plan.toAsdmVersion ? `, ASDM ${plan.fromAsdmVersion ?? '?'} → ${plan.toAsdmVersion}` : '';
  return `ASA ${plan.fromVersion} → ${plan.toVersion}${asdm}${plan.downloadOnly ? ' (download only)' : ''}`;
}

export function formatPlan(plan: UpgradePlan): string {
  const lines: string[] = [planHeadline(plan), ...(plan.imageNotes ?? []), ''];
  if (plan.compatibility?.length) {
    lines.push('Compatibility:');
    if (plan.compatibilitySkipped) lines.push(`RISK: the compatibility check was skipped. ${SKIP_RISK}`);
    lines.push(formatChecks(plan.compatibility, { indent: '  ' }), '');
  }
  plan.steps.forEach((step, i) => {
    const where = `${capitalised(step.unit)} via ${step.address} address${step.via === 'mate' ? ' (failover exec mate)' : ''}`;
    lines.push(`${i + 1}. ${step.title} [${where}]${step.skip ? ` — skipped: ${step.skip}` : ''}`);
    if (!step.skip) for (const c of step.commands) lines.push(`     ${c}`);
    if (step.waitsFor && !step.skip) lines.push(`     waits for: ${step.waitsFor}`);
  });
  return lines.join('\n');
}
