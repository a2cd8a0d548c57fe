// "Upgrade Pairs..." on two lab pairs: both selected in the tree, the questions answered as a user would (the
// image pick, how many at a time, how many canaries, through the test prompter), the fleet plan shown in the modal
// and confirmed there, then both upgraded on the fleet engine, ending with each primary Active on the new
// version; the fleet panel's table followed the pairs phase by phase.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FleetTableState } from '../../../src/ui/fleet-state';
import { answer, extensionApi, openLab, pairNode, unit, waitFor } from './support';

const NEW_VERSION = '9.20(2)';

/** Sets asaUpgrade.lab.pairs (user settings); returns how to put the previous value back. */
async function setLabPairs(count: number): Promise<() => Promise<void>> {
  const config = vscode.workspace.getConfiguration('asaUpgrade');
  const previous = config.inspect<number>('lab.pairs')?.globalValue;
  await config.update('lab.pairs', count, vscode.ConfigurationTarget.Global);
  return async () => {
    await vscode.workspace.getConfiguration('asaUpgrade').update('lab.pairs', previous, vscode.ConfigurationTarget.Global);
  };
}

interface FleetMessage {
  type: string;
  state: FleetTableState;
}

describe('Upgrade Pairs on two lab pairs', function () {
  // Two pairs, each two reloads and two failovers of the simulated units (asaUpgrade.lab.reloadSeconds keeps them short).
  this.timeout(600_000);

  it(`selects two lab pairs, shows the fleet plan, and upgrades both to ${NEW_VERSION} with each primary Active`, async () => {
    const api = await extensionApi();
    // A fresh lab of two pairs: an earlier suite may have upgraded the first lab pair already.
    answer(api, { 'confirm-remove': 'Stop Lab' });
    if (api.pairNames().includes('Lab pair')) await vscode.commands.executeCommand('asaUpgrade.removePair', 'Lab pair');
    const restore = await setLabPairs(2);
    try {
      const first = await openLab();
      const labs = api.pairNames().filter((n) => n.startsWith('Lab pair'));
      assert.deepEqual(labs, ['Lab pair', 'Lab pair 2'], `Open Lab with asaUpgrade.lab.pairs = 2 started: ${labs.join(', ')}`);
      const images = api.labImageUrls(first);
      assert.ok(images, 'the lab has no image URLs');
      api.startCapture();
      const file = (url: string): string => decodeURIComponent(new URL(url).pathname.split('/').pop() ?? url);
      api.answerQuestions((q) => {
        if (q.kind === 'image-pick' && /ASA image/.test(q.message)) return q.buttons.find((b) => b.includes(file(images.asa)));
        if (q.kind === 'image-pick' && /ASDM image/.test(q.message)) return q.buttons.find((b) => b.includes(file(images.asdm)));
        if (q.kind === 'input' && /at the same time/.test(q.message)) return '2';
        if (q.kind === 'input' && /upgraded first/.test(q.message)) return '1';
        if (q.kind === 'confirm-upgrade') return 'Upgrade';
        return undefined;
      });

      // As the tree's context menu calls it on a selection of two pairs: (clicked node, selected nodes).
      const result = await vscode.commands.executeCommand<{ ends: Record<string, string>; stoppedBecause?: string } | undefined>('asaUpgrade.upgradePairs', labs[0], labs);

      // One ASA image question for both (both lab pairs are ASAv: one platform family), then ASDM, then the counts.
      const asked = api.questions();
      const asaPicks = asked.filter((q) => q.kind === 'image-pick' && /Upgrade 2 pairs: ASA image/.test(q.message));
      assert.equal(asaPicks.length, 1, `ASA image questions: ${asaPicks.map((q) => q.message).join(' | ')}`);
      assert.match(asaPicks[0].message, /ASAv \(Lab pair, Lab pair 2\)/);

      // The last confirmation asked (earlier suites asked theirs in the same window).
      const plan = api.questions().filter((q) => q.kind === 'confirm-upgrade').pop();
      assert.ok(plan, `the fleet plan was not shown in a modal; questions: ${JSON.stringify(api.questions())}`);
      assert.match(plan.message, /Upgrade 2 of 2 pairs/);
      assert.deepEqual(plan.buttons, ['Upgrade', "Don't upgrade"]);
      for (const name of labs) assert.match(plan.detail ?? '', new RegExp(`${name}: ASA \\S+ → ${NEW_VERSION.replace(/[()]/g, '\\$&')}`), `the plan names ${name} with its versions:\n${plan.detail}`);
      assert.match(plan.detail ?? '', /1 canary pair first and alone, then 2 at a time/);
      assert.doesNotMatch(plan.detail ?? '', /`/, 'the modal shows no raw backticks');

      assert.ok(result, 'Upgrade Pairs returned nothing (see the "ASA Upgrade" output channel)');
      assert.equal(result.stoppedBecause, undefined, `the fleet stopped: ${result.stoppedBecause}`);
      assert.deepEqual(result.ends, { 'Lab pair': 'upgraded', 'Lab pair 2': 'upgraded' });

      let last: unknown;
      await waitFor(
        `the tree to show both lab pairs with the primary Active on ${NEW_VERSION}`,
        async () => {
          const tree = await api.treeSnapshot();
          last = tree;
          return labs.every((name) => {
            const n = pairNode(tree, name);
            const p = unit(n, 'Primary')?.description ?? '';
            const s = unit(n, 'Secondary')?.description ?? '';
            return p.includes(NEW_VERSION) && /\bActive\b/i.test(p) && s.includes(NEW_VERSION) && /Standby Ready/i.test(s);
          });
        },
        60_000,
        () => last,
      );

      // The panel's table, live: a row running a phase while the other waited (the canary alone), then both done.
      const posted = api.webviewMessages().filter((m): m is FleetMessage => (m as FleetMessage)?.type === 'fleet');
      assert.ok(posted.length > 2, 'the fleet panel received no live updates');
      assert.ok(
        posted.some((m) => m.state.rows.some((r) => r.name === 'Lab pair' && r.status === 'running' && r.role === 'canary') && m.state.rows.some((r) => r.name === 'Lab pair 2' && r.status === 'waiting')),
        'the table never showed the canary running alone',
      );
      const table = api.fleetState();
      assert.ok(table && !table.running);
      for (const row of table.rows) {
        assert.equal(row.status, 'upgraded', `${row.name}: ${row.message}`);
        assert.equal(row.to, NEW_VERSION);
        assert.equal(row.phases['reload-primary'], 'done');
        assert.equal(row.phases['failover-to-primary'], 'done');
      }
      for (const name of labs) {
        const history = api.labHistory(name);
        // The lab's own record: both units of each pair were reloaded (the secondary first, then the primary).
        const reloaded = (history?.events ?? []).filter((e) => e.kind === 'reload-start').map((e) => (e as { unit?: string }).unit);
        assert.deepEqual([...new Set(reloaded)], ['secondary', 'primary'], `${name}: units reloaded: ${reloaded.join(', ')}`);
      }
    } finally {
      await restore();
      // The suites after this one start from a fresh lab of one pair.
      answer(api, { 'confirm-remove': 'Stop Lab' });
      if (api.pairNames().includes('Lab pair')) await vscode.commands.executeCommand('asaUpgrade.removePair', 'Lab pair');
    }
  });
});
