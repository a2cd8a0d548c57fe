import assert from 'node:assert/strict';
import { proofOfReboot } from '../../../../src/core/upgrade';

const SENT = 1_000_000;

describe('the proof that a unit rebooted after its reload was sent', () => {
  it('is nothing while the unit has been up longer than the time since the reload and runs the same version', () => {
    assert.equal(proofOfReboot({ issuedAt: SENT, now: SENT + 60_000, uptimeSeconds: 3600, version: '9.18(4)22', versionBefore: '9.18(4)22' }), undefined);
  });

  it('is an uptime shorter than the time since the reload was sent', () => {
    assert.equal(proofOfReboot({ issuedAt: SENT, now: SENT + 60_000, uptimeSeconds: 30 }), 'uptime');
  });

  it('is not an uptime equal to the time since (the unit may have been up exactly that long)', () => {
    assert.equal(proofOfReboot({ issuedAt: SENT, now: SENT + 60_000, uptimeSeconds: 60 }), undefined);
  });

  it('is a changed version, even when the uptime is unknown', () => {
    assert.equal(proofOfReboot({ issuedAt: SENT, now: SENT + 1000, version: '9.20(2)', versionBefore: '9.18(4)22' }), 'version-changed');
  });

  it('does not take a differently spelled same version as a change', () => {
    assert.equal(proofOfReboot({ issuedAt: SENT, now: SENT + 1000, version: '9.18(4)22 ', versionBefore: '9.18(4)22' }), undefined);
  });

  it('is having seen the unit down or not ready since', () => {
    assert.equal(proofOfReboot({ issuedAt: SENT, now: SENT + 1000, uptimeSeconds: 9999, seenDown: true }), 'seen-down');
  });

  it('is nothing when nothing is known about the unit', () => {
    assert.equal(proofOfReboot({ issuedAt: SENT, now: SENT + 1000 }), undefined);
  });
});
