// Plain-text rendering shared by the commands: byte sizes, durations, tables, the plan.

import { formatChecks, SKIP_RISK, type CompatibilityCheck } from '../core/compat/check';
import type { PairStatus, UpgradePlan } from '../core/model';
import { capitalised, formatBytes } from '../core/text';

export { formatBytes };

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h) return `${h}h${String(m).padStart(2, '0')}m`;
  if (m) return `${m}m${String(sec).padStart(2, '0')}s`;
  return `${sec}s`;
}

export function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ')).join('\n');
}


export function formatStatus(status: PairStatus): string {
  const rows = [['UNIT', 'ROLE', 'STATE', 'ASA', 'ASDM', 'MODEL', 'FLASH FREE', 'BOOT IMAGES']];
  for (const u of status.units) {
    rows.push([
      capitalised(u.role),
      u.isActive ? 'active' : 'standby',
      u.state,
      u.version,
      u.asdmVersion ?? '-',
      u.model ?? '-',
      formatBytes(u.flashFreeBytes),
      u.bootImages === undefined ? (u.addressUnreachable !== undefined ? 'unknown (unreachable)' : 'unknown') : u.bootImages.join(', ') || '(none)',
    ]);
  }
  const header = status.failoverEnabled ? 'Failover: on' : 'Failover: off';
  const notes = status.units
    .filter((u) => u.addressUnreachable !== undefined)
    .map((u) => `The ${u.role}'s (standby) address is unreachable: ${u.addressUnreachable} What is shown for it was read through failover exec mate where the active unit could relay it.`);
  return [header, table(rows), ...notes].join('\n');
}

export function statusJson(status: PairStatus): object {
  return {
    failover: status.failoverEnabled,
    units: status.units.map((u) => ({
      role: u.role,
      state: u.state,
      active: u.isActive,
      version: u.version,
      asdmVersion: u.asdmVersion ?? null,
      model: u.model ?? null,
      serial: u.serial ?? null,
      hostname: u.hostname ?? null,
      uptimeSeconds: u.uptimeSeconds ?? null,
      systemImage: u.systemImage ?? null,
      bootImages: u.bootImages ?? null,
      asdmImage: u.asdmImage ?? null,
      flashFreeBytes: u.flashFreeBytes ?? null,
      flashTotalBytes: u.flashTotalBytes ?? null,
      addressUnreachable: u.addressUnreachable ?? null,
    })),
    // Every null above that the device was asked for and did not give, with why.
    problems: status.problems ?? [],
  };
}

export function formatPlan(plan: UpgradePlan): string {
  const lines: string[] = [];
  const asdm = plan.toAsdmVersion ? `, ASDM ${plan.fromAsdmVersion ?? '?'} -> ${plan.toAsdmVersion}` : '';
  lines.push(`Upgrade ASA ${plan.fromVersion} -> ${plan.toVersion}${asdm}${plan.downloadOnly ? ' (download only)' : ''}`);
  for (const note of plan.imageNotes ?? []) lines.push(`  ${note}`);
  if (plan.compatibility) lines.push(formatCompatibility(plan.compatibility, plan.compatibilitySkipped === true));
  plan.steps.forEach((step, i) => {
    const where = `${capitalised(step.unit)} via ${step.address} address${step.via === 'mate' ? ' (failover exec mate)' : ''}`;
    lines.push(`${String(i + 1).padStart(2)}. ${step.title}  [${where}]${step.skip ? `  SKIPPED: ${step.skip}` : ''}`);
    for (const c of step.commands) lines.push(`      ${c}`);
    if (step.waitsFor && !step.skip) lines.push(`      waits for: ${step.waitsFor}`);
    if (step.note && !step.skip) lines.push(`      note: ${step.note}`);
  });
  return lines.join('\n');
}

/** The compatibility checks, one line each with its verdict; with --skip-compatibility-check, the risk first. */
export function formatCompatibility(checks: CompatibilityCheck[], skipped: boolean): string {
  const lines = ['Compatibility:'];
  if (skipped) lines.push(`  RISK: --skip-compatibility-check was given. ${SKIP_RISK}`);
  lines.push(formatChecks(checks, { indent: '  ' }));
  return lines.join('\n');
}
