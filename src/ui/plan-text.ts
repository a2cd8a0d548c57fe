// The plan as the confirmation modal shows it: one line per step, the commands it sends, what it waits for.

import type { PhaseId, UpgradePlan } from '../core/model';
import { capitalised } from './tree/format';

export const PHASE_TITLES: Record<PhaseId, string> = {
  preconditions: 'Check preconditions',
  download: 'Download images to both units',
  'boot-config': 'Set boot and ASDM images, save',
  'reload-secondary': 'Reload the secondary',
  'failover-to-secondary': 'Fail over to the secondary',
  'reload-primary': 'Reload the primary',
  'failover-to-primary': 'Fail over back to the primary',
};

export const PHASE_ORDER = Object.keys(PHASE_TITLES) as PhaseId[];

export function planHeadline(plan: UpgradePlan): string {
  const asdm = plan.toAsdmVersion ? `, ASDM ${plan.fromAsdmVersion ?? '?'} → ${plan.toAsdmVersion}` : '';
  return `ASA ${plan.fromVersion} → ${plan.toVersion}${asdm}${plan.downloadOnly ? ' (download only)' : ''}`;
}

export function formatPlan(plan: UpgradePlan): string {
  const lines: string[] = [planHeadline(plan), ''];
  plan.steps.forEach((step, i) => {
    const where = `${capitalised(step.unit)} via ${step.address} address${step.via === 'mate' ? ' (failover exec mate)' : ''}`;
    lines.push(`${i + 1}. ${step.title} [${where}]${step.skip ? ` — skipped: ${step.skip}` : ''}`);
    if (!step.skip) for (const c of step.commands) lines.push(`     ${c}`);
    if (step.waitsFor && !step.skip) lines.push(`     waits for: ${step.waitsFor}`);
  });
  return lines.join('\n');
}
