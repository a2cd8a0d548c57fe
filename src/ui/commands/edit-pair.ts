import * as vscode from 'vscode';
import { loadEngine } from '../engine-loader';
import { savePair } from '../pairs-config';
import { pairForm } from '../pickers/pair-form';
import { resolvePair } from '../pickers/pair-pick';
import type { Services } from '../services';

export async function editPair(s: Services, target?: unknown): Promise<void> {
  const pair = await resolvePair(s.pairs, target, { title: 'Edit which pair?', filter: (p) => !p.lab });
  if (!pair) return;
  if (pair.lab) {
    void vscode.window.showInformationMessage('The lab pair is not configurable; remove it and open the lab again for a fresh one.');
    return;
  }
  if (s.controller.isRunning(pair.name)) {
    void vscode.window.showErrorMessage(`${pair.name} is being upgraded; edit it when the upgrade has finished.`);
    return;
  }
  const what = await vscode.window.showQuickPick(
    [
      { label: '$(edit) Edit settings', detail: 'Name, addresses, user, authentication, algorithms', action: 'edit' as const },
      { label: '$(shield) Forget trusted host keys', detail: 'After a unit was replaced or re-keyed: the next connection shows the new fingerprint to trust', action: 'keys' as const },
      { label: '$(json) Open settings (JSON)', detail: 'asaUpgrade.pairs', action: 'json' as const },
    ],
    { title: `Edit ${pair.name}` },
  );
  if (!what) return;
  if (what.action === 'json') {
    await vscode.commands.executeCommand('workbench.action.openSettingsJson', { revealSetting: { key: 'asaUpgrade.pairs' } });
    return;
  }
  if (what.action === 'keys') {
    const engine = await loadEngine();
    for (const address of [pair.active, pair.standby].filter((a): a is string => Boolean(a))) {
      const ep = engine.parseEndpoint(address, pair.port ?? 22);
      await s.hostKeys.forget(ep.host, ep.port);
    }
    await s.pool.close(pair.name);
    s.log.info(`Trusted host keys of ${pair.name} forgotten.`);
    void vscode.window.showInformationMessage(`The trusted host keys of ${pair.name} were forgotten. Refresh the pair to review and trust its key.`);
    return;
  }
  const updated = await pairForm(pair, s.pairs.all().map((p) => p.name), s.prompter.current);
  if (!updated) return;
  await savePair(updated, pair.name);
  if (updated.name !== pair.name) await s.credentials.forget(pair.name);
  await s.pool.close(pair.name);
  s.log.info(`Pair ${pair.name} updated.`);
  void s.refresher.refresh(updated.name, { interactive: true });
}
