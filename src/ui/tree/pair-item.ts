// A failover pair: its name, the version and health in the description, the phase while an upgrade runs.

import * as vscode from 'vscode';
import type { PairStatus } from '../../core/model';
import type { PairConfig } from '../pairs-config';
import type { PairView } from '../status-refresher';
import { md } from './format';

export interface UpgradeView {
  phaseTitle?: string;
  units: Map<string, { role: 'primary' | 'secondary'; state: string; version: string; isActive: boolean }>;
}

export function pairHealth(status: PairStatus): { text: string; level: 'ok' | 'warn' | 'error' } {
  if (!status.failoverEnabled) return { text: 'failover off', level: 'error' };
  const versions = new Set(status.units.map((u) => u.version));
  const active = status.units.filter((u) => u.isActive);
  const standby = status.units.find((u) => !u.isActive);
  if (status.units.length < 2) return { text: 'mate not seen', level: 'warn' };
  if (active.length !== 1) return { text: `${active.length} active units`, level: 'error' };
  if (versions.size > 1) return { text: 'mixed versions', level: 'warn' };
  if (standby && standby.state.toLowerCase() !== 'standby ready') return { text: `standby ${standby.state}`, level: 'warn' };
  if (active[0].role !== 'primary') return { text: 'secondary active', level: 'warn' };
  return { text: 'healthy', level: 'ok' };
}

export class PairItem extends vscode.TreeItem {
  constructor(
    readonly pair: PairConfig,
    view: PairView,
    upgrade: UpgradeView | undefined,
  ) {
    super(pair.name, vscode.TreeItemCollapsibleState.Expanded);
    this.id = `pair/${pair.name}`;
    this.contextValue = upgrade ? 'pair.upgrading' : pair.lab ? 'pair.lab' : 'pair';
    const status = view.status;
    const health = status ? pairHealth(status) : undefined;
    const version = status ? [...new Set(status.units.map((u) => u.version))].join(' / ') : undefined;
    const parts: string[] = [];
    if (pair.lab) parts.push('lab');
    if (upgrade) parts.push(`upgrading: ${upgrade.phaseTitle ?? 'starting'}`);
    else if (view.error) parts.push('error');
    else if (view.loading && !status) parts.push('reading…');
    if (!upgrade && version) parts.push(version);
    if (!upgrade && health && !view.error) parts.push(health.text);
    const route = view.route ?? (pair.jumpHost ? `via ${pair.jumpHost.split(',').map((h) => h.replace(/^.*@/, '').replace(/:\d+$/, '')).join(', ')}` : undefined);
    if (route) parts.push(route);
    this.description = parts.join(' · ');

    if (upgrade) this.iconPath = new vscode.ThemeIcon('sync~spin', new vscode.ThemeColor('charts.blue'));
    else if (view.error) this.iconPath = new vscode.ThemeIcon(pair.lab ? 'beaker' : 'server-environment', new vscode.ThemeColor('list.errorForeground'));
    else if (health?.level === 'ok') this.iconPath = new vscode.ThemeIcon(pair.lab ? 'beaker' : 'server-environment', new vscode.ThemeColor('testing.iconPassed'));
    else if (health) this.iconPath = new vscode.ThemeIcon(pair.lab ? 'beaker' : 'server-environment', new vscode.ThemeColor('list.warningForeground'));
    else this.iconPath = new vscode.ThemeIcon(pair.lab ? 'beaker' : 'server-environment');

    const tip = new vscode.MarkdownString(`**${md(pair.name)}**${pair.lab ? ' (lab: a simulated pair in this window)' : ''}\n\n`);
    tip.appendMarkdown(`Active address: \`${pair.active}\`  \n`);
    if (pair.standby) tip.appendMarkdown(`Standby address: \`${pair.standby}\`  \n`);
    if (route) tip.appendMarkdown(`Route: ${md(route)}  \n`);
    tip.appendMarkdown(`User: \`${pair.username}\` (${pair.authentication}${pair.algorithms === 'legacy' ? ', legacy algorithms' : ''})  \n`);
    if (health) tip.appendMarkdown(`Health: ${md(health.text)}  \n`);
    if (view.readAt) tip.appendMarkdown(`Read at ${new Date(view.readAt).toLocaleTimeString()}  \n`);
    if (view.error) tip.appendMarkdown(`\n$(error) ${md(view.error.message)}\n`);
    tip.supportThemeIcons = true;
    this.tooltip = tip;
    this.accessibilityInformation = { label: `Pair ${pair.name}${pair.lab ? ', lab' : ''}, ${this.description}` };
  }
}
