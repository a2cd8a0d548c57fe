// Commands of the test-only runner extension that put the lab pair into the states the README screenshots
// show (sign in, unreachable, changed host key, ...), so the browser test can reach them from the command
// palette like any other command. They use the product's test API, which exists only in test mode.

import * as vscode from 'vscode';
import type { AsaUpgradeTestApi } from '../../../src/ui/test-api';

const PRODUCT = 'asa-tools.asa-failover-upgrade';
export const NOT_CONTACTED = 'Branch office';

async function api(): Promise<AsaUpgradeTestApi> {
  const extension = vscode.extensions.getExtension<AsaUpgradeTestApi>(PRODUCT);
  const value = await extension?.activate();
  if (!value) throw new Error(`${PRODUCT} returned no test API: ASA_UPGRADE_TEST_API=1 is not set`);
  return value;
}

async function lab(a: AsaUpgradeTestApi): Promise<string> {
  const name = a.pairNames().find((n) => a.labEndpoints(n));
  if (!name) throw new Error('Open the lab first');
  return name;
}

const SCENES: Record<string, (a: AsaUpgradeTestApi, name: string) => Promise<void>> = {
  'asaUpgradeTest.addNotContacted': async (a, name) => {
    const ep = a.labEndpoints(name)!;
    await vscode.workspace
      .getConfiguration('asaUpgrade')
      .update('pairs', [{ name: NOT_CONTACTED, active: ep.active, standby: ep.standby, username: ep.username }], vscode.ConfigurationTarget.Global);
  },
  'asaUpgradeTest.rejectPassword': async (a, name) => {
    await a.labFault(name, { kind: 'wrong-credentials' });
  },
  'asaUpgradeTest.unreachable': async (a, name) => {
    await a.labFault(name, { kind: 'unreachable' });
  },
  'asaUpgradeTest.changeHostKey': async (a, name) => {
    await a.labRotateHostKey(name);
  },
  'asaUpgradeTest.heal': async (a, name) => {
    await a.labFault(name, undefined);
    await vscode.workspace.getConfiguration('asaUpgrade').update('pairs', undefined, vscode.ConfigurationTarget.Global);
  },
};

export function registerScenes(): vscode.Disposable[] {
  return Object.entries(SCENES).map(([id, scene]) =>
    vscode.commands.registerCommand(id, async () => {
      const a = await api();
      const name = await lab(a);
      await scene(a, name);
      // Background reads never prompt: the tree shows what a timer refresh would.
      await vscode.commands.executeCommand('asaUpgrade.pairs.focus');
    }),
  );
}
