// Maps what is already known (pairs, their last status, running upgrades) to tree items. No I/O here: reads
// happen in StatusRefresher, and the tree re-renders when it fires.

import * as vscode from 'vscode';
import type { PairStore } from '../pair-store';
import type { StatusRefresher } from '../status-refresher';
import { MessageItem } from './message-item';
import { PairItem, type UpgradeView } from './pair-item';
import { UnitItem, type UnitFacts } from './unit-item';

export type PairTreeNode = PairItem | UnitItem | MessageItem;

export class PairTreeProvider implements vscode.TreeDataProvider<PairTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<PairTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  upgradeView: (pairName: string) => UpgradeView | undefined = () => undefined;

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
        return new PairItem(p, view, this.upgradeView(p.name));
      });
    }
    if (!(element instanceof PairItem)) return [];
    const name = element.pair.name;
    const view = this.refresher.view(name);
    const upgrade = this.upgradeView(name);
    const children: PairTreeNode[] = [];
    if (view.error && !upgrade) children.push(new MessageItem(name, view.error.message, 'error', view.error.action, view.error.label));
    const units: UnitFacts[] = view.status ? view.status.units.map((u) => ({ ...u })) : [];
    if (upgrade) {
      for (const live of upgrade.units.values()) {
        const i = units.findIndex((u) => u.role === live.role);
        if (i >= 0) units[i] = { ...units[i], ...live };
        else units.push({ ...live });
      }
      units.sort((a, b) => a.role.localeCompare(b.role));
    }
    for (const u of units) children.push(new UnitItem(name, u, Boolean(upgrade)));
    if (!units.length && !view.error) children.push(new MessageItem(name, view.loading ? 'Reading the pair…' : 'Not read yet', view.loading ? 'loading' : 'info', view.loading ? undefined : { title: 'Refresh', command: 'asaUpgrade.refresh', arguments: [name] }));
    return children;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
