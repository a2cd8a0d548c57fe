// The editor never tells its user to set the command line's environment variables (issue 9 item 6): the engine's
// hints are reworded on their way through the editor's Redactor, and secrets are still masked.

import assert from 'node:assert/strict';
import { EditorRedactor } from '../../../src/ui/editor-redactor';

describe("the editor's wording of engine messages", () => {
  it('drops or rewords every ASA_* hint of the command line', () => {
    const r = new EditorRedactor();
    const engine = [
      'authentication failed for admin at 127.0.0.1:2222: check the user name and password (ASA_PASSWORD)',
      'No password for admin at 10.0.0.1:22: set ASA_PASSWORD or enter it when asked.',
      '10.0.0.1:22 asks for an enable password and none was given: set ASA_ENABLE_PASSWORD (or enter it when asked).',
      'The enable password was refused by 10.0.0.1:22: check it (ASA_ENABLE_PASSWORD) and try again.',
      'The private key k is encrypted and no passphrase was given: set ASA_KEY_PASSPHRASE.',
      'Cannot use the private key k: bad (check the passphrase, ASA_KEY_PASSPHRASE).',
    ];
    for (const text of engine) assert.ok(!/ASA_/.test(r.redact(text)), r.redact(text));
    assert.equal(r.redact(engine[0]), 'authentication failed for admin at 127.0.0.1:2222: check the user name and password');
  });

  it('still masks secrets', () => {
    const r = new EditorRedactor();
    r.add('s3cret-pass');
    assert.ok(!r.redact('login with s3cret-pass (ASA_PASSWORD)').includes('s3cret-pass'));
  });
});
