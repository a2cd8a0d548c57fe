// Resolves the pair a command acts on: a tree node, a pair name (automation), or a quick pick.

import * as vscode from 'vscode';
import type { PairConfig } from '../pairs-config';
import type { PairStore } from '../pair-store';

export function pairNameOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object') {
    const o = arg as { pair?: { name?: unknown }; pairName?: unknown };
    if (o.pair && typeof o.pair.name === 'string') return o.pair.name;
    if (typeof o.pairName === 'string') return o.pairName;
  }
  return undefined;
}

export async function resolvePair(
  pairs: PairStore,
  arg: unknown,
  options: { title: string; filter?: (p: PairConfig) => boolean; noneMessage?: string },
): Promise<PairConfig | undefined> {
  const named = pairNameOf(arg);
  if (named !== undefined) {
    const pair = pairs.get(named);
    if (!pair) void vscode.window.showErrorMessage(`There is no pair named "${named}". Add it with "ASA Upgrade: Add Pair".`);
    return pair;
  }
  const candidates = pairs.all().filter(options.filter ?? (() => true));
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(
      pairs.all().length === 0 ? 'No pair to choose from. Add one with "ASA Upgrade: Add Pair" or open the lab.' : (options.noneMessage ?? 'No pair fits this command right now.'),
    );
    return undefined;
  }
  if (candidates.length === 1) return candidates[0];
  const picked = await vscode.window.showQuickPick(
    candidates.map((p) => ({ label: p.name, description: p.lab ? 'lab' : p.active, pair: p })),
    { title: options.title, placeHolder: 'Choose a failover pair' },
  );
  return picked?.pair;
}
