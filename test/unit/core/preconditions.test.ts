import assert from 'node:assert/strict';
import { asaDialect } from '../../../src/asa/commands';
import { PreconditionError } from '../../../src/core/errors';
import { buildPlan } from '../../../src/core/plan';
import { pairStateProblems, stageOf } from '../../../src/core/preconditions';
import { MB, NEW_ASA, NEW_ASDM, pair, withFile } from './support/fixtures';

const request = { asa: `http://10.0.0.5/${NEW_ASA}`, asdm: `http://10.0.0.5/${NEW_ASDM}` };
const ctx = { hasStandbyAddress: true };

function refusal(status: ReturnType<typeof pair>, req = request as Parameters<typeof buildPlan>[1], c: Parameters<typeof buildPlan>[3] = ctx): string {
  try {
    buildPlan(status, req, asaDialect, c);
  } catch (e) {
    assert.ok(e instanceof PreconditionError, `expected PreconditionError, got ${String(e)}`);
    assert.match(e.message, /nothing was changed on the pair/);
    return e.message;
  }
  assert.fail('the plan was not refused');
}

describe('upgrade preconditions', () => {
  it('accepts a healthy pair on one version, primary active, standby ready', () => {
    assert.doesNotThrow(() => buildPlan(pair(), request, asaDialect, ctx));
  });

  it('refuses when failover is off', () => {
    const status = pair({}, {}, { failoverEnabled: false });
    status.units = [status.units[0]];
    assert.match(refusal(status), /Failover is off .* Turn failover on, or upgrade the unit by hand/);
  });

  it('refuses when only one unit answers', () => {
    const status = pair();
    status.units = [status.units[0]];
    assert.match(refusal(status), /Only one unit of the pair answered/);
  });

  it('refuses when the primary is not the active unit, saying how to fix it', () => {
    const m = refusal(pair({ state: 'Standby Ready', isActive: false }, { state: 'Active', isActive: true }, { activeRole: 'secondary' }));
    assert.match(m, /The primary unit is not the active unit.*fail over to it first/);
  });

  it('refuses when the units run different versions', () => {
    assert.match(refusal(pair({}, { version: '9.18(3)' })), /different versions \(primary 9\.18\(4\)22, secondary 9\.18\(3\)\)\. Finish or roll back/);
  });

  it('refuses when the standby is not Standby Ready', () => {
    assert.match(refusal(pair({}, { state: 'Cold Standby' })), /The secondary \(standby\) is "Cold Standby", not Standby Ready\. Wait until/);
  });

  it('refuses when neither unit is active', () => {
    assert.match(refusal(pair({ state: 'Negotiation', isActive: false })), /Neither unit is active/);
  });

  it('refuses when a unit lacks flash space for what it still needs', () => {
    const status = pair({}, { flashFreeBytes: 50 * MB });
    const m = refusal(status, { ...request, asaBytes: 120 * MB, asdmBytes: 30 * MB });
    assert.match(m, /The secondary has 52428800 bytes free on flash but needs 157286400 for the new images\. Free space/);
    assert.ok(!/The primary has/.test(m));
  });

  it('estimates the need from the running image when the new size is unknown', () => {
    assert.match(refusal(pair({ flashFreeBytes: 10 * MB })), /The primary has 10485760 bytes free on flash but needs about 115343360/);
  });

  it('does not count an image a unit already has', () => {
    const p = withFile({ flashFreeBytes: 10 * MB }, NEW_ASA, 120 * MB);
    const s = withFile({}, NEW_ASA, 120 * MB);
    const both = { ...request, asdm: undefined };
    const asdm = { asdmVersion: '7.20(1)' };
    assert.doesNotThrow(() => buildPlan(pair({ ...p, ...asdm }, { ...s, ...asdm }), both, asaDialect, ctx));
  });

  it('refuses an image name that is not an ASA image', () => {
    assert.match(refusal(pair(), { asa: 'http://10.0.0.5/firmware.bin' }), /ASA image: "firmware\.bin" is not an ASA image file name/);
    assert.match(refusal(pair(), { asa: `http://10.0.0.5/${NEW_ASDM}` }), /is an ASDM image, not an ASA image/);
  });

  it('refuses the same version or an older one, unless only downloading', () => {
    assert.match(refusal(pair(), { asa: 'http://10.0.0.5/asa9-18-4-22-smp-k8.bin' }), /already runs 9\.18\(4\)22/);
    assert.match(refusal(pair(), { asa: 'http://10.0.0.5/asa9-16-3-19-smp-k8.bin' }), /older than the 9\.18\(4\)22 the pair runs\. This tool only upgrades/);
    assert.doesNotThrow(() => buildPlan(pair(), { asa: 'http://10.0.0.5/asa9-16-3-19-smp-k8.bin', downloadOnly: true }, asaDialect, ctx));
  });

  it('refuses a flash source that is not on both units', () => {
    const m = refusal(pair(withFile({}, NEW_ASA, 100 * MB)), { asa: `disk0:/${NEW_ASA}` });
    assert.match(m, /disk0:\/asa9-20-2-smp-k8\.bin is not on the secondary's flash\. Copy it to both units first, or give a URL/);
  });

  it('names every problem at once', () => {
    const m = refusal(pair({}, { version: '9.18(3)', state: 'Sync Config' }), { asa: 'http://10.0.0.5/x.bin' });
    assert.match(m, /x\.bin/);
    assert.match(m, /different versions/);
    assert.match(m, /Sync Config/);
  });

  it('on resume, accepts the mixed versions this upgrade leaves, and only those', () => {
    const upgradedSecondary = pair({}, { version: '9.20(2)', systemImage: `disk0:/${NEW_ASA}` });
    assert.match(refusal(upgradedSecondary), /different versions/);
    assert.equal(stageOf(upgradedSecondary, '9.20(2)'), 'secondary-upgraded');
    assert.doesNotThrow(() => buildPlan(upgradedSecondary, request, asaDialect, { ...ctx, resume: true }));

    const onSecondary = pair({ state: 'Standby Ready', isActive: false }, { state: 'Active', isActive: true, version: '9.20(2)' });
    assert.equal(stageOf(onSecondary, '9.20(2)'), 'on-secondary');
    assert.doesNotThrow(() => buildPlan(onSecondary, request, asaDialect, { ...ctx, resume: true }));

    const primaryFirst = pair({ version: '9.20(2)' });
    assert.match(refusal(primaryFirst, request, { ...ctx, resume: true }), /not where an upgrade to 9\.20\(2\) leaves a pair/);
  });

  describe('compatibility (src/core/compat) in the plan', () => {
    it('puts every check with its verdict in the plan', () => {
      const plan = buildPlan(pair(), request, asaDialect, ctx);
      assert.deepEqual(
        plan.compatibility!.map((c) => `${c.id}:${c.verdict}`),
        ['platform:pass', 'image-family:pass', 'release-limits:pass', 'direction:pass', 'upgrade-path:pass', 'zero-downtime:pass', 'asdm:pass'],
      );
    });

    it('refuses with every compatibility reason and every pair problem at once', () => {
      const asa5516 = { model: 'ASA5516', version: '9.8(4)', asdmVersion: '7.8(2)' };
      const m = refusal(pair(asa5516, { ...asa5516, state: 'Cold Standby' }), { asa: 'http://10.0.0.5/asa9-18-4-smp-k8.bin' });
      assert.match(m, /The secondary \(standby\) is "Cold Standby"/);
      assert.match(m, /asa9-18-4-smp-k8\.bin is an smp \.bin image, and the ASA 5508-X\/5516-X \(ASA5516\) boots only lfbff \.SPA images/);
      assert.match(m, /runs releases up to the 9\.16 train, its last; asa9-18-4-smp-k8\.bin is 9\.18\(4\)/);
      assert.match(m, /Keeping the current ASDM: ASDM 7\.8\(2\) is older than ASDM 7\.18/);
    });

    it('with the skip choice, plans past the release-data refusals and says so in the plan', () => {
      const asa5516 = { model: 'ASA5516', version: '9.16(3)', asdmVersion: '7.16(1)' };
      const skipping = { asa: 'http://10.0.0.5/asa9-18-4-lfbff-k8.SPA', skipCompatibilityCheck: true };
      assert.match(refusal(pair(asa5516, asa5516), { ...skipping, skipCompatibilityCheck: false }), /up to the 9\.16 train/);
      const plan = buildPlan(pair(asa5516, asa5516), skipping, asaDialect, ctx);
      assert.equal(plan.compatibilitySkipped, true);
      assert.ok(plan.compatibility!.some((c) => c.skipped && c.verdict === 'warn' && /^Skipped at your risk: /.test(c.reason)));
    });

    it('tells what is wrong with the pair alone, before any image is chosen', () => {
      const p = pairStateProblems(pair({ state: 'Standby Ready', isActive: false }, { state: 'Active', isActive: true, version: '9.18(3)' }, { activeRole: 'secondary' }), ctx);
      assert.equal(p.problems.length, 2);
      assert.match(p.problems[0], /different versions/);
      assert.match(p.problems[1], /primary unit is not the active unit/);
      assert.deepEqual(pairStateProblems(pair(), ctx).problems, []);
    });
  });
});
