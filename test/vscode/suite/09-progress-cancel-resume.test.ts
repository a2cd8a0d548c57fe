// Issue 12 "Live copy progress", "Cancel and resume", "reloading (planned)" and the panel's log: an upgrade of a
// fresh lab pair is watched from the tree and the panel, cancelled while the secondary reloads, shown as
// interrupted with Resume on the pair, and resumed from the panel's Resume button to the end.

import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { UpgradeOutcome } from '../../../src/core/model';
import type { AsaUpgradeTestApi } from '../../../src/ui/test-api';
import { extensionApi, pairNode, sleep, unit, waitFor } from './support';

describe('Progress, cancel and resume', function () {
  this.timeout(420_000);
  let api: AsaUpgradeTestApi;
  let name: string;
  const seen = new Set<string>();
  let watching = true;

  async function watchTree(): Promise<void> {
    while (watching) {
      const n = pairNode(await api.treeSnapshot(), name);
      for (const role of ['Primary', 'Secondary'] as const) {
        const d = unit(n, role)?.description;
        if (d) seen.add(`${role}: ${d}`);
      }
      await sleep(200);
    }
  }

  before(async () => {
    api = await extensionApi();
    // A fresh lab (new credentials replace the running one): it starts on 9.18(4)22.
    name = await api.openLab({ password: `P-${randomBytes(6).toString('hex')}` });
    await vscode.commands.executeCommand('asaUpgrade.refresh', name);
    await waitFor('the fresh lab read', async () => /9\.18/.test(unit(pairNode(await api.treeSnapshot(), name), 'Primary')?.description ?? '') || undefined, 60_000);
  });

  after(() => {
    watching = false;
  });

  it('shows copy progress with rate and time left, the percent on the unit line, and "reloading (planned)"; Cancel shows cancelled', async () => {
    api.answerQuestions((q) => (q.kind === 'confirm-upgrade' ? 'Upgrade' : q.kind === 'confirm-cancel' ? 'Cancel Upgrade' : undefined));
    const images = api.labImageUrls(name)!;
    const watcher = watchTree();
    const running = vscode.commands.executeCommand<UpgradeOutcome | undefined>('asaUpgrade.upgradePair', name, { asa: images.asa, asdm: images.asdm, mode: 'upgrade' });
    const copy = await waitFor(
      'a copy with a rate in the panel',
      () => api.progressState(name)?.copies.find((c) => c.rate !== undefined && c.totalBytes !== undefined && c.bytes < c.totalBytes),
      120_000,
      () => api.progressState(name)?.copies,
    );
    assert.ok(copy.secondsLeft !== undefined, `no time left: ${JSON.stringify(copy)}`);
    // Progress moves while the copy runs (the defect: at most once a second, jumping from 0 to 100 %).
    const samples = new Set<number>();
    await waitFor(
      'three different byte counts of one copy before it ends',
      () => {
        const c = api.progressState(name)?.copies.find((x) => x.unit === copy.unit && x.file === copy.file);
        if (c && c.totalBytes && c.bytes > 0 && c.bytes < c.totalBytes) samples.add(c.bytes);
        return samples.size >= 3 || undefined;
      },
      60_000,
      () => [...samples],
    );
    await waitFor(
      'the secondary to reload as planned',
      () => [...seen].some((d) => /^Secondary: reloading \(planned\)/.test(d)) || undefined,
      120_000,
      () => [...seen],
    );
    await vscode.commands.executeCommand('asaUpgrade.cancelUpgrade', name);
    const outcome = (await running) ?? api.lastOutcome();
    watching = false;
    await watcher;
    assert.equal(outcome?.outcome, 'cancelled', `the upgrade ended ${outcome?.outcome}: ${outcome?.message}`);
    assert.ok([...seen].some((d) => / · copying \d+%/.test(d)), `no unit line showed the copy's percent: ${[...seen].join(' | ')}`);
    assert.ok(![...seen].some((d) => /Failed/i.test(d)), `a unit reloading as planned was shown failed: ${[...seen].join(' | ')}`);
    const state = api.progressState(name)!;
    assert.ok(state.phases.some((p) => p.status === 'cancelled'), `no phase shows cancelled: ${JSON.stringify(state.phases.map((p) => `${p.id}:${p.status}`))}`);
    assert.ok(!state.phases.some((p) => p.status === 'failed'), `a phase shows failed after a cancel: ${JSON.stringify(state.phases.map((p) => `${p.id}:${p.status}`))}`);
    assert.ok(state.log.some((l) => l.level === 'command' && / > ?|> /.test(l.text)), 'the panel log shows no command of the upgrade');
    assert.ok(!state.log.some((l) => /show failover state/.test(l.text) && l.level !== 'command'), 'polling reached the panel log');
    assert.ok(state.resumable, 'the panel does not offer Resume after a cancel');
  });

  it('the pair says "upgrade interrupted at PHASE" and offers Resume; the panel\'s Resume finishes the upgrade', async () => {
    const n = await waitFor('the pair line to say interrupted', async () => {
      const x = pairNode(await api.treeSnapshot(), name);
      return x && /^upgrade interrupted at /.test(x.description ?? '') ? x : undefined;
    }, 30_000);
    assert.equal(n.contextValue, 'pair.lab.interrupted', 'the pair has no Resume Upgrade in its menus');
    api.answerQuestions((q) => (q.kind === 'confirm-resume' ? 'Resume' : undefined));
    const before = api.lastOutcome();
    api.clickPanel(name, 'resume');
    const outcome = await waitFor('the resumed upgrade to finish', () => (api.lastOutcome() !== before ? api.lastOutcome() : undefined), 300_000);
    assert.equal(outcome.outcome, 'upgraded', `the resumed upgrade ended ${outcome.outcome}: ${outcome.message}`);
    const after = await waitFor('the pair no longer interrupted', async () => {
      const x = pairNode(await api.treeSnapshot(), name);
      return x && !/interrupted/.test(x.description ?? '') ? x : undefined;
    }, 30_000);
    assert.equal(after.contextValue, 'pair.lab');
  });
});
