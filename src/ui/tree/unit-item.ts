// A unit of a pair (Primary / Secondary): failover state and version, coloured by health. A state older than
// two refresh intervals says how old it is and is greyed out; while an upgrade runs, the unit line shows the
// copy's percent and "reloading (planned)" for the unit the upgrade reloads on purpose.

import * as vscode from 'vscode';
import type { UnitStatus } from '../../core/facts';
import { capitalised, formatBytes, formatUptime, md } from './format';

export type UnitFacts = Pick<UnitStatus, 'role' | 'state' | 'version' | 'isActive'> &
  Partial<UnitStatus> & {
    /** "5 min ago" when the reading is stale. */
    age?: string;
    /** "copying 45%" while an image is copied to it. */
    note?: string;
    /** The running phase reloads this unit on purpose. */
    plannedReload?: boolean;
    /** Facts the device did not report, with why (shown as unknown, never as empty). */
    unknown?: Array<{ field: string; why: string }>;
  };

function plannedReloading(unit: UnitFacts): boolean {
  return unit.plannedReload === true && !/^(active|standby ready)$/i.test(unit.state);
}

function iconFor(unit: UnitFacts, upgrading: boolean): vscode.ThemeIcon {
  const state = unit.state.toLowerCase();
  if (unit.age) return new vscode.ThemeIcon(unit.isActive ? 'pass-filled' : 'pass', new vscode.ThemeColor('disabledForeground'));
  if (plannedReloading(unit)) return new vscode.ThemeIcon('sync~spin', new vscode.ThemeColor('charts.yellow'));
  if (upgrading && !unit.isActive && state !== 'standby ready') return new vscode.ThemeIcon('sync~spin', new vscode.ThemeColor('charts.yellow'));
  if (unit.isActive || state === 'active') return new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'));
  if (state === 'standby ready') return new vscode.ThemeIcon('pass', new vscode.ThemeColor('charts.blue'));
  if (state === 'unknown') return new vscode.ThemeIcon('question', new vscode.ThemeColor('list.warningForeground'));
  if (state.includes('fail') || state === 'disabled') return new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
  return new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
}

export class UnitItem extends vscode.TreeItem {
  constructor(
    readonly pairName: string,
    readonly unit: UnitFacts,
    upgrading: boolean,
    lab: boolean,
  ) {
    super(capitalised(unit.role), vscode.TreeItemCollapsibleState.None);
    this.id = `${pairName}/${unit.role}`;
    // Upgrade Pair... and Download Images Only... act on the unit's pair from here too.
    this.contextValue = upgrading ? 'unit.upgrading' : lab ? 'unit.lab' : 'unit';
    // The failover state already says "Active"/"Standby ..." in the normal case; the role is added only when it does not.
    const state = plannedReloading(unit) ? 'reloading (planned)' : unit.state;
    const statesRole = /active|standby|reloading/i.test(state);
    // A copy's percent right after the state, where the sidebar's default width still shows it.
    const parts = [`${state}${statesRole ? '' : unit.isActive ? ' (active)' : ' (standby)'}`];
    if (unit.note) parts.push(unit.note);
    parts.push(unit.version === 'unknown' ? 'version unknown' : unit.version);
    if (unit.age) parts.push(unit.age);
    this.description = parts.join(' · ');
    this.iconPath = iconFor(unit, upgrading);
    this.tooltip = unitTooltip(unit);
    this.accessibilityInformation = {
      label: `${capitalised(unit.role)} unit, ${unit.isActive ? 'active' : 'standby'}, state ${state}, version ${unit.version}${unit.note ? `, ${unit.note}` : ''}${unit.age ? `, read ${unit.age}` : ''}`,
    };
  }
}

export function unitTooltip(u: UnitFacts): vscode.MarkdownString {
  const unknown = new Map((u.unknown ?? []).map((x) => [x.field, x.why]));
  const orUnknown = (field: string, value: string | undefined): string | undefined => (unknown.has(field) ? `unknown: ${unknown.get(field)}` : value);
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
    ['Boot images', orUnknown('bootImages', u.bootImages ? (u.bootImages.length ? u.bootImages.join(', ') : 'none configured') : undefined)],
    ['ASDM image', orUnknown('asdmImage', u.asdmImage)],
    ['Flash free', orUnknown('flash', u.flashFreeBytes !== undefined ? `${formatBytes(u.flashFreeBytes)}${u.flashTotalBytes ? ` of ${formatBytes(u.flashTotalBytes)}` : ''}` : undefined)],
    ['Read', u.age],
  ];
  const text = new vscode.MarkdownString(`**${md(capitalised(u.role))} unit**\n\n| | |\n|---|---|\n`);
  for (const [k, v] of rows) if (v !== undefined) text.appendMarkdown(`| ${md(k)} | ${md(v)} |\n`);
  return text;
}
