import * as vscode from 'vscode';
import { resolvePair } from '../pickers/pair-pick';
import type { Services } from '../services';

export async function forgetCredentials(s: Services, target?: unknown): Promise<void> {
  const pair = await resolvePair(s.pairs, target, { title: 'Forget the credentials of which pair?', filter: (p) => !p.lab });
  if (!pair) return;
  await s.credentials.forget(pair.name);
  await s.pool.close(pair.name);
  s.log.info(`Credentials of ${pair.name} forgotten.`);
  void vscode.window.showInformationMessage(`The credentials of ${pair.name} were forgotten; they are asked again at the next connection.`);
}
