// Issue 13 in the editor: "Add Pair" offers the Host aliases of the SSH configuration named by
// asaUpgrade.sshConfigFile (their HostName, Port and User shown), a pair added from two aliases keeps the
// aliases, its user name is prefilled from the configuration's User, and it reads the lab's two units through them.
// Behind a jump host (Debian's OpenSSH sshd, as in the integration tests), the pick and the tree say "via ...".

import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Question } from '../../../src/ui/prompter';
import type { AsaUpgradeTestApi } from '../../../src/ui/test-api';
import { sshdUnavailable, startJumpSshd, type JumpSshd } from '../../support/sshd';
import { extensionApi, openLab, pairNode, unit, waitFor } from './support';

const PAIR = 'Aliased pair';
const ACTIVE_ALIAS = 'lab-fw-a';
const STANDBY_ALIAS = 'lab-fw-b';

/** A user going through Add Pair: the two aliases picked, the prefilled user kept, no extra jump host; then signing in. */
function addPairAnswers(api: AsaUpgradeTestApi, labName: string, pairName: string): (q: Question) => string | undefined {
  return (q) => {
    // A pick's title is its message; an input box's title is its one "button" (its message is the prompt).
    const step = /\((\d)\/\d\)/.exec(q.kind === 'input' ? q.buttons[0] : q.message)?.[1];
    if (q.kind === 'input' && step === '1') return pairName;
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
}

/** Points asaUpgrade.sshConfigFile at `file`; returns how to put it and asaUpgrade.pairs back. */
async function useSshConfig(file: string): Promise<() => Promise<void>> {
  const config = vscode.workspace.getConfiguration('asaUpgrade');
  const pairsBefore = config.inspect<unknown[]>('pairs')?.globalValue;
  const configBefore = config.inspect<string>('sshConfigFile')?.globalValue;
  await config.update('sshConfigFile', file, vscode.ConfigurationTarget.Global);
  return async () => {
    const now = vscode.workspace.getConfiguration('asaUpgrade');
    await now.update('pairs', pairsBefore, vscode.ConfigurationTarget.Global);
    await now.update('sshConfigFile', configBefore, vscode.ConfigurationTarget.Global);
  };
}

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
    const restore = await useSshConfig(configFile);
    const asked = api.questions().length;
    const eventsBefore = api.labHistory(labName)!.events.length;
    try {
      api.answerQuestions(addPairAnswers(api, labName, PAIR));

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
      await restore();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('A pair behind a jump host', function () {
  this.timeout(180_000);
  let bastion: JumpSshd | undefined;
  let dir: string | undefined;

  before(function () {
    const reason = sshdUnavailable();
    if (reason) {
      // Needs a real sshd run as root (as the integration tests); CI runs as root with openssh-server installed.
      console.log(`      skipped: ${reason}`);
      this.skip();
    }
  });
  after(async () => {
    await bastion?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('Add Pair shows the route of an alias with ProxyJump, and the tree says "via bastion-1" once both units are read through it', async () => {
    const api = await extensionApi();
    const labName = await openLab();
    const lab = api.labEndpoints(labName)!;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'asa-jump-'));
    const key = path.join(dir, 'client_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'vscode-jump-test', '-f', key]);
    bastion = await startJumpSshd({ authorizedKeys: [fs.readFileSync(`${key}.pub`, 'utf8')] });
    const configFile = path.join(dir, 'config');
    fs.writeFileSync(
      configFile,
      [
        `Host ${ACTIVE_ALIAS} ${STANDBY_ALIAS}`,
        '  HostName 127.0.0.1',
        `  User ${lab.username}`,
        '  ProxyJump bastion-1',
        `Host ${ACTIVE_ALIAS}`,
        `  Port ${portOf(lab.active)}`,
        `Host ${STANDBY_ALIAS}`,
        `  Port ${portOf(lab.standby)}`,
        'Host bastion-1',
        '  HostName 127.0.0.1',
        `  Port ${bastion.port}`,
        '  User root',
        `  IdentityFile ${key}`,
        '  IdentitiesOnly yes',
        '',
      ].join('\n'),
    );
    const restore = await useSshConfig(configFile);
    const asked = api.questions().length;
    const name = 'Pair behind a bastion';
    try {
      // The configuration's ProxyJump already names the bastion: no jump host is typed.
      api.answerQuestions(addPairAnswers(api, labName, name));
      const added = await vscode.commands.executeCommand<string | undefined>('asaUpgrade.addPair');
      const questions = api.questions().slice(asked);
      assert.equal(added, name, `Add Pair did not add the pair; asked: ${JSON.stringify(questions, null, 2)}`);
      const activePick = questions.find((q) => q.kind === 'pick' && /\(2\/\d\)/.test(q.message));
      const entry = activePick?.entries?.find((e) => e.label.endsWith(` ${ACTIVE_ALIAS}`));
      assert.match(entry?.description ?? '', /via bastion-1/, `the alias does not show its route: ${JSON.stringify(entry)}`);
      const jumpQuestion = questions.find((q) => q.kind === 'input' && /\(7\/\d\)/.test(q.buttons[0]));
      assert.match(jumpQuestion?.message ?? '', /already goes via bastion-1/, 'the jump-host step does not say the configuration already names one');

      let last: unknown;
      const node = await waitFor(
        'the pair behind the bastion to be read, its line saying "via bastion-1"',
        async () => {
          const n = pairNode(await api.treeSnapshot(), name);
          last = n;
          return unit(n, 'Primary')?.description && /healthy/.test(n?.description ?? '') && /via bastion-1/.test(n?.description ?? '') ? n : undefined;
        },
        90_000,
        () => ({ node: last, questions: api.questions().slice(asked), sshd: bastion?.log().split('\n').slice(-20) }),
      );
      assert.match(unit(node, 'Secondary')?.description ?? '', /Standby Ready/);
      // sshd's own log: it forwarded connections to both lab units.
      const forwards = bastion.forwards();
      for (const address of [lab.active, lab.standby]) assert.ok(forwards.includes(`127.0.0.1:${portOf(address)}`), `sshd forwarded no connection to ${address}: ${JSON.stringify(forwards)}`);
      // The bastion's host key was asked like a unit's (first contact) before any login to it.
      assert.ok(
        api.questions().slice(asked).some((q) => q.kind === 'host-key' && q.message.includes(String(bastion!.port))),
        `the bastion's host key was not asked: ${JSON.stringify(api.questions().slice(asked).filter((q) => q.kind === 'host-key'))}`,
      );
    } finally {
      api.answerQuestions(() => undefined);
      await restore();
    }
  });
});
