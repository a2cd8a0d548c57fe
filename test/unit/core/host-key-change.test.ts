import assert from 'node:assert/strict';
import { HostKeyRejectedError } from '../../../src/core/errors';
import { hostKeyChangeByUpgrade, hostKeyChangeCrossed } from '../../../src/core/host-key-change';

describe('host keys the upgrade itself changes', () => {
  it('knows the releases that change keys, and which one an upgrade crosses', () => {
    assert.equal(hostKeyChangeCrossed('9.18(4)22', '9.20(2)')?.release, '9.19(1)');
    assert.equal(hostKeyChangeCrossed('9.20(2)', '9.23(1)')?.release, '9.23(1)');
    assert.equal(hostKeyChangeCrossed('9.16(4)', '9.23(1)')?.release, '9.23(1)', 'the last one crossed');
    assert.equal(hostKeyChangeCrossed('9.20(2)', '9.22(1)1'), undefined);
    assert.equal(hostKeyChangeCrossed('9.19(1)', '9.20(2)'), undefined, 'already on CiscoSSH');
    assert.equal(hostKeyChangeCrossed('garbage', '9.20(2)'), undefined);
  });

  it('explains a changed key only on a unit this job reloaded into such a release', () => {
    const changed = new HostKeyRejectedError('The host key of [10.0.0.2]:22 has changed', '[10.0.0.2]:22', 'SHA256:new', 'SHA256:old');
    const change = hostKeyChangeByUpgrade(changed, { fromVersion: '9.18(4)22', toVersion: '9.20(2)', lastReloaded: 'secondary' });
    assert.deepEqual(change && { ...change, why: undefined }, {
      code: 'HOST_KEY_CHANGED_BY_UPGRADE',
      unit: 'secondary',
      host: '[10.0.0.2]:22',
      presentedFingerprint: 'SHA256:new',
      knownFingerprint: 'SHA256:old',
      release: '9.19(1)',
      toVersion: '9.20(2)',
      why: undefined,
    });
    assert.equal(hostKeyChangeByUpgrade(changed, { fromVersion: '9.18(4)22', toVersion: '9.20(2)' }), undefined, 'no unit reloaded yet: just a changed key');
    assert.equal(hostKeyChangeByUpgrade(changed, { fromVersion: '9.20(2)', toVersion: '9.22(1)1', lastReloaded: 'secondary' }), undefined, 'a release that keeps keys');
    const unknown = new HostKeyRejectedError('not known', '[10.0.0.2]:22', 'SHA256:new');
    assert.equal(hostKeyChangeByUpgrade(unknown, { fromVersion: '9.18(4)22', toVersion: '9.20(2)', lastReloaded: 'secondary' }), undefined, 'an unknown key is not a changed one');
    // By code, as the editor sees an error from the engine's own bundle.
    const foreign = { code: 'HOST_KEY_REJECTED', host: 'h', presentedFingerprint: 'SHA256:n', knownFingerprint: 'SHA256:o' };
    assert.equal(hostKeyChangeByUpgrade(foreign, { fromVersion: '9.18(4)22', toVersion: '9.20(2)', lastReloaded: 'primary' })?.unit, 'primary');
  });
});
