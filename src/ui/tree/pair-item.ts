// A failover pair: its name, and in a few words what matters most now (the sidebar's default width leaves
// room for about 30 characters after the name): the phase while an upgrade runs, an interrupted upgrade, what
// stands in the way of reading it, else its version and health. Details go to the tooltip.

import * as vscode from 'vscode';
import type { PairConfig } from '../pairs-config';
import type { PairView } from '../status-refresher';
import { md } from './format';
import { clockTime, pairHealth } from './health';

export interface UpgradeView {
  phaseTitle?: string;
  /** The phase in a word or two, for the pair line. */
  phaseShort?: string;
  units: Map<string, { role: 'primary' | 'secondary'; state: string; version: string; isActive: boolean }>;
  /** The unit the running phase reloads on purpose (its dropped sessions and odd states are expected). */
  reloading?: 'primary' | 'secondary';
  /** Copy progress per unit while images are copied. */
  copies: Map<string, { bytes: number; totalBytes?: number }>;
}

export class PairItem extends vscode.TreeItem {
  constructor(
    readonly pair: PairConfig,
    view: PairView,
    upgrade: UpgradeView | undefined,
    /** The phase an unfinished journal of this pair stopped in. */
    interruptedAt: string | undefined,
  ) {
    super(pair.name, vscode.TreeItemCollapsibleState.Expanded);
    this.id = `pair/${pair.name}`;
    const interrupted = !upgrade && interruptedAt !== undefined;
    this.contextValue = upgrade ? 'pair.upgrading' : `${pair.lab ? 'pair.lab' : 'pair'}${interrupted ? '.interrupted' : ''}`;
    const status = view.status;
    const health = status ? pairHealth(status) : undefined;
    const version = status ? [...new Set(status.units.map((u) => u.version))].join(' / ') : undefined;
    const error = view.error;
    // The route (jump hosts) last: where the sidebar cuts the line, the health is already shown.
    const route = view.route ?? (pair.jumpHost ? `via ${pair.jumpHost.split(',').map((h) => h.replace(/^.*@/, '').replace(/:\d+$/, '')).join(', ')}` : undefined);

    let description: string;
    // What blocks the pair now comes first; an interrupted upgrade next (its Resume is in the menus either way).
    if (upgrade) description = `upgrading: ${upgrade.phaseShort ?? 'starting'}`;
    // "unreachable (reset) · 14:02": the reason, and when the pair was last read (the tooltip spells both out).
    else if (error?.kind === 'unreachable') description = `${error.short}${view.readAt ? ` · ${clockTime(view.readAt)}` : ''}`;
    else if (error) description = error.short;
    else if (interrupted) description = `upgrade interrupted at ${interruptedAt}`;
    else if (view.loading && !status) description = 'reading…';
    else if (status) description = [version, health?.text].filter(Boolean).join(' · ');
    else description = 'not read yet';
    this.description = route && !upgrade && !error ? `${description} · ${route}` : description;

    const base = pair.lab ? 'beaker' : 'server-environment';
    if (upgrade) this.iconPath = new vscode.ThemeIcon('sync~spin', new vscode.ThemeColor('charts.blue'));
    else if (error?.kind === 'sign-in') this.iconPath = new vscode.ThemeIcon(base);
    else if (error) this.iconPath = new vscode.ThemeIcon(base, new vscode.ThemeColor('list.errorForeground'));
    else if (interrupted) this.iconPath = new vscode.ThemeIcon('debug-pause', new vscode.ThemeColor('list.warningForeground'));
    else if (health?.level === 'ok') this.iconPath = new vscode.ThemeIcon(base, new vscode.ThemeColor('testing.iconPassed'));
    else if (health) this.iconPath = new vscode.ThemeIcon(base, new vscode.ThemeColor('list.warningForeground'));
    else this.iconPath = new vscode.ThemeIcon(base);

    const tip = new vscode.MarkdownString(`**${md(pair.name)}**${pair.lab ? ' (lab: a simulated pair in this window)' : ''}\n\n`);
    tip.appendMarkdown(`Active address: \`${pair.active}\`  \n`);
    if (pair.standby) tip.appendMarkdown(`Standby address: \`${pair.standby}\`  \n`);
    if (route) tip.appendMarkdown(`Route: ${md(route)}  \n`);
    tip.appendMarkdown(`User: \`${pair.username}\` (${pair.authentication}${pair.algorithms === 'legacy' ? ', legacy algorithms' : ''})  \n`);
    if (health) tip.appendMarkdown(`Health${error ? ' at the last good read' : ''}: ${md(health.text)}${version ? `, ${md(version)}` : ''}  \n`);
    tip.appendMarkdown(view.readAt ? `Last good read: ${md(new Date(view.readAt).toLocaleString())}  \n` : 'Not read yet  \n');
    if (upgrade) tip.appendMarkdown(`\nUpgrading: ${md(upgrade.phaseTitle ?? 'starting')}\n`);
    if (interrupted) tip.appendMarkdown(`\nAn upgrade stopped at its ${md(interruptedAt)} phase: "Resume Upgrade" continues from where the pair really is.\n`);
    if (error) tip.appendMarkdown(`\n${error.kind === 'sign-in' ? '$(key)' : '$(error)'} ${md(error.message)}${error.kind !== 'sign-in' ? ` (since ${md(new Date(error.since).toLocaleTimeString())})` : ''}\n`);
    tip.supportThemeIcons = true;
    this.tooltip = tip;
    this.accessibilityInformation = { label: `Pair ${pair.name}${pair.lab ? ', lab' : ''}, ${description}` };
  }
}
