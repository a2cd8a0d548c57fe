// A bad custom image URL is refused with the validator's message, before anything connects or copies.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { imageLocationProblem } from '../../../src/core/image-location';
import { copiesReceived, extensionApi, openLab, outputChannelText, sleep } from './support';

describe('Upgrade Pair with a custom image URL', function () {
  this.timeout(60_000);

  const badUrls: Array<[string, string]> = [
    ['a newline in the URL', 'http://127.0.0.1:8080/asa9-20-2-smp-k8.bin\nreload noconfirm'],
    ['an unsupported protocol', 'gopher://127.0.0.1/asa9-20-2-smp-k8.bin'],
  ];

  for (const [why, url] of badUrls) {
    it(`refuses ${why} with its message and copies nothing`, async () => {
      const api = await extensionApi();
      const name = await openLab();
      const expected = imageLocationProblem(url, 'asa');
      assert.ok(expected, `the validator accepts ${JSON.stringify(url)}: this test's premise is wrong`);
      const history = api.labHistory(name);
      assert.ok(history, `the test API has no lab history for "${name}"`);
      const copiesBefore = copiesReceived(history);
      const commandsBefore = history.commands().length;
      const outcomeBefore = api.lastOutcome();
      const messagesBefore = api.webviewMessages().length;

      const result = await vscode.commands.executeCommand('asaUpgrade.upgradePair', name, { asa: url, mode: 'upgrade' });

      assert.equal(result, undefined, 'the command started an upgrade with a bad URL');
      assert.equal(api.lastOutcome(), outcomeBefore, 'an upgrade ran');
      assert.equal(api.webviewMessages().length, messagesBefore, 'a progress panel was updated');
      // The log channel is written asynchronously by the extension host; give it a moment to reach the file.
      let log = '';
      for (let i = 0; i < 20 && !log.includes(expected); i++) {
        await sleep(250);
        log = outputChannelText();
      }
      assert.ok(log.includes(expected), `the output channel does not show the refusal "${expected}"`);
      // From the device's side: no copy reached either unit, and neither did the injected `reload noconfirm`.
      assert.equal(copiesReceived(history), copiesBefore, 'a copy reached the lab');
      const received = history.commands().slice(commandsBefore);
      assert.ok(!received.some((c) => /copy|reload/.test(c)), `the lab received: ${received.join(' | ')}`);
    });
  }
});
