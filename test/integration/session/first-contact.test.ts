// First contact, against the lab over real SSH: the host key is checked before any credential is asked for or
// sent (login-attempts.test.ts holds the once-per-connect and never-again rules).

import assert from 'node:assert/strict';
import { createPairConnector, type AsaPairConnection } from '../../../src/asa';
import { startLab, type LabPair } from '../../../src/lab';

describe('First contact (lab over SSH)', function () {
  this.timeout(60_000);
  let lab: LabPair;
  const closers: Array<() => Promise<void>> = [];

  before(async () => {
    lab = await startLab({ reloadSeconds: 1 });
  });
  after(async () => {
    await lab.stop();
  });
  afterEach(async () => {
    lab.faults.clear();
    await Promise.all(closers.splice(0).map((c) => c()));
  });

  function connector(overrides: Partial<AsaPairConnection>, order: string[]) {
    const c = createPairConnector({
      active: { host: '127.0.0.1', port: lab.activeEndpoint.port },
      username: lab.credentials.username,
      auth: { method: 'password' },
      credentials: async () => {
        order.push(`credentials asked (${lab.history.logins().length} logins so far)`);
        return { password: lab.credentials.password, enablePassword: lab.credentials.enablePassword };
      },
      hostKeys: async (offer) => {
        order.push(`host key ${offer.fingerprint} (${lab.history.logins().length} logins so far)`);
      },
      ...overrides,
    });
    closers.push(() => c.close());
    return c;
  }

  it('asks about the host key before the credentials, and sends nothing before the key is trusted', async () => {
    const order: string[] = [];
    const logins = lab.history.logins().length;
    await connector({}, order).connect('active');
    assert.deepEqual(order, [`host key ${lab.hostKeyFingerprint} (${logins} logins so far)`, `credentials asked (${logins} logins so far)`]);

    const refused: string[] = [];
    const untrusting = connector(
      {
        hostKeys: async () => {
          refused.push('host key');
          throw new Error('not trusted');
        },
      },
      refused,
    );
    await assert.rejects(untrusting.connect('active'), /not trusted/);
    assert.deepEqual(refused, ['host key'], 'credentials were asked for a host that was not trusted');
    assert.equal(lab.history.logins().length, logins + 1, 'a login reached a host whose key was not trusted');
  });
});
