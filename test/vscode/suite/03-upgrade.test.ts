// A whole upgrade of the lab pair through the command: ends with the primary active on the new version.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { UpgradeOutcome } from '../../../src/core/model';
import { confirmUpgrades, extensionApi, openLab, outputChannelText, pairNode, unit, waitFor } from './support';

const NEW_VERSION = '9.20(2)';

describe('Upgrade Pair on the lab', function () {
  // Two reloads and two failovers of the simulated units (asaUpgrade.lab.reloadSeconds keeps them short).
  this.timeout(300_000);

  it(`upgrades both units and ends with the primary active on ${NEW_VERSION}`, async () => {
    const api = await extensionApi();
    const name = await openLab();
    confirmUpgrades(api);
    const images = api.labImageUrls(name);
    assert.ok(images, `the lab pair "${name}" has no image URLs`);

    const result = await vscode.commands.executeCommand<UpgradeOutcome | undefined>('asaUpgrade.upgradePair', name, {
      asa: images.asa,
      asdm: images.asdm,
      mode: 'upgrade',
    });
    const outcome = result ?? (await api.whenUpgradeDone());
    assert.equal(outcome.outcome, 'upgraded', `the upgrade ended ${outcome.outcome}: ${outcome.message}`);
    const primaryAfter = outcome.pair?.units.find((u) => u.role === 'primary');
    assert.ok(primaryAfter?.isActive, `the primary is not active at the end: ${JSON.stringify(outcome.pair)}`);
    assert.equal(primaryAfter?.version, NEW_VERSION);
    assert.equal(outcome.pair?.mixedVersions, false);

    let last: unknown;
    const node = await waitFor(
      `the tree to show both units on ${NEW_VERSION}`,
      async () => {
        await vscode.commands.executeCommand('asaUpgrade.refresh', name);
        const tree = await api.treeSnapshot();
        last = tree;
        const n = pairNode(tree, name);
        const p = unit(n, 'Primary')?.description ?? '';
        const s = unit(n, 'Secondary')?.description ?? '';
        return p.includes(NEW_VERSION) && s.includes(NEW_VERSION) ? n : undefined;
      },
      60_000,
      () => last,
    );
    assert.match(unit(node, 'Primary')?.description ?? '', /\bActive\b/i);
    assert.match(unit(node, 'Secondary')?.description ?? '', /Standby Ready/i);

    const log = outputChannelText();
    assert.match(log, /copy \/noconfirm/, 'the output channel shows the copy commands');
    assert.ok(api.webviewMessages().length > 0, 'the progress webview received no updates');
  });
});
