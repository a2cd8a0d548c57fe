// What activate() returns: a small API the extension tests drive (never used by the UI itself).

import type { UpgradeOutcome } from '../core/model';
import type { Services } from './services';
import type { PairTreeNode } from './tree/pair-tree-provider';

export interface TreeSnapshotNode {
  label: string;
  description?: string;
  contextValue?: string;
  children: Array<{ label: string; description?: string }>;
}

export interface AsaUpgradeTestApi {
  openLab(): Promise<string>;
  pairNames(): string[];
  treeSnapshot(): Promise<TreeSnapshotNode[]>;
  labImageUrls(pairName: string): { asa: string; asdm: string } | undefined;
  lastOutcome(): UpgradeOutcome | undefined;
  whenUpgradeDone(): Promise<UpgradeOutcome>;
  webviewMessages(): unknown[];
}

function text(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return undefined;
  return (v as { label?: string }).label;
}

export function createTestApi(s: Services): AsaUpgradeTestApi {
  return {
    openLab: () => s.lab.open(),
    pairNames: () => s.pairs.all().map((p) => p.name),
    treeSnapshot: async () => {
      await s.refresher.settle();
      const roots = s.tree.getChildren() as PairTreeNode[];
      return roots.map((node) => ({
        label: text(node.label) ?? '',
        description: text(node.description),
        contextValue: node.contextValue,
        children: (s.tree.getChildren(node) as PairTreeNode[]).map((c) => ({ label: text(c.label) ?? '', description: text(c.description) })),
      }));
    },
    labImageUrls: (pairName) => s.lab.imageUrls(pairName),
    lastOutcome: () => s.controller.lastOutcome,
    whenUpgradeDone: () => s.controller.whenUpgradeDone(),
    webviewMessages: () => [...s.panels.posted],
  };
}
