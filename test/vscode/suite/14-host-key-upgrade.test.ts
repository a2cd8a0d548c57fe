// Issue 10: the upgrade itself changes a unit's host key (9.19 moves SSH to CiscoSSH; lab fault host-key-changes
// on the secondary's reload). The editor stops, asks "Trust the new key of the secondary (upgraded to 9.20)?"
// naming both fingerprints and why; "Trust" records that key and the resume it offers finishes the upgrade.

import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { UpgradeOutcome } from '../../../src/core/model';
import type { AsaUpgradeTestApi } from '../../../src/ui/test-api';
import { extensionApi, pairNode, unit, waitFor } from './support';

describe('A host key changed by the upgrade', function () {
  this.timeout(300_000);
  let api: AsaUpgradeTestApi;
  let name: string;

  before(async () => {
    api = await extensionApi();
    // A fresh lab on 9.18(4)22: the upgrade to 9.20(2) crosses 9.19(1), a release that changes host keys.
    name = await api.openLab({ password: `P-${randomBytes(6).toString('hex')}` });
    await vscode.commands.executeCommand('asaUpgrade.refresh', name);
    await waitFor('the fresh lab read', async () => /9\.18/.test(unit(pairNode(await api.treeSnapshot(), name), 'Primary')?.description ?? '') || undefined, 60_000);
  });

  it('stops, asks to trust the new key naming both fingerprints and why, and after "Trust" resumes to the end', async () => {
    api.answerQuestions((q) => (q.kind === 'confirm-upgrade' ? 'Upgrade' : q.kind === 'confirm-resume' ? 'Resume' : q.kind === 'host-key' && q.message.startsWith('Trust the new key') ? 'Trust' : undefined));
    await api.labFault(name, { kind: 'host-key-changes', unit: 'secondary' });
    const images = api.labImageUrls(name)!;
    const first = await vscode.commands.executeCommand<UpgradeOutcome | undefined>('asaUpgrade.upgradePair', name, { asa: images.asa, asdm: images.asdm, mode: 'upgrade' });
    assert.equal(first?.outcome, 'failed', `the upgrade ended ${first?.outcome}: ${first?.message}`);
    const change = first?.hostKeyChange;
    assert.ok(change, `the stop carries no hostKeyChange: ${first?.message}`);
    assert.equal(change.unit, 'secondary');
    const asked = await waitFor('the question to trust the new key', () => api.questions().find((q) => q.kind === 'host-key' && q.message.startsWith('Trust the new key')), 30_000, () => api.questions());
    assert.equal(asked.message, 'Trust the new key of the secondary (upgraded to 9.20)?');
    assert.ok(asked.detail?.includes(change.knownFingerprint) && asked.detail.includes(change.presentedFingerprint), `both fingerprints: ${asked.detail}`);
    assert.match(asked.detail ?? '', /Why: .*CiscoSSH/);
    // "Trust" offers the resume, which was answered "Resume": the upgrade goes on to the end over the new key.
    const resumed = await waitFor('the resumed upgrade to finish', () => {
      const o = api.lastOutcome();
      return o && o !== first && o.outcome !== 'failed' ? o : undefined;
    }, 240_000, () => api.lastOutcome());
    assert.equal(resumed.outcome, 'upgraded', resumed.message);
    assert.ok(api.questions().some((q) => q.kind === 'confirm-resume'), 'the resume was offered');
    assert.equal(api.questions().filter((q) => q.message.startsWith('Trust the new key')).length, 1, 'asked once: the pair\'s other address took the same new key');
  });
});
