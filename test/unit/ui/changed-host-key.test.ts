// Issue 10: an upgrade that stopped because the unit it just reloaded (into a key-changing release) presents a
// new host key. The editor asks once, naming both fingerprints and why; "Trust" records exactly the presented
// key for that unit and nothing else, and only while the trusted key is still the one the stop saw.

import assert from 'node:assert/strict';
import type { HostKeyChange } from '../../../src/core/host-key-change';
import { changedKeyQuestion, offerTrustChangedKey, unitAddress, type ChangedKeyStore } from '../../../src/ui/changed-host-key';
import type { Prompter, Question } from '../../../src/ui/prompter';

const OLD = 'SHA256:oldoldoldoldoldoldoldoldoldoldoldoldoldoldo';
const NEW = 'SHA256:newnewnewnewnewnewnewnewnewnewnewnewnewnewn';
const change: HostKeyChange = {
  code: 'HOST_KEY_CHANGED_BY_UPGRADE',
  unit: 'secondary',
  host: '[127.0.0.1]:40022',
  presentedFingerprint: NEW,
  knownFingerprint: OLD,
  release: '9.23(1)',
  toVersion: '9.23(1)',
  why: 'ASA 9.23(1) regenerates the SSH host keys on its first boot.',
};

/** A prompter that answers the modal with `answer` and keeps what it was asked. */
function answering(answer: string | undefined): Prompter & { asked: Question[] } {
  const asked: Question[] = [];
  return {
    asked,
    async modal(kind, message, detail, buttons, dismiss) {
      asked.push({ kind, message, detail, buttons: [...buttons, dismiss] });
      return answer;
    },
    async secret() {
      return undefined;
    },
  };
}

/** A host-key store with one trusted key per host:port. */
function store(trusted: Record<string, string>): ChangedKeyStore & { trusted: Record<string, string> } {
  return {
    trusted,
    async replaceChanged(host, port, known, presented) {
      const id = `${host}:${port}`;
      if (trusted[id] !== known) return false;
      trusted[id] = presented;
      return true;
    },
  };
}

describe('trusting a host key the upgrade itself changed (editor)', () => {
  it('asks "Trust the new key of the secondary (upgraded to 9.23)?" naming both fingerprints and why', async () => {
    const prompter = answering(undefined);
    await offerTrustChangedKey(prompter, store({ '127.0.0.1:40022': OLD }), 'Lab pair', change);
    assert.equal(prompter.asked.length, 1);
    const [q] = prompter.asked;
    assert.equal(q.kind, 'host-key');
    assert.equal(q.message, 'Trust the new key of the secondary (upgraded to 9.23)?');
    assert.match(q.detail ?? '', new RegExp(`Trusted until now: ${OLD}`));
    assert.match(q.detail ?? '', new RegExp(`Presented now: ${NEW}`));
    assert.match(q.detail ?? '', /regenerates the SSH host keys/);
    assert.deepEqual(q.buttons, ['Trust', "Don't trust"]);
  });

  it('"Trust" records exactly the presented key for that unit, and no other', async () => {
    const keys = store({ '127.0.0.1:40022': OLD, '127.0.0.1:40023': 'SHA256:primaryprimaryprimaryprimaryprimaryprimar' });
    assert.equal(await offerTrustChangedKey(answering('Trust'), keys, 'Lab pair', change), 'trusted');
    assert.deepEqual(keys.trusted, { '127.0.0.1:40022': NEW, '127.0.0.1:40023': 'SHA256:primaryprimaryprimaryprimaryprimaryprimar' });
  });

  it('the pair\'s other address, which trusted the same old key, gets the same new key (units replicate their keys); one with another key keeps it', async () => {
    const keys = store({ '127.0.0.1:40022': OLD, '127.0.0.1:40023': OLD, '127.0.0.1:40024': 'SHA256:otherotherotherotherotherotherotherotherot' });
    const addresses = [40022, 40023, 40024].map((port) => ({ host: '127.0.0.1', port }));
    assert.equal(await offerTrustChangedKey(answering('Trust'), keys, 'Lab pair', change, addresses), 'trusted');
    assert.deepEqual(keys.trusted, { '127.0.0.1:40022': NEW, '127.0.0.1:40023': NEW, '127.0.0.1:40024': 'SHA256:otherotherotherotherotherotherotherotherot' });
  });

  it('declining changes nothing', async () => {
    const keys = store({ '127.0.0.1:40022': OLD });
    assert.equal(await offerTrustChangedKey(answering(undefined), keys, 'Lab pair', change), 'declined');
    assert.deepEqual(keys.trusted, { '127.0.0.1:40022': OLD });
  });

  it('a trusted key that is no longer the one the stop saw is not replaced', async () => {
    const keys = store({ '127.0.0.1:40022': 'SHA256:someoneelsesomeoneelsesomeoneelsesomeoneel' });
    assert.equal(await offerTrustChangedKey(answering('Trust'), keys, 'Lab pair', change), 'stale');
    assert.deepEqual(keys.trusted, { '127.0.0.1:40022': 'SHA256:someoneelsesomeoneelsesomeoneelsesomeoneel' });
  });

  it('reads the unit address as known_hosts and the editor name it', () => {
    assert.deepEqual(unitAddress('[10.0.0.2]:2222'), { host: '10.0.0.2', port: 2222 });
    assert.deepEqual(unitAddress('10.0.0.2:2222'), { host: '10.0.0.2', port: 2222 });
    assert.deepEqual(unitAddress('asa-b.example.net'), { host: 'asa-b.example.net', port: 22 });
    assert.deepEqual(unitAddress('asa-b.example.net', 2022), { host: 'asa-b.example.net', port: 2022 });
    assert.equal(changedKeyQuestion('p', { ...change, unit: 'primary', toVersion: '9.19(1)' }).message, 'Trust the new key of the primary (upgraded to 9.19)?');
  });
});
