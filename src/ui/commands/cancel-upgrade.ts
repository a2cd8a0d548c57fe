import * as vscode from 'vscode';
import { pairNameOf } from '../pickers/pair-pick';
import type { Services } from '../services';

export async function cancelUpgrade(s: Services, target?: unknown): Promise<void> {
  let name = pairNameOf(target);
  if (!name) {
    const running = s.controller.runningPairs();
    if (running.length === 0) {
      void vscode.window.showInformationMessage('No upgrade is running.');
      return;
    }
    name = running.length === 1 ? running[0] : await vscode.window.showQuickPick(running, { title: 'Cancel which upgrade?' });
    if (!name) return;
  }
  // A pair of an "Upgrade Pairs..." run stops with its run (no new pair starts; running ones at a safe point).
  if (s.fleet.isRunning(name)) await s.fleet.confirmStop();
  else await s.controller.confirmCancel(name);
}
