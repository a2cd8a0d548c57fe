import * as vscode from 'vscode';
import { pairNameOf } from '../pickers/pair-pick';
import type { Services } from '../services';

export async function showProgress(s: Services, target?: unknown): Promise<void> {
  let name = pairNameOf(target);
  if (!name) {
    const known = s.controller.knownProgress();
    const running = s.controller.runningPairs();
    const choices = running.length ? running : known;
    if (choices.length === 0) {
      void vscode.window.showInformationMessage('No upgrade has run in this window yet.');
      return;
    }
    name = choices.length === 1 ? choices[0] : await vscode.window.showQuickPick(choices, { title: 'Show the progress of which upgrade?' });
    if (!name) return;
  }
  if (s.fleet.isRunning(name) && s.fleet.showPanel()) return;
  if (!s.controller.showProgress(name)) void vscode.window.showInformationMessage(`No upgrade of ${name} has run in this window.`);
}
