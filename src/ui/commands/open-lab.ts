import * as vscode from 'vscode';
import { describeError } from '../errors-text';
import { showRefusal } from '../prompter';
import type { Services } from '../services';

export async function openLab(s: Services): Promise<string | undefined> {
  try {
    const name = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Starting the lab pair…' }, () => s.lab.open());
    await vscode.commands.executeCommand('asaUpgrade.pairs.focus');
    void s.refresher.refresh(name, { interactive: false });
    void vscode.window.showInformationMessage(`${name} is running in this window: a simulated ASA failover pair to rehearse an upgrade on. Right-click it and choose "Upgrade Pair...".`);
    return name;
  } catch (e) {
    const message = s.redactor.redact(describeError(e));
    s.log.error(`The lab could not start: ${message}`);
    void showRefusal(s.prompter.current, 'The lab could not start.', message);
    return undefined;
  }
}
