// A unit of a pair (Primary / Secondary): role, failover state and version, coloured by health.

import * as vscode from 'vscode';
import type { UnitStatus } from '../../core/facts';
import { capitalised, formatBytes, formatUptime, md } from './format';

export type UnitFacts = Pick<UnitStatus, 'role' | 'state' | 'version' | 'isActive'> & Partial<UnitStatus>;

function iconFor(unit: UnitFacts, upgrading: boolean): vscode.ThemeIcon {
  const state = unit.state.toLowerCase();
  if (upgrading && !unit.isActive && state !== 'standby ready') return new vscode.ThemeIcon('sync~spin', new vscode.ThemeColor('charts.yellow'));
  if (unit.isActive || state === 'active') return new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'));
  if (state === 'standby ready') return new vscode.ThemeIcon('pass', new vscode.ThemeColor('charts.blue'));
  if (state.includes('fail') || state === 'disabled' || state === 'unknown') return new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
  return new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
}

export class UnitItem extends vscode.TreeItem {
  override readonly contextValue = 'unit';

  constructor(
    readonly pairName: string,
    readonly unit: UnitFacts,
    upgrading: boolean,
  ) {
    super(capitalised(unit.role), vscode.TreeItemCollapsibleState.None);
    this.id = `${pairName}/${unit.role}`;
    // The failover state already says "Active"/"Standby ..." in the normal case; the role is added only when it does not.
    const statesRole = /active|standby/i.test(unit.state);
    this.description = `${unit.state}${statesRole ? '' : unit.isActive ? ' (active)' : ' (standby)'} · ${unit.version}`;
    this.iconPath = iconFor(unit, upgrading);
    this.tooltip = unitTooltip(unit);
    this.accessibilityInformation = { label: `${capitalised(unit.role)} unit, ${unit.isActive ? 'active' : 'standby'}, state ${unit.state}, version ${unit.version}` };
  }
}

export function unitTooltip(u: UnitFacts): vscode.MarkdownString {
  const rows: Array<[string, string | undefined]> = [
    ['Role', `${capitalised(u.role)} (${u.isActive ? 'active' : 'standby'})`],
    ['Failover state', u.state],
    ['ASA version', u.version],
    ['ASDM version', u.asdmVersion],
    ['Model', u.model],
    ['Serial', u.serial],
    ['Host name', u.hostname],
    ['Uptime', formatUptime(u.uptimeSeconds)],
    ['Running image', u.systemImage],
    ['Boot images', u.bootImages ? (u.bootImages.length ? u.bootImages.join(', ') : '(none configured)') : undefined],
    ['ASDM image', u.asdmImage],
    ['Flash free', u.flashFreeBytes !== undefined ? `${formatBytes(u.flashFreeBytes)}${u.flashTotalBytes ? ` of ${formatBytes(u.flashTotalBytes)}` : ''}` : undefined],
  ];
  const text = new vscode.MarkdownString(`**${md(capitalised(u.role))} unit**\n\n| | |\n|---|---|\n`);
  for (const [k, v] of rows) if (v !== undefined) text.appendMarkdown(`| ${md(k)} | ${md(v)} |\n`);
  return text;
}
