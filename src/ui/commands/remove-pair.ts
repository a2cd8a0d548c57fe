import * as vscode from 'vscode';
import { deletePair } from '../pairs-config';
import { resolvePair } from '../pickers/pair-pick';
import type { Services } from '../services';

export async function removePair(s: Services, target?: unknown): Promise<void> {
  const pair = await resolvePair(s.pairs, target, { title: 'Remove which pair?' });
  if (!pair) return;
  if (s.controller.isRunning(pair.name)) {
    void vscode.window.showErrorMessage(`${pair.name} is being upgraded; cancel the upgrade or wait for it before removing the pair.`);
    return;
  }
  const remove = pair.lab ? 'Stop Lab' : 'Remove';
  const answer = await s.prompter.current.modal(
    'confirm-remove',
    pair.lab ? 'Stop the lab and remove the lab pair?' : `Remove pair ${pair.name}?`,
    pair.lab ? 'The simulated pair and its image server stop.' : 'Its settings and remembered credentials are removed; nothing on the firewalls changes.',
    [remove],
    pair.lab ? 'Keep the lab' : 'Keep the pair',
  );
  if (answer !== remove) return;
  await s.pool.close(pair.name);
  if (pair.lab) {
    await s.lab.stop();
    return;
  }
  await deletePair(pair.name);
  await s.credentials.forget(pair.name);
  s.log.info(`Pair ${pair.name} removed.`);
}
