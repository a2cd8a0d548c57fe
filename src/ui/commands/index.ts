// The one registration list: every command id of package.json next to the function that runs it.

import * as vscode from 'vscode';
import { describeError } from '../errors-text';
import { showRefusal } from '../prompter';
import type { Services } from '../services';
import { addPair } from './add-pair';
import { cancelUpgrade } from './cancel-upgrade';
import { editPair } from './edit-pair';
import { forgetCredentials } from './forget-credentials';
import { openLab } from './open-lab';
import { refresh } from './refresh';
import { removePair } from './remove-pair';
import { resumeUpgrade } from './resume-upgrade';
import { showLog } from './show-log';
import { showProgress } from './show-progress';
import { downloadImagesOnly, upgradePair } from './upgrade-pair';
import { upgradePairs } from './upgrade-pairs';

// Each handler checks its own arguments (a tree node, a pair name, automation options): VS Code passes whatever
// the caller gave, so the list itself cannot type them.
type Handler = (s: Services, ...args: any[]) => unknown;

export const COMMANDS: ReadonlyArray<readonly [string, Handler]> = [
  ['asaUpgrade.addPair', addPair],
  ['asaUpgrade.editPair', editPair],
  ['asaUpgrade.removePair', removePair],
  ['asaUpgrade.refresh', refresh],
  ['asaUpgrade.upgradePair', upgradePair],
  ['asaUpgrade.downloadImagesOnly', downloadImagesOnly],
  ['asaUpgrade.upgradePairs', upgradePairs],
  ['asaUpgrade.showProgress', showProgress],
  ['asaUpgrade.cancelUpgrade', cancelUpgrade],
  ['asaUpgrade.showLog', showLog],
  ['asaUpgrade.forgetCredentials', forgetCredentials],
  ['asaUpgrade.openLab', openLab],
  ['asaUpgrade.resumeUpgrade', resumeUpgrade],
];

/** What the user clicked, for the failure modal's title (package.json's titles). */
const COMMAND_TITLES: Record<string, string> = {
  'asaUpgrade.addPair': 'Add Pair',
  'asaUpgrade.editPair': 'Edit Pair',
  'asaUpgrade.removePair': 'Remove Pair',
  'asaUpgrade.refresh': 'Refresh',
  'asaUpgrade.upgradePair': 'Upgrade Pair',
  'asaUpgrade.downloadImagesOnly': 'Download Images Only',
  'asaUpgrade.openLab': 'Open Lab',
  'asaUpgrade.resumeUpgrade': 'Resume Upgrade',
};

export function registerCommands(s: Services): vscode.Disposable[] {
  return COMMANDS.map(([id, handler]) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler(s, ...args);
      } catch (e) {
        const message = s.redactor.redact(describeError(e));
        s.log.error(`${id} failed: ${message}`);
        // A modal, one reason a line: a notification would cut a long message off.
        void showRefusal(s.prompter.current, `${COMMAND_TITLES[id] ?? id} failed.`, message);
        return undefined;
      }
    }),
  );
}
