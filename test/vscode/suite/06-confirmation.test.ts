// Issue 9 item 7 and issue 12 "Cancel and resume": no command argument skips the confirmation (another
// extension calling asaUpgrade.upgradePair with `confirm: true` is still asked), and its buttons read "Upgrade"
// / "Don't upgrade". Answered "Don't upgrade", nothing reaches the pair.

import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { copiesReceived, extensionApi, pairNode, unit, waitFor } from './support';

describe('The upgrade confirmation', function () {
  this.timeout(120_000);

  it('is asked even when the command is called with confirm: true, with the buttons "Upgrade" and "Don\'t upgrade"', async () => {
    const api = await extensionApi();
    // A fresh lab (other credentials replace the running one) on 9.18(4)22, so an upgrade is possible.
    const name = await api.openLab({ password: `C-${randomBytes(6).toString('hex')}` });
    await vscode.commands.executeCommand('asaUpgrade.refresh', name);
    await waitFor('the lab pair read', async () => unit(pairNode(await api.treeSnapshot(), name), 'Primary'), 60_000);
    const images = api.labImageUrls(name)!;
    const history = api.labHistory(name)!;
    const copies = copiesReceived(history);
    const outcome = api.lastOutcome();
    api.answerQuestions((q) => (q.kind === 'confirm-upgrade' ? "Don't upgrade" : undefined));
    const asked = api.questions().length;

    const result = await vscode.commands.executeCommand('asaUpgrade.upgradePair', name, { asa: images.asa, asdm: images.asdm, mode: 'upgrade', confirm: true, yes: true, skipConfirmation: true });

    const questions = api.questions().slice(asked);
    const confirm = questions.find((q) => q.kind === 'confirm-upgrade');
    assert.ok(confirm, `no confirmation was asked: ${JSON.stringify(questions)}`);
    assert.deepEqual(confirm.buttons, ['Upgrade', "Don't upgrade"]);
    assert.ok(!confirm.buttons.some((b) => /cancel/i.test(b)), 'a button says Cancel');
    assert.match(confirm.message, /9\.20\(2\)/, 'the confirmation names the target version');
    assert.equal(result, undefined, 'an upgrade ran');
    assert.equal(api.lastOutcome(), outcome, 'an upgrade ran');
    assert.equal(copiesReceived(history), copies, 'a copy reached the lab');
  });

  it('a refusal opens in a modal, one reason a line, without Markdown backticks', async () => {
    const api = await extensionApi();
    const name = api.pairNames().find((n) => api.labEndpoints(n))!;
    api.answerQuestions(() => undefined);
    const asked = api.questions().length;
    // The image the pair already runs: the plan refuses (nothing to upgrade) before any confirmation.
    const running = 'disk0:/asa9-18-4-22-smp-k8.bin';
    const result = await vscode.commands.executeCommand('asaUpgrade.upgradePair', name, { asa: running, mode: 'upgrade' });
    assert.equal(result, undefined);
    // Since issue 11 the compatibility check refuses this first, in its own modal; either way one reason a line.
    const refusal = await waitFor('the refusal modal', () => api.questions().slice(asked).find((q) => q.kind === 'refusal' || q.kind === 'compatibility'), 30_000, () => api.questions().slice(asked));
    assert.ok(!api.questions().slice(asked).some((q) => q.kind === 'confirm-upgrade'), 'a refused plan was offered for confirmation');
    const lines = (refusal.detail ?? '').split('\n');
    assert.ok(lines.length >= 1 && lines.every((l) => l.startsWith('• ')), `not one reason a line: ${refusal.detail}`);
    assert.ok(!/`/.test(`${refusal.message}\n${refusal.detail}`), `raw backticks in the refusal: ${refusal.detail}`);
    assert.match(refusal.detail ?? '', /9\.18\(4\)22/, 'the reason names the running version');
  });
});
