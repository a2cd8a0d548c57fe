// Issue 13 in the editor: "Upgrade Pair..." with "Local file..." in the image pick. The ASA image is a file on
// this computer; the units fetch it from a temporary HTTP server of the workstation (not the lab's image
// server), the upgrade ends with the primary active on the new version, and the server is gone afterwards.

import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'ssh2';
import * as vscode from 'vscode';
import type { UpgradeOutcome } from '../../../src/core/model';
import type { Question } from '../../../src/ui/prompter';
import type { AsaUpgradeTestApi } from '../../../src/ui/test-api';
import { extensionApi, pairNode, unit, waitFor } from './support';

const NEW_VERSION = '9.20(2)';

/** Whether anything answers an HTTP GET at `url` (a closed server refuses the connection). */
function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('error', () => resolve(false));
    req.setTimeout(5_000, () => {
      req.destroy();
      resolve(false);
    });
  });
}

/** The image Cisco gave the engineer, on their disk: here the lab's own ASA image, downloaded into a temp folder. */
async function localCopyOf(url: string): Promise<{ dir: string; fileName: string; localFile: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'asa-local-image-'));
  const fileName = decodeURIComponent(new URL(url).pathname.split('/').pop()!);
  const localFile = path.join(dir, fileName);
  const response = await fetch(url);
  assert.ok(response.ok, `the lab's image server answered ${response.status}`);
  fs.writeFileSync(localFile, Buffer.from(await response.arrayBuffer()));
  return { dir, fileName, localFile };
}

/** A fresh lab (other credentials replace the running one) on 9.18(4)22, read, so an upgrade is possible. */
async function freshLab(api: AsaUpgradeTestApi): Promise<string> {
  const name = await api.openLab({ password: `L-${randomBytes(6).toString('hex')}` });
  await vscode.commands.executeCommand('asaUpgrade.refresh', name);
  await waitFor('the lab pair read', async () => unit(pairNode(await api.treeSnapshot(), name), 'Primary'), 60_000);
  return name;
}

/** A user choosing "Local file..." for the ASA image, keeping the ASDM image, Upgrade, `delivery`, and confirming. */
function localFileAnswers(localFile: string, delivery: RegExp): (q: Question) => string | undefined {
  return (q) => {
    if (q.kind === 'image-pick' && /ASA image/.test(q.message)) return q.buttons.find((b) => /Local file\.\.\./.test(b));
    if (q.kind === 'open-file') return localFile;
    // The lab runs ASDM 7.18, older than ASA 9.20 needs: keeping it is refused (issue 11), so the new one goes too.
    if (q.kind === 'image-pick' && /ASDM image/.test(q.message)) return q.buttons.find((b) => /asdm-7201\.bin$/.test(b));
    if (q.kind === 'pick' && /what to do/.test(q.message)) return q.buttons.find((b) => /Upgrade$/.test(b));
    if (q.kind === 'pick' && /how the units get the local file/.test(q.message)) return q.buttons.find((b) => delivery.test(b));
    if (q.kind === 'confirm-upgrade') return 'Upgrade';
    return undefined;
  };
}

/**
 * What the error message tells the user to do, typed in an SSH session to the lab's active unit: enable,
 * configure terminal, ssh scopy enable, end, write memory (the configuration replicates to the standby).
 */
async function enableScp(api: AsaUpgradeTestApi, name: string): Promise<void> {
  const lab = api.labEndpoints(name)!;
  const port = Number(lab.active.slice(lab.active.lastIndexOf(':') + 1));
  const steps: Array<[string, RegExp]> = [
    ['enable', /Password: ?$/],
    [api.labSecret(name, 'enablePassword')!, /# ?$/],
    ['configure terminal', /\(config\)# ?$/],
    ['ssh scopy enable', /\(config\)# ?$/],
    ['end', /# ?$/],
    ['write memory', /# ?$/],
  ];
  const client = new Client();
  try {
    await new Promise<void>((resolve, reject) => {
      client.once('ready', resolve).once('error', reject);
      client.connect({ host: '127.0.0.1', port, username: lab.username, password: api.labSecret(name, 'password'), readyTimeout: 30_000 });
    });
    await new Promise<void>((resolve, reject) => {
      client.shell((err, stream) => {
        if (err) return reject(err);
        let seen = '';
        let step = -1;
        const next = (): void => {
          step++;
          if (step === steps.length) {
            stream.end('exit\n');
            resolve();
            return;
          }
          seen = '';
          stream.write(`${steps[step][0]}\n`);
        };
        stream.on('data', (d: Buffer) => {
          seen += d.toString();
          if (step === -1 ? /> ?$/.test(seen) || /# ?$/.test(seen) : steps[step][1].test(seen)) next();
        });
        stream.on('close', () => (step < steps.length ? reject(new Error(`the lab's session closed at step ${step}: ${seen}`)) : undefined));
      });
    });
  } finally {
    client.end();
  }
}

describe('Upgrade Pair from a local image file', function () {
  this.timeout(300_000);

  it('"Local file..." serves the file to the units from this computer, upgrades, and stops serving', async () => {
    const api = await extensionApi();
    const name = await freshLab(api);
    const labImages = api.labImageUrls(name)!;
    const { dir, fileName, localFile } = await localCopyOf(labImages.asa);

    const history = api.labHistory(name)!;
    const eventsBefore = history.events.length;
    const asked = api.questions().length;
    api.answerQuestions(localFileAnswers(localFile, /over HTTP/));
    try {
      const result = await vscode.commands.executeCommand<UpgradeOutcome | undefined>('asaUpgrade.upgradePair', name);
      const questions = api.questions().slice(asked);
      const delivery = questions.find((q) => q.kind === 'pick' && /how the units get the local file/.test(q.message));
      assert.ok(delivery, 'how the units get the file was not asked');
      assert.match(delivery.buttons[0], /over HTTP/, 'a pair reached directly is not offered HTTP first');
      assert.ok(delivery.buttons.some((b) => /over SCP/.test(b)), 'pushing over SCP is not offered');
      const confirm = questions.find((q) => q.kind === 'confirm-upgrade');
      assert.ok(confirm, `the upgrade was not confirmed; asked: ${JSON.stringify(questions, null, 2)}`);
      assert.ok(confirm.detail?.includes(fileName), `the plan does not name the local file: ${confirm.detail}`);
      const outcome = result ?? (await api.whenUpgradeDone());
      assert.equal(outcome.outcome, 'upgraded', `the upgrade ended ${outcome.outcome}: ${outcome.message}`);
      const primary = outcome.pair?.units.find((u) => u.role === 'primary');
      assert.ok(primary?.isActive, `the primary is not active at the end: ${JSON.stringify(outcome.pair)}`);
      assert.equal(primary?.version, NEW_VERSION);

      // From the units' side: both fetched the file over HTTP, from a server that is not the lab's image server.
      const copies = history.events.slice(eventsBefore).filter((e) => e.kind === 'copy-start' && e.detail?.includes(fileName));
      const sources = copies.map((e) => /^(\S+) -> /.exec(e.detail ?? '')?.[1] ?? '');
      assert.ok(copies.some((e) => e.unit === 'primary') && copies.some((e) => e.unit === 'secondary'), `not both units copied ${fileName}: ${JSON.stringify(copies)}`);
      const labServer = new URL(labImages.asa).host;
      for (const source of sources) {
        assert.match(source, /^http:\/\/127\.0\.0\.1:\d+\//, `a unit fetched the file from ${source}`);
        assert.notEqual(new URL(source).host, labServer, `a unit fetched from the lab's image server, not the workstation: ${source}`);
      }
      // The workstation's server served that one file for the copies only: nothing answers there now.
      for (const source of new Set(sources)) assert.equal(await answers(source), false, `the temporary server still answers at ${source}`);

      let last: unknown;
      await waitFor(
        `the tree to show both units on ${NEW_VERSION}`,
        async () => {
          await vscode.commands.executeCommand('asaUpgrade.refresh', name);
          const n = pairNode(await api.treeSnapshot(), name);
          last = n;
          return [unit(n, 'Primary'), unit(n, 'Secondary')].every((u) => u?.description?.includes(NEW_VERSION)) ? n : undefined;
        },
        60_000,
        () => last,
      );
    } finally {
      api.answerQuestions(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('"Push it over SCP" checks ssh scopy first: off, the run stops saying how to enable it with nothing copied; enabled, it pushes and upgrades', async () => {
    const api = await extensionApi();
    const name = await freshLab(api);
    const { dir, fileName, localFile } = await localCopyOf(api.labImageUrls(name)!.asa);
    const history = api.labHistory(name)!;
    const eventsBefore = history.events.length;
    const asked = api.questions().length;
    api.answerQuestions(localFileAnswers(localFile, /over SCP/));
    try {
      const result = await vscode.commands.executeCommand<UpgradeOutcome | undefined>('asaUpgrade.upgradePair', name);
      const confirm = api.questions().slice(asked).find((q) => q.kind === 'confirm-upgrade');
      assert.match(confirm?.detail ?? '', /pushed to each unit over SCP/, `the plan does not say the file is pushed over SCP: ${confirm?.detail}`);
      const outcome = result ?? (await api.whenUpgradeDone());
      assert.equal(outcome.outcome, 'failed', `the run did not stop: ${outcome.outcome}: ${outcome.message}`);
      assert.match(outcome.message, /ssh scopy enable/, 'the message does not say how to enable SCP');
      const events = history.events.slice(eventsBefore);
      assert.ok(events.some((e) => e.kind === 'command' && e.command === 'show running-config ssh scopy'), 'ssh scopy was not checked on the units');
      assert.deepEqual(events.filter((e) => e.kind === 'copy-start' || (e.kind === 'command' && /^copy /.test(e.command ?? ''))), [], `a copy reached the units instead of an SCP push of ${fileName}`);
      assert.deepEqual(events.filter((e) => e.kind === 'command' && /^(ssh scopy|configure|write mem|boot )/.test(e.command ?? '')), [], 'the tool changed the configuration');

      // Enabled as the message says (by the user, in their own session), the same choice pushes the file and upgrades.
      await enableScp(api, name);
      const pushedFrom = history.events.length;
      const again = await vscode.commands.executeCommand<UpgradeOutcome | undefined>('asaUpgrade.upgradePair', name);
      const done = again ?? (await api.whenUpgradeDone());
      assert.equal(done.outcome, 'upgraded', `the upgrade with SCP pushes ended ${done.outcome}: ${done.message}`);
      assert.equal(done.pair?.units.find((u) => u.role === 'primary')?.version, NEW_VERSION);
      const after = history.events.slice(pushedFrom);
      const pushes = after.filter((e) => e.kind === 'copy-end' && /scp push/.test(e.detail ?? '') && e.bytes);
      assert.deepEqual([...new Set(pushes.map((e) => e.unit))].sort(), ['primary', 'secondary'], `not both units received ${fileName} over SCP: ${JSON.stringify(pushes)}`);
      // The ASDM image comes from the lab's server (copy); the local ASA image only by the push.
      assert.deepEqual(after.filter((e) => e.kind === 'command' && /^copy /.test(e.command ?? '') && (e.command ?? '').includes(fileName)), [], 'a unit ran copy instead of receiving the push');
    } finally {
      api.answerQuestions(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
