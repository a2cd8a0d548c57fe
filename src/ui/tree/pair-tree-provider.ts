// Maps what is already known (pairs, their last status, running upgrades, unfinished jobs) to tree items. No
// I/O here: reads happen in StatusRefresher, and the tree re-renders when it fires.

import * as vscode from 'vscode';
import type { PairStore } from '../pair-store';
import type { StatusRefresher } from '../status-refresher';
import { ageText, isStale } from './health';
import { MessageItem } from './message-item';
import { PairItem, type UpgradeView } from './pair-item';
import { UnitItem, type UnitFacts } from './unit-item';

export type PairTreeNode = PairItem | UnitItem | MessageItem;

export class PairTreeProvider implements vscode.TreeDataProvider<PairTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<PairTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  upgradeView: (pairName: string) => UpgradeView | undefined = () => undefined;
  /** The phase title an unfinished upgrade of the pair stopped in (set by the composition root). */
  interruptedAt: (pairName: string) => string | undefined = () => undefined;

  constructor(
    private readonly pairs: PairStore,
    private readonly refresher: StatusRefresher,
  ) {
    this.subscriptions = [pairs.onDidChange(() => this.changed.fire(undefined)), refresher.onDidChange(() => this.changed.fire(undefined))];
  }

  refreshView(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(element: PairTreeNode): vscode.TreeItem {
    return element;
  }

  getChildren(element?: PairTreeNode): PairTreeNode[] {
    if (!element) {
      return this.pairs.all().map((p) => {
        const view = this.refresher.view(p.name);
        // First time a pair is shown, read it (in the background; the node says "reading…").
        if (!view.status && !view.error && !view.loading) void this.refresher.refresh(p.name, { interactive: false });
        return new PairItem(p, view, this.upgradeView(p.name), this.interruptedAt(p.name));
      });
    }
    if (!(element instanceof PairItem)) return [];
    const pair = element.pair;
    const name = pair.name;
    const view = this.refresher.view(name);
    const upgrade = this.upgradeView(name);
    const children: PairTreeNode[] = [];
    const error = view.error;
    if (error && !upgrade) {
      const kind = error.kind === 'sign-in' ? 'sign-in' : 'error';
      const label = error.kind === 'sign-in' ? 'Sign in...' : error.kind === 'unreachable' ? `Unreachable: ${error.message}` : error.kind === 'host-key-changed' ? 'Host key CHANGED: connection refused' : undefined;
      children.push(new MessageItem(name, error.message, kind, error.action, label));
    }
    const stale = !upgrade && isStale(view.readAt, this.refresher.intervalMs());
    const unknownOf = (role: string) => (view.status?.problems ?? []).filter((p) => p.unit === role).map((p) => ({ field: p.field, why: p.why }));
    const units: UnitFacts[] = view.status
      ? view.status.units.map((u) => ({ ...u, unknown: unknownOf(u.role), age: stale && view.readAt ? ageText(Date.now() - view.readAt) : undefined }))
      : [];
    if (upgrade) {
      for (const live of upgrade.units.values()) {
        const i = units.findIndex((u) => u.role === live.role);
        if (i >= 0) units[i] = { ...units[i], ...live };
        else units.push({ ...live });
      }
      for (const u of units) {
        const copy = upgrade.copies.get(u.role);
        if (copy) u.note = copy.totalBytes ? `copying ${Math.min(100, Math.floor((100 * copy.bytes) / copy.totalBytes))}%` : `copying ${Math.round(copy.bytes / 1024)} KB`;
        u.plannedReload = upgrade.reloading === u.role;
      }
      units.sort((a, b) => a.role.localeCompare(b.role));
    }
    for (const u of units) children.push(new UnitItem(name, u, Boolean(upgrade), pair.lab === true));
    if (!units.length && !error) {
      children.push(
        view.loading
          ? new MessageItem(name, 'Reading the pair…', 'loading')
          : new MessageItem(name, `${name} has not been contacted yet: sign in to review its host key and enter its credentials.`, 'sign-in', { title: 'Sign in...', command: 'asaUpgrade.refresh', arguments: [name] }, 'Sign in...'),
      );
    }
    return children;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
