// Issue 11 in the editor: "Upgrade Pair..." reads the pair first and refuses a pair that is not ready before any
// image picker, in a modal with every reason (one a line, with its fix, no backticks); the image pickers offer
// the images that pass first, newest first (never the running one), and list the others under a separator as
// disabled entries with their reason, refused if picked; the skip choice is offered where it may be, worded as
// a risk. Answers go through the test API's prompter, as every suite's do.

import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { UpgradeOutcome } from '../../../src/core/model';
import type { Question } from '../../../src/ui/prompter';
import { copiesReceived, extensionApi, pairNode, unit, waitFor } from './support';

const NOT_OFFERED = 'Not offered for this pair';

function entriesAfter(q: Question, separator: string): NonNullable<Question['entries']> {
  const entries = q.entries ?? [];
  const at = entries.findIndex((e) => e.separator && e.label === separator);
  return at < 0 ? [] : entries.slice(at + 1).filter((e) => !e.separator);
}

describe('Compatibility in the editor', function () {
  this.timeout(240_000);

  it('refuses a pair that is not ready before any picker, every reason on its own line with its fix', async () => {
    const api = await extensionApi();
    const name = await api.openLab({ password: `K-${randomBytes(6).toString('hex')}` });
    await vscode.commands.executeCommand('asaUpgrade.refresh', name);
    await waitFor('the fresh lab read', async () => /9\.18/.test(unit(pairNode(await api.treeSnapshot(), name), 'Primary')?.description ?? '') || undefined, 60_000);
    // An upgrade the lab stops at the switch-over leaves the pair mixed: secondary on 9.20(2), primary on 9.18(4)22.
    await api.labFault(name, { kind: 'refuse-failover' });
    api.answerQuestions((q) => (q.kind === 'confirm-upgrade' ? 'Upgrade' : undefined));
    const images = api.labImageUrls(name)!;
    const stopped = await vscode.commands.executeCommand<UpgradeOutcome | undefined>('asaUpgrade.upgradePair', name, { asa: images.asa, asdm: images.asdm, mode: 'upgrade' });
    assert.ok(stopped && stopped.outcome !== 'upgraded', `the upgrade was not stopped at the switch-over: ${JSON.stringify(stopped)}`);
    await api.labFault(name, undefined);

    const history = api.labHistory(name)!;
    const copies = copiesReceived(history);
    const asked = api.questions().length;
    const result = await vscode.commands.executeCommand('asaUpgrade.upgradePair', name);
    assert.equal(result, undefined);
    const questions = api.questions().slice(asked);
    assert.ok(questions.length > 0, 'nothing was shown');
    assert.equal(questions[0].kind, 'not-ready', `the first thing shown is not the refusal: ${JSON.stringify(questions.map((q) => q.kind))}`);
    assert.ok(!questions.some((q) => q.kind === 'image-pick'), 'an image picker opened for a pair that is not ready');
    const refusal = questions[0];
    assert.match(refusal.message, /is not ready to upgrade: nothing was changed/);
    const lines = (refusal.detail ?? '').split('\n');
    assert.ok(lines.every((l) => l.startsWith('• ')), `not one reason a line: ${refusal.detail}`);
    assert.ok(lines.some((l) => /different versions \(primary 9\.18\(4\)22, secondary 9\.20\(2\)\)\. Finish or roll back that upgrade first/.test(l)), refusal.detail);
    assert.ok(!(refusal.detail ?? '').includes('`'), `raw backticks in the modal: ${refusal.detail}`);
    assert.equal(copiesReceived(history), copies, 'a copy reached the lab');
  });

  it('lists incompatible images as disabled entries with their reason, refuses them if picked, and offers the newest compatible first', async () => {
    const api = await extensionApi();
    const name = await api.openLab({ password: `L-${randomBytes(6).toString('hex')}` });
    await vscode.commands.executeCommand('asaUpgrade.refresh', name);
    await waitFor('the fresh lab read', async () => /9\.18/.test(unit(pairNode(await api.treeSnapshot(), name), 'Primary')?.description ?? '') || undefined, 60_000);
    const history = api.labHistory(name)!;
    const copies = copiesReceived(history);
    const picks: Question[] = [];
    let step = 0;
    api.answerQuestions((q) => {
      if (q.kind === 'image-pick') picks.push(q);
      step++;
      const firstOffered = (q.entries ?? []).find((e) => !e.separator);
      const disabled = (label: RegExp): string | undefined => entriesAfter(q, NOT_OFFERED).find((e) => label.test(e.label))?.label;
      switch (step) {
        case 1: // the ASA pick: the running image, which is not offered
          return disabled(/asa9-18-4-22-smp-k8\.bin/);
        case 2: // its refusal: dismissed
          return undefined;
        case 3: // the ASA pick again: the first entry
          return firstOffered?.label;
        case 4: // the ASDM pick: keeping ASDM 7.18, too old for 9.20
          return disabled(/Keep the current ASDM image/);
        default: // its refusal, then the ASDM pick again: dismissed and closed
          return undefined;
      }
    });
    const asked = api.questions().length;
    const result = await vscode.commands.executeCommand('asaUpgrade.upgradePair', name);
    assert.equal(result, undefined);
    const questions = api.questions().slice(asked);
    assert.deepEqual(
      questions.map((q) => q.kind),
      ['image-pick', 'compatibility', 'image-pick', 'image-pick', 'compatibility', 'image-pick'],
    );

    // The ASA pick: the newest compatible image first, the running one disabled with its reason.
    const asa = questions[0];
    const first = (asa.entries ?? []).find((e) => !e.separator)!;
    assert.match(first.label, /asa9-20-2-smp-k8\.bin$/, `the first suggestion is not the newest compatible image: ${JSON.stringify(asa.entries)}`);
    const running = entriesAfter(asa, NOT_OFFERED).find((e) => /asa9-18-4-22-smp-k8\.bin/.test(e.label));
    assert.ok(running, `the running image is not listed as disabled: ${JSON.stringify(asa.entries)}`);
    assert.match(running.label, /^\$\(circle-slash\) /);
    assert.match(running.description ?? '', /same as running 9\.18\(4\)22/);

    // Picked anyway: refused with the reason; a downgrade or the same version is never skippable.
    const sameVersion = questions[1];
    assert.match(sameVersion.message, /asa9-18-4-22-smp-k8\.bin is not compatible with/);
    assert.match(sameVersion.detail ?? '', /^• Upgrade direction: The pair already runs 9\.18\(4\)22\. Nothing to upgrade/m);
    assert.deepEqual(sameVersion.buttons, ['Choose another image']);

    // The ASDM pick: keeping ASDM 7.18 is disabled (ASA 9.20 needs 7.20); asdm-7201 is offered first.
    const asdm = questions[3];
    assert.match((asdm.entries ?? []).find((e) => !e.separator)!.label, /asdm-7201\.bin$/);
    const keep = entriesAfter(asdm, NOT_OFFERED).find((e) => /Keep the current ASDM image/.test(e.label));
    assert.ok(keep, `keeping the old ASDM is not disabled: ${JSON.stringify(asdm.entries)}`);
    assert.match(keep.description ?? '', /older than ASDM 7\.20, the minimum for ASA 9\.20\(2\)/);

    // Picked anyway: refused naming the minimum, with the skip choice worded as a risk.
    const oldAsdm = questions[4];
    assert.match(oldAsdm.detail ?? '', /Keeping the current ASDM: ASDM 7\.18\(1\)152 is older than ASDM 7\.20, the minimum for ASA 9\.20\(2\)\. Choose an ASDM 7\.20 or later image/);
    assert.match(oldAsdm.detail ?? '', /Skipping the compatibility check is a risk: a unit may refuse to boot the image/);
    assert.deepEqual(oldAsdm.buttons, ['Skip the compatibility check (at my risk)', 'Choose another image']);

    assert.equal(copiesReceived(history), copies, 'a copy reached the lab');
    assert.equal(picks.length, 4);
  });
});
