// Issue 12: the tree never shows a state the device did not report, says when a state is old, and puts first
// contact in the right order. Against the lab, with its faults for an unreachable pair, a changed host key and a
// refused command; and a second, configured pair that points at the lab as a real pair would.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AsaUpgradeTestApi, TreeSnapshotNode } from '../../../src/ui/test-api';
import { extensionApi, openLab, pairNode, setRefreshInterval, unit, waitFor } from './support';

const OFFICE = 'Office pair';

async function node(api: AsaUpgradeTestApi, name: string, what: string, test: (n: TreeSnapshotNode) => boolean, timeoutMs = 30_000): Promise<TreeSnapshotNode> {
  let last: unknown;
  return waitFor(
    what,
    async () => {
      const tree = await api.treeSnapshot();
      const n = pairNode(tree, name);
      last = n;
      return n && test(n) ? n : undefined;
    },
    timeoutMs,
    () => last,
  );
}

describe('What the tree shows', function () {
  this.timeout(180_000);
  let api: AsaUpgradeTestApi;
  let name: string;

  before(async () => {
    api = await extensionApi();
    name = await openLab();
    await node(api, name, 'the lab pair read', (n) => Boolean(unit(n, 'Primary')), 60_000);
  });

  afterEach(async () => {
    await api.labFault(name, undefined);
  });

  it('an unreachable pair says so with the reason and the last good read; stale units show their age, greyed', async () => {
    const restore = await setRefreshInterval(1);
    try {
      await api.labFault(name, { kind: 'unreachable' });
      await vscode.commands.executeCommand('asaUpgrade.refresh', name);
      const n = await node(api, name, 'the pair line to say unreachable', (x) => /^unreachable \(/.test(x.description ?? ''));
      assert.match(n.description ?? '', /^unreachable \((reset|refused|timeout|dropped)\) · \d\d:\d\d$/, `pair line: ${n.description}`);
      assert.match(n.tooltip ?? '', /Last good read: /);
      assert.ok(n.children.some((c) => /^Unreachable: /.test(c.label)), `no item says why: ${JSON.stringify(n.children)}`);
      const stale = await node(api, name, 'the units to show their age once two intervals passed', (x) => / s ago|min ago/.test(unit(x, 'Primary')?.description ?? ''));
      for (const role of ['Primary', 'Secondary'] as const) {
        const u = unit(stale, role)!;
        assert.match(u.description ?? '', /(Active|Standby Ready) · 9\.\d+\(\d+\)\S* · \d+ (s|min) ago/, `${role}: ${u.description}`);
        assert.match(u.icon ?? '', /disabledForeground/, `${role} is not greyed: ${u.icon}`);
      }
      await api.labFault(name, undefined);
      await vscode.commands.executeCommand('asaUpgrade.refresh', name);
      const back = await node(api, name, 'the pair healthy again', (x) => /healthy/.test(x.description ?? ''));
      assert.ok(!/ago/.test(unit(back, 'Primary')?.description ?? ''), 'a fresh reading still shows an age');
    } finally {
      await restore();
    }
  });

  it('a changed host key refuses the connection and says what to do, not "error"', async () => {
    await api.labRotateHostKey(name);
    await vscode.commands.executeCommand('asaUpgrade.refresh', name);
    const n = await node(api, name, 'the pair line to say host key changed', (x) => x.description === 'host key changed');
    const item = n.children.find((c) => /Host key CHANGED/.test(c.label));
    assert.ok(item, `no item names the changed key: ${JSON.stringify(n.children)}`);
    assert.match(item.tooltip ?? '', /SHA256:/);
    assert.equal(item.command, 'asaUpgrade.editPair');
    // Trust the new key as a user would after checking it: forget the old one, sign in, trust.
    await api.forgetLabHostKeys(name);
    api.answerQuestions((q) => (q.kind === 'host-key' ? 'Trust and Connect' : undefined));
    await vscode.commands.executeCommand('asaUpgrade.refresh', name);
    await node(api, name, 'the pair read with the new key', (x) => /healthy/.test(x.description ?? ''));
    api.answerQuestions(() => undefined);
  });

  it('a boot configuration the unit refused is "unknown" with why, never "none configured"', async () => {
    await api.labFault(name, { kind: 'refuse-command', unit: 'secondary', command: 'show running-config boot' });
    await vscode.commands.executeCommand('asaUpgrade.refresh', name);
    const n = await node(api, name, 'the secondary read with its boot configuration refused', (x) => /Boot images.*unknown/.test(unit(x, 'Secondary')?.tooltip ?? ''));
    const tip = unit(n, 'Secondary')?.tooltip ?? '';
    assert.match(tip, /unknown: the unit refused/, tip);
    assert.ok(!/none configured/.test(tip), tip);
    assert.match(unit(n, 'Primary')?.tooltip ?? '', /Boot images \| disk0:/, 'the primary answered: its boot images are shown');
  });

  it('a pair never contacted shows a neutral "Sign in..."; signing in asks to trust the host key before any password', async () => {
    const lab = api.labEndpoints(name)!;
    const config = vscode.workspace.getConfiguration('asaUpgrade');
    const before = config.inspect<unknown[]>('pairs')?.globalValue;
    await api.forgetLabHostKeys(name);
    await config.update('pairs', [{ name: OFFICE, active: lab.active, standby: lab.standby, username: lab.username }], vscode.ConfigurationTarget.Global);
    try {
      const waiting = await node(api, OFFICE, 'the configured pair waiting for sign-in', (x) => x.children.some((c) => c.label === 'Sign in...'));
      assert.equal(waiting.description, 'sign in');
      const signIn = waiting.children.find((c) => c.label === 'Sign in...')!;
      assert.match(signIn.icon ?? '', /^key/, `"Sign in..." looks like an error: ${signIn.icon}`);
      assert.ok(!/error/i.test(waiting.icon ?? ''), `the pair looks like an error: ${waiting.icon}`);
      assert.deepEqual(api.imageSources(OFFICE), [], 'the lab image server is offered for a real pair');
      assert.equal(api.imageSources(name).length, 1, 'the lab pair is not offered its image server');

      const history = api.labHistory(name)!;
      const loginsBefore = history.events.filter((e) => e.kind === 'login').length;
      const asked = api.questions().length;
      const order: string[] = [];
      api.answerQuestions((q) => {
        order.push(`${q.kind}:${q.buttons[0]}:${history.events.filter((e) => e.kind === 'login').length - loginsBefore}`);
        if (q.kind === 'host-key') return 'Trust and Connect';
        if (q.kind === 'password' && q.buttons[0] === 'SSH password') return api.labSecret(name, 'password');
        if (q.kind === 'password' && q.buttons[0] === 'Enable password') return api.labSecret(name, 'enablePassword');
        return undefined;
      });
      await vscode.commands.executeCommand('asaUpgrade.refresh', OFFICE);
      const read = await node(api, OFFICE, 'the configured pair read after signing in', (x) => /healthy/.test(x.description ?? ''));
      assert.ok(unit(read, 'Primary'));
      const questions = api.questions().slice(asked);
      const hostKey = questions.findIndex((q) => q.kind === 'host-key');
      const password = questions.findIndex((q) => q.kind === 'password');
      assert.ok(hostKey >= 0 && password > hostKey, `the host key must be asked before any password: ${order.join(' | ')}`);
      assert.match(order[hostKey], /:0$/, `a login reached the unit before the host key was trusted: ${order.join(' | ')}`);
      const detail = questions[hostKey].detail ?? '';
      assert.ok(detail.includes(lab.fingerprint), `the dialog does not show the fingerprint ${lab.fingerprint}: ${detail}`);
      assert.match(detail, /show crypto key mypubkey (rsa|ecdsa|eddsa)/);
      assert.match(detail, /Key Data/);
    } finally {
      api.answerQuestions(() => undefined);
      await config.update('pairs', before, vscode.ConfigurationTarget.Global);
    }
  });
});
