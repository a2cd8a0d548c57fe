import * as vscode from 'vscode';
import { savePair } from '../pairs-config';
import { pairForm } from '../pickers/pair-form';
import type { Services } from '../services';

export async function addPair(s: Services): Promise<string | undefined> {
  const pair = await pairForm(undefined, s.pairs.all().map((p) => p.name), s.prompter.current);
  if (!pair) return undefined;
  await savePair(pair);
  s.log.info(`Pair ${pair.name} added (${pair.active}${pair.standby ? `, standby ${pair.standby}` : ''}).`);
  void vscode.window.showInformationMessage(`Pair ${pair.name} added. Its credentials are asked when it is first read.`);
  void s.refresher.refresh(pair.name, { interactive: true });
  return pair.name;
}
