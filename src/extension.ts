// Composition root: builds the services, wires the tree, commands, panels and lab. Returns the test API only in
// test mode (ExtensionMode.Test, or ASA_UPGRADE_TEST_API=1 set by the test runner for code-server, where the
// extension is installed from its .vsix); otherwise nothing, and nothing is kept for tests.
// No SSH code is imported here: the engine loads on first use (src/ui/engine-loader.ts).

import * as vscode from 'vscode';
import { registerCommands } from './ui/commands';
import { offerResume } from './ui/commands/resume-upgrade';
import { ConnectionPool } from './ui/connections';
import { CredentialStore } from './ui/credentials';
import { FleetPanel } from './ui/fleet-panel';
import { FleetRunner } from './ui/fleet-runner';
import { offerTrustChangedKey, unitAddress } from './ui/changed-host-key';
import { HostKeyStore } from './ui/host-keys';
import { EditorRedactor } from './ui/editor-redactor';
import { LabManager } from './ui/lab';
import { UiLog } from './ui/log';
import { PairStore } from './ui/pair-store';
import { PROGRESS_VIEW_TYPE, ProgressPanels } from './ui/progress-panel';
import { PrompterSlot } from './ui/prompter';
import type { Services } from './ui/services';
import { StatusRefresher } from './ui/status-refresher';
import { createTestApi, type AsaUpgradeTestApi } from './ui/test-api';
import { PairTreeProvider } from './ui/tree/pair-tree-provider';
import { UpgradeController } from './ui/upgrade-controller';

let services: Services | undefined;

/** Whether the test API may exist: a test host, or the code-server test runner's environment. */
export function isTestMode(context: vscode.ExtensionContext): boolean {
  return context.extensionMode === vscode.ExtensionMode.Test || process.env.ASA_UPGRADE_TEST_API === '1';
}

export function activate(context: vscode.ExtensionContext): AsaUpgradeTestApi | undefined {
  const redactor = new EditorRedactor();
  const log = new UiLog(redactor);
  const pairs = new PairStore();
  const prompter = new PrompterSlot();
  const credentials = new CredentialStore(context.secrets, redactor, prompter);
  const hostKeys = new HostKeyStore(context.globalState, prompter, log);
  const pool = new ConnectionPool(credentials, hostKeys, log, redactor);
  const refresher = new StatusRefresher(pairs, pool, log);
  const tree = new PairTreeProvider(pairs, refresher);
  const panels = new ProgressPanels(context.extensionUri);
  const controller = new UpgradeController(context.globalStorageUri.fsPath, pool, refresher, panels, log, redactor, prompter);
  const lab = new LabManager(pairs, credentials, hostKeys, redactor, log);
  lab.onStopped = (name) => controller.discardLabJobs(name);
  controller.onHostKeyChanged = (name, change) =>
    void offerTrustChangedKey(
      prompter.current,
      hostKeys,
      name,
      change,
      [pairs.get(name)?.active, pairs.get(name)?.standby].flatMap((a) => (a ? [unitAddress(a, pairs.get(name)?.port ?? 22)] : [])),
    ).then(async (answer) => {
      if (answer === 'trusted') await vscode.commands.executeCommand('asaUpgrade.resumeUpgrade', name);
      else if (answer === 'stale') void vscode.window.showWarningMessage(`${name}: the trusted key of the ${change.unit} is no longer the one the upgrade saw; nothing was changed. Resume the upgrade to see the key it presents now.`);
      else log.warn(`${name}: the new host key of the ${change.unit} was not trusted; the upgrade stays stopped (Resume Upgrade asks again).`);
    });
  const fleet = new FleetRunner({ context, redactor, log, pairs, credentials, hostKeys, pool, refresher, tree, panels, controller, lab, prompter });
  fleet.panel = new FleetPanel(context.extensionUri, { stop: () => void fleet.confirmStop() }, () => panels.posted);
  // Pairs of an "Upgrade Pairs..." run show their phase in the tree and are not polled, like single upgrades.
  tree.upgradeView = (name) => controller.upgradeView(name) ?? fleet.upgradeView(name);
  tree.interruptedAt = (name) => controller.interruptedAt(name);
  const controllerBusy = refresher.isBusy;
  refresher.isBusy = (name) => controllerBusy(name) || fleet.isRunning(name);
  const s: Services = { context, redactor, log, pairs, credentials, hostKeys, pool, refresher, tree, panels, controller, lab, prompter, fleet };
  services = s;

  // Several pairs may be selected: "Upgrade Pairs..." upgrades them in one run.
  const view = vscode.window.createTreeView('asaUpgrade.pairs', { treeDataProvider: tree, showCollapseAll: true, canSelectMany: true });
  context.subscriptions.push(
    log,
    pairs,
    refresher,
    tree,
    view,
    panels,
    controller,
    fleet,
    fleet.panel,
    lab,
    controller.onDidChange(() => tree.refreshView()),
    vscode.window.registerWebviewPanelSerializer(PROGRESS_VIEW_TYPE, panels),
    ...registerCommands(s),
  );
  void vscode.commands.executeCommand('setContext', 'asaUpgrade.labRunning', false);
  for (const problem of pairs.problems) log.warn(problem);
  offerResume(s);
  return isTestMode(context) ? createTestApi(s) : undefined;
}

export async function deactivate(): Promise<void> {
  const s = services;
  services = undefined;
  if (!s) return;
  await Promise.allSettled([s.lab.stop(), s.pool.closeAll()]);
}
