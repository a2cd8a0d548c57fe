import assert from 'node:assert/strict';
import { pollUntil } from '../../../src/core/waits';

describe('a wait that never goes silent', () => {
  it('says what it waits for and what it last saw while one check hangs on a device', async () => {
    const said: Array<{ at: number; text: string }> = [];
    let release!: () => void;
    const hanging = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const started = Date.now();
    const result = pollUntil(
      async () => {
        calls++;
        if (calls === 1) {
          await hanging;
          return undefined;
        }
        return 'back';
      },
      {
        what: 'the secondary to come back',
        timeoutMs: 60_000,
        intervalMs: 10,
        heartbeatMs: 50,
        lastSeen: () => 'secondary: Cold Standby',
        onStillWaiting: (text) => {
          said.push({ at: Date.now(), text });
          if (said.length === 3) release();
        },
      },
    );
    assert.equal(await result, 'back');
    assert.equal(said.length >= 3, true);
    assert.match(said[0].text, /^Still waiting for the secondary to come back \(\d+ ms so far; last seen: secondary: Cold Standby\)\.$/);
    assert.ok(said[0].at - started >= 40, 'not before a heartbeat has passed');
  });

});
