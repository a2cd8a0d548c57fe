import assert from 'node:assert/strict';
import { asaDialect } from '../../../src/asa/commands';
import { buildPlan } from '../../../src/core/plan';
import { MB, NEW_ASA, NEW_ASDM, OLD_ASA, OLD_ASDM, pair, withFile } from './support/fixtures';

const URL_ASA = `http://admin:S3cretPw@10.0.0.5/images/${NEW_ASA}`;
const URL_ASDM = `http://10.0.0.5/images/${NEW_ASDM}`;

describe('the upgrade plan', () => {
  it('lists CDO\'s sequence with the exact commands, units and addresses', () => {
    const plan = buildPlan(pair(), { asa: URL_ASA, asdm: URL_ASDM }, asaDialect, { hasStandbyAddress: true });
    assert.equal(plan.fromVersion, '9.18(4)22');
    assert.equal(plan.toVersion, '9.20(2)');
    assert.equal(plan.fromAsdmVersion, '7.18(1)152');
    assert.equal(plan.toAsdmVersion, '7.20(1)');
    assert.deepEqual(
      plan.steps.map((s) => [s.id, s.phase, s.unit, s.address, s.via]),
      [
        ['copy-primary-asa', 'download', 'primary', 'active', 'self'],
        ['copy-primary-asdm', 'download', 'primary', 'active', 'self'],
        ['copy-secondary-asa', 'download', 'secondary', 'standby', 'self'],
        ['copy-secondary-asdm', 'download', 'secondary', 'standby', 'self'],
        ['verify-primary-asa', 'download', 'primary', 'active', 'self'],
        ['verify-primary-asdm', 'download', 'primary', 'active', 'self'],
        ['verify-secondary-asa', 'download', 'secondary', 'standby', 'self'],
        ['verify-secondary-asdm', 'download', 'secondary', 'standby', 'self'],
        ['boot-config', 'boot-config', 'primary', 'active', 'self'],
        ['check-standby-boot', 'boot-config', 'secondary', 'standby', 'self'],
        ['reload-secondary', 'reload-secondary', 'primary', 'active', 'self'],
        ['failover-to-secondary', 'failover-to-secondary', 'primary', 'active', 'self'],
        ['reload-primary', 'reload-primary', 'secondary', 'active', 'self'],
        ['failover-to-primary', 'failover-to-primary', 'secondary', 'active', 'self'],
        ['final-check', 'failover-to-primary', 'primary', 'active', 'self'],
      ],
    );
    const by = (id: string) => plan.steps.find((s) => s.id === id)!;
    assert.deepEqual(by('copy-secondary-asdm').commands, [`copy /noconfirm ${URL_ASDM} disk0:/${NEW_ASDM}`]);
    assert.deepEqual(by('verify-primary-asa').commands, [`verify /md5 disk0:/${NEW_ASA}`]);
    assert.deepEqual(by('boot-config').commands, [
      'configure terminal',
      'clear configure boot system',
      `boot system disk0:/${NEW_ASA}`,
      `boot system disk0:/${OLD_ASA}`,
      `asdm image disk0:/${NEW_ASDM}`,
      'end',
      'write memory',
    ]);
    assert.deepEqual(by('reload-secondary').commands, ['failover reload-standby']);
    assert.deepEqual(by('failover-to-secondary').commands, ['no failover active']);
    assert.deepEqual(by('reload-primary').commands, ['failover reload-standby']);
    assert.match(by('reload-secondary').waitsFor!, /secondary back on 9\.20\(2\) in Standby Ready, with proof it reloaded/);
    assert.ok(plan.steps.every((s) => !s.skip));
  });

  it('never shows the URL password', () => {
    const plan = buildPlan(pair(), { asa: URL_ASA, asdm: URL_ASDM }, asaDialect, { hasStandbyAddress: true });
    const text = JSON.stringify(plan);
    assert.ok(!text.includes('S3cretPw'));
    assert.match(plan.steps[0].commands[0], /^copy \/noconfirm http:\/\/admin:\*{5}@10\.0\.0\.5\/images\/asa9-20-2-smp-k8\.bin disk0:\/asa9-20-2-smp-k8\.bin$/);
  });

  it('reaches the secondary through failover exec mate without a standby address', () => {
    const plan = buildPlan(pair(), { asa: URL_ASDM.replace(NEW_ASDM, NEW_ASA), asdm: URL_ASDM }, asaDialect, { hasStandbyAddress: false });
    const copy = plan.steps.find((s) => s.id === 'copy-secondary-asa')!;
    assert.equal(copy.address, 'active');
    assert.equal(copy.via, 'mate');
    assert.deepEqual(copy.commands, [`failover exec mate copy /noconfirm http://10.0.0.5/images/${NEW_ASA} disk0:/${NEW_ASA}`]);
    const check = plan.steps.find((s) => s.id === 'check-standby-boot')!;
    assert.deepEqual(check.commands, ['failover exec mate show running-config boot system', 'failover exec mate show running-config asdm image']);
  });

  it('skips a copy when the unit already has the file with the same size', () => {
    const p = withFile({}, NEW_ASA, 100 * MB);
    const s = withFile({}, NEW_ASA, 100 * MB);
    const plan = buildPlan(pair(p, s), { asa: URL_ASA, asdm: URL_ASDM }, asaDialect, { hasStandbyAddress: true });
    assert.match(plan.steps.find((x) => x.id === 'copy-primary-asa')!.skip!, /already there \(104857600 bytes\)/);
    assert.match(plan.steps.find((x) => x.id === 'copy-secondary-asa')!.skip!, /already there/);
    assert.equal(plan.steps.find((x) => x.id === 'copy-secondary-asdm')!.skip, undefined);
  });

  it('copies again where the file is shorter than the other unit\'s copy (an interrupted transfer)', () => {
    const plan = buildPlan(pair(withFile({}, NEW_ASA, 100 * MB), withFile({}, NEW_ASA, 40 * MB)), { asa: URL_ASA, asdm: URL_ASDM }, asaDialect, { hasStandbyAddress: true });
    assert.ok(plan.steps.find((x) => x.id === 'copy-primary-asa')!.skip);
    assert.equal(plan.steps.find((x) => x.id === 'copy-secondary-asa')!.skip, undefined);
  });

  it('copies again where the size differs from the known size', () => {
    const plan = buildPlan(pair(withFile({}, NEW_ASA, 100 * MB)), { asa: URL_ASA, asdm: URL_ASDM, asaBytes: 120 * MB }, asaDialect, { hasStandbyAddress: true });
    assert.equal(plan.steps.find((x) => x.id === 'copy-primary-asa')!.skip, undefined);
  });

  it('keeps the current ASDM image when no new one is given (and it is new enough for the target)', () => {
    const newEnough = { asdmVersion: '7.20(1)' };
    const plan = buildPlan(pair(newEnough, newEnough), { asa: URL_ASA }, asaDialect, { hasStandbyAddress: true });
    assert.ok(plan.steps.find((x) => x.id === 'boot-config')!.commands.includes(`asdm image disk0:/${OLD_ASDM}`));
    assert.ok(!plan.steps.some((x) => x.id.endsWith('-asdm')));
  });

  it('stops after the download for download only', () => {
    const plan = buildPlan(pair(), { asa: URL_ASA, asdm: URL_ASDM, downloadOnly: true }, asaDialect, { hasStandbyAddress: true });
    assert.ok(plan.downloadOnly);
    assert.ok(plan.steps.every((s) => s.phase === 'download'));
  });

  it('on resume, marks what the pair shows is already done', () => {
    const status = pair(withFile({ state: 'Standby Ready', isActive: false }, NEW_ASA, 100 * MB), withFile({ state: 'Active', isActive: true, version: '9.20(2)', systemImage: `disk0:/${NEW_ASA}` }, NEW_ASA, 100 * MB), { activeRole: 'secondary' });
    const plan = buildPlan(status, { asa: URL_ASA, asdm: URL_ASDM }, asaDialect, { hasStandbyAddress: true, resume: true, fromVersion: '9.18(4)22' });
    const skipped = plan.steps.filter((s) => s.skip).map((s) => s.id);
    assert.deepEqual(skipped.filter((id) => !id.endsWith('-asdm')), ['copy-primary-asa', 'copy-secondary-asa', 'boot-config', 'check-standby-boot', 'reload-secondary', 'failover-to-secondary']);
    assert.equal(plan.fromVersion, '9.18(4)22');
    // The primary is standby now: it is reached on the standby address.
    assert.equal(plan.steps.find((s) => s.id === 'copy-primary-asa')!.address, 'standby');
  });
});
