// Issue 13 in the editor: "Add Pair" offers the Host aliases of the SSH configuration named by
// asaUpgrade.sshConfigFile (their HostName, Port and User shown), a pair added from two aliases keeps the
// aliases, its user name is prefilled from the configuration's User, and it reads the lab's two units through them.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Question } from '../../../src/ui/prompter';
import { extensionApi, openLab, pairNode, unit, waitFor } from './support';

const PAIR = 'Aliased pair';
const ACTIVE_ALIAS = 'lab-fw-a';
const STANDBY_ALIAS = 'lab-fw-b';

function portOf(address: string): number {
  return Number(address.slice(address.lastIndexOf(':') + 1));
}

describe('Add Pair from SSH configuration aliases', function () {
  this.timeout(180_000);

  it('offers the Host aliases of asaUpgrade.sshConfigFile and adds a pair that reads both lab units through them', async () => {
    const api = await extensionApi();
    const labName = await openLab();
    const lab = api.labEndpoints(labName);
    assert.ok(lab, 'the lab has no endpoints');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'asa-ssh-config-'));
    const configFile = path.join(dir, 'config');
    fs.writeFileSync(
      configFile,
      [
        `Host ${ACTIVE_ALIAS}`,
        '  HostName 127.0.0.1',
        `  Port ${portOf(lab.active)}`,
        `  User ${lab.username}`,
        `Host ${STANDBY_ALIAS}`,
        '  HostName 127.0.0.1',
        `  Port ${portOf(lab.standby)}`,
        `  User ${lab.username}`,
        '',
      ].join('\n'),
    );
    const config = vscode.workspace.getConfiguration('asaUpgrade');
    const pairsBefore = config.inspect<unknown[]>('pairs')?.globalValue;
    const configBefore = config.inspect<string>('sshConfigFile')?.globalValue;
    await config.update('sshConfigFile', configFile, vscode.ConfigurationTarget.Global);
    const asked = api.questions().length;
    const eventsBefore = api.labHistory(labName)!.events.length;
    try {
      const answers = (q: Question): string | undefined => {
        // A pick's title is its message; an input box's title is its one "button" (its message is the prompt).
        const step = /\((\d)\/\d\)/.exec(q.kind === 'input' ? q.buttons[0] : q.message)?.[1];
        if (q.kind === 'input' && step === '1') return PAIR;
        if (q.kind === 'pick' && step === '2') return q.buttons.find((b) => b.endsWith(` ${ACTIVE_ALIAS}`));
        if (q.kind === 'pick' && step === '3') return q.buttons.find((b) => b.endsWith(` ${STANDBY_ALIAS}`));
        if (q.kind === 'input' && step === '4') return q.detail; // Enter on the prefilled user name
        if (q.kind === 'pick' && step === '5') return 'Password';
        if (q.kind === 'pick' && step === '6') return 'Default algorithms';
        if (q.kind === 'input' && step === '7') return '';
        if (q.kind === 'host-key') return 'Trust and Connect';
        if (q.kind === 'password' && q.buttons[0] === 'SSH password') return api.labSecret(labName, 'password');
        if (q.kind === 'password' && q.buttons[0] === 'Enable password') return api.labSecret(labName, 'enablePassword');
        return undefined;
      };
      api.answerQuestions(answers);

      const added = await vscode.commands.executeCommand<string | undefined>('asaUpgrade.addPair');
      const questions = api.questions().slice(asked);
      assert.equal(added, PAIR, `Add Pair did not add the pair; asked: ${JSON.stringify(questions, null, 2)}`);

      const activePick = questions.find((q) => q.kind === 'pick' && /\(2\/\d\)/.test(q.message));
      assert.ok(activePick?.entries, 'the active unit was not asked in a pick');
      const offered = activePick.entries.filter((e) => !e.separator);
      for (const [alias, address] of [[ACTIVE_ALIAS, lab.active], [STANDBY_ALIAS, lab.standby]] as const) {
        const entry = offered.find((e) => e.label.endsWith(` ${alias}`));
        assert.ok(entry, `the alias ${alias} is not offered: ${JSON.stringify(offered)}`);
        assert.match(entry.description ?? '', new RegExp(`127\\.0\\.0\\.1:${portOf(address)}`), `${alias} does not show where it leads`);
        assert.match(entry.description ?? '', new RegExp(`user ${lab.username}`), `${alias} does not show its User`);
      }
      const userQuestion = questions.find((q) => q.kind === 'input' && /\(4\/\d\)/.test(q.buttons[0]));
      assert.equal(userQuestion?.detail, lab.username, "the user name is not prefilled from the configuration's User");

      const saved = (vscode.workspace.getConfiguration('asaUpgrade').get<Array<Record<string, unknown>>>('pairs') ?? []).find((p) => p.name === PAIR);
      assert.ok(saved, 'the pair is not in asaUpgrade.pairs');
      assert.equal(saved.active, ACTIVE_ALIAS, 'the pair does not keep the alias (a changed HostName would not follow)');
      assert.equal(saved.standby, STANDBY_ALIAS);

      let last: unknown;
      const node = await waitFor(
        'the aliased pair to show both lab units',
        async () => {
          const tree = await api.treeSnapshot();
          last = pairNode(tree, PAIR);
          const n = pairNode(tree, PAIR);
          return unit(n, 'Primary')?.description && unit(n, 'Secondary')?.description && /healthy/.test(n?.description ?? '') ? n : undefined;
        },
        90_000,
        () => ({ node: last, questions: api.questions().slice(asked) }),
      );
      assert.match(unit(node, 'Primary')?.description ?? '', /\bActive\b/);
      assert.match(unit(node, 'Secondary')?.description ?? '', /Standby Ready/);
      // The lab saw logins on both units' own addresses (the standby alias was used, not failover exec mate).
      const sessions = api.labHistory(labName)!.events.slice(eventsBefore).filter((e) => e.kind === 'session-open');
      assert.ok(sessions.some((e) => e.address === 'standby'), `no session reached the standby address through its alias: ${JSON.stringify(sessions)}`);
    } finally {
      api.answerQuestions(() => undefined);
      await vscode.workspace.getConfiguration('asaUpgrade').update('pairs', pairsBefore, vscode.ConfigurationTarget.Global);
      await vscode.workspace.getConfiguration('asaUpgrade').update('sshConfigFile', configBefore, vscode.ConfigurationTarget.Global);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
