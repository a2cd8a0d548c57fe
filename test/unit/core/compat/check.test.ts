import assert from 'node:assert/strict';
import { checkCompatibility, formatChecks, refusalsOf, upgradeHops, zeroDowntimeProblem, minimumAsdm, type CompatibilityCheck, type CompatibilityInput } from '../../../../src/core/compat';

function check(over: Partial<CompatibilityInput>): CompatibilityCheck[] {
  return checkCompatibility({ models: ['ASAv10', 'ASAv10'], running: '9.18(4)22', runningAsdm: '7.18(1)152', asaFile: 'asa9-20-2-smp-k8.bin', asdmFile: 'asdm-7201.bin', ...over });
}

function verdictOf(checks: CompatibilityCheck[], id: CompatibilityCheck['id']): CompatibilityCheck {
  const c = checks.find((x) => x.id === id);
  assert.ok(c, `no ${id} check in ${JSON.stringify(checks.map((x) => x.id))}`);
  return c;
}

describe('compatibility checks', () => {
  it('passes an ASAv upgrade along the path with a new enough ASDM, saying what each check found', () => {
    const checks = check({});
    assert.deepEqual(
      checks.map((c) => [c.id, c.verdict]),
      [
        ['platform', 'pass'],
        ['image-family', 'pass'],
        ['release-limits', 'pass'],
        ['direction', 'pass'],
        ['upgrade-path', 'pass'],
        ['zero-downtime', 'pass'],
        ['asdm', 'pass'],
      ],
    );
    for (const c of checks) assert.ok(c.reason.length > 20, `${c.id} passes without saying why`);
    assert.match(formatChecks(checks), /^PASS {3}Platform: ASAv10 is an ASAv/m);
  });

  describe('image family', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['ASA5516', 'asa9-14-4-smp-k8.bin', /asa9-14-4-smp-k8\.bin is an smp \.bin image, and the ASA 5508-X\/5516-X \(ASA5516\) boots only lfbff \.SPA images\. Use an lfbff \.SPA image \(like asa9-16-3-19-lfbff-k8\.SPA\)/],
      ['ASA5525', 'asa9-14-4-lfbff-k8.SPA', /is an lfbff \.SPA image, and the ASA 5525-X\/5545-X\/5555-X \(ASA5525\) boots only smp \.bin images/],
      ['ASAv10', 'cisco-asa-fp2k.9.20.2.SPA', /is a Firepower 2100 package .* the ASAv \(ASAv10\) boots only smp \.bin images/],
      ['FPR-2130', 'asa9-20-2-smp-k8.bin', /the Firepower 2100 \(FPR-2130\) boots only Firepower 2100 package/],
      ['FPR-1120', 'cisco-asa-fp2k.9.20.2.SPA', /the Firepower 1000 \(FPR-1120\) boots only Firepower 1000 package/],
      ['FPR-3110', 'cisco-asa-fp1k.9.20.2.SPA', /the Secure Firewall 3100 \(FPR-3110\) boots only Secure Firewall 3100 package/],
      ['ASA5505', 'asa9-1-7-smp-k8.bin', /the ASA 5505 \(ASA5505\) boots only k8 \.bin image/],
      ['ISA-3000-2C2F', 'asa9-16-3-smp-k8.bin', /the ISA 3000 \(ISA-3000-2C2F\) boots only lfbff/],
    ];
    for (const [model, file, message] of cases) {
      it(`refuses ${file} on a ${model}, naming the family it needs`, () => {
        const c = verdictOf(check({ models: [model, model], running: '9.0(4)', asaFile: file, asdmFile: undefined, runningAsdm: undefined }), 'image-family');
        assert.equal(c.verdict, 'refuse');
        assert.equal(c.overridable, false, 'a wrong family is never skippable');
        assert.match(`${c.reason} ${c.fix}`, message);
      });
    }
    it('accepts both k8 and smp on a 5585-X', () => {
      for (const file of ['asa847-k8.bin', 'asa9-1-7-smp-k8.bin']) {
        assert.equal(verdictOf(check({ models: ['ASA5585-SSP-20'], running: '8.4(5)', asaFile: file, asdmFile: undefined }), 'image-family').verdict, 'pass');
      }
    });
    it('refuses any image on a Firepower 4100/9300: the ASA there is upgraded from FXOS', () => {
      const c = verdictOf(check({ models: ['FPR-4110'] }), 'platform');
      assert.equal(c.verdict, 'refuse');
      assert.match(c.reason, /logical device upgraded from FXOS/);
    });
  });

  describe('last release of each platform', () => {
    const limits: Array<[string, string, string, string, string]> = [
      // model, running, allowed image (last train), refused image, last train
      ['ASA5505', '9.1(7)', 'asa924-k8.bin', 'asa931-k8.bin', '9.2'],
      ['ASA5520', '8.4(7)', 'asa917-k8.bin', 'asa924-k8.bin', '9.1'],
      ['ASA5550', '8.4(7)', 'asa917-k8.bin', 'asa924-k8.bin', '9.1'],
      ['ASA5580', '8.4(7)', 'asa917-smp-k8.bin', 'asa924-smp-k8.bin', '9.1'],
      ['ASA5512', '9.8(4)', 'asa9-12-4-smp-k8.bin', 'asa9-14-1-smp-k8.bin', '9.12'],
      ['ASA5515', '9.8(4)', 'asa9-12-4-smp-k8.bin', 'asa9-13-1-smp-k8.bin', '9.12'],
      ['ASA5585-SSP-20', '9.8(4)', 'asa9-12-4-smp-k8.bin', 'asa9-14-1-smp-k8.bin', '9.12'],
      ['ASA5525', '9.8(4)', 'asa9-14-4-smp-k8.bin', 'asa9-16-1-smp-k8.bin', '9.14'],
      ['ASA5545', '9.8(4)', 'asa9-14-4-smp-k8.bin', 'asa9-15-1-smp-k8.bin', '9.14'],
      ['ASA5555', '9.8(4)', 'asa9-14-4-smp-k8.bin', 'asa9-18-4-smp-k8.bin', '9.14'],
      ['ASA5506', '9.8(4)', 'asa9-16-4-lfbff-k8.SPA', 'asa9-18-4-lfbff-k8.SPA', '9.16'],
      ['ASA5508', '9.8(4)', 'asa9-16-4-lfbff-k8.SPA', 'asa9-17-1-lfbff-k8.SPA', '9.16'],
      ['ASA5516', '9.8(4)', 'asa9-16-4-lfbff-k8.SPA', 'asa9-18-4-lfbff-k8.SPA', '9.16'],
    ];
    for (const [model, running, ok, beyond, last] of limits) {
      it(`${model}: runs ${ok}, refuses ${beyond} naming the ${last} train as its last`, () => {
        const base = { models: [model, model], running, asdmFile: undefined, runningAsdm: undefined };
        assert.equal(verdictOf(check({ ...base, asaFile: ok }), 'release-limits').verdict, 'pass');
        const c = verdictOf(check({ ...base, asaFile: beyond }), 'release-limits');
        assert.equal(c.verdict, 'refuse');
        assert.match(c.reason, new RegExp(`up to the ${last.replace('.', '\\.')} train, its last; ${beyond.replace(/\./g, '\\.')} is`));
        assert.match(c.fix!, new RegExp(`Choose a ${last.replace('.', '\\.')} image`));
        assert.ok(c.source && /compatibility matrix/i.test(c.source));
      });
    }
    it('knows no last release for ASAv, ISA 3000 and Firepower, and says so', () => {
      for (const [model, file] of [
        ['ASAv10', 'asa9-22-1-smp-k8.bin'],
        ['ISA-3000-4C', 'asa9-22-1-lfbff-k8.SPA'],
        ['FPR-2130', 'cisco-asa-fp2k.9.22.1.SPA'],
        ['FPR-1120', 'cisco-asa-fp1k.9.22.1.SPA'],
        ['FPR-3110', 'cisco-asa-fp3k.9.22.1.SPA'],
      ]) {
        const c = verdictOf(check({ models: [model], running: '9.20(2)', asaFile: file, asdmFile: undefined }), 'release-limits');
        assert.equal(c.verdict, 'pass', `${model}: ${c.reason}`);
        assert.match(c.reason, /no last release announced/);
      }
    });
    it('refuses a release older than the platform\'s first one', () => {
      const c = verdictOf(check({ models: ['FPR-2130'], running: '9.8(1)', asaFile: 'cisco-asa-fp2k.9.6.4.SPA', downloadOnly: true, asdmFile: undefined }), 'release-limits');
      assert.equal(c.verdict, 'refuse');
      assert.match(c.reason, /runs 9\.8\(2\) and later/);
    });
  });

  describe('direction', () => {
    it('refuses a downgrade, never skippable', () => {
      const checks = check({ asaFile: 'asa9-16-3-19-smp-k8.bin', skip: true });
      const c = verdictOf(checks, 'direction');
      assert.equal(c.verdict, 'refuse');
      assert.match(c.reason, /older than the 9\.18\(4\)22 the pair runs\. This tool only upgrades/);
      assert.ok(!checks.some((x) => x.id === 'upgrade-path'), 'no path is computed for a downgrade');
    });
    it('says "nothing to upgrade" for the version already running', () => {
      assert.match(verdictOf(check({ asaFile: 'asa9-18-4-22-smp-k8.bin' }), 'direction').reason, /already runs 9\.18\(4\)22\. Nothing to upgrade/);
    });
    it('lets download only copy any release', () => {
      assert.equal(verdictOf(check({ asaFile: 'asa9-18-4-22-smp-k8.bin', downloadOnly: true }), 'direction').verdict, 'pass');
    });
  });

  describe('upgrade path', () => {
    const paths: Array<[string, string, string[]]> = [
      ['7.2(4)', '9.1(7)', ['9.0(4)']],
      ['8.2(5)', '9.1(7)', ['9.0(4)']],
      ['8.3(2)', '9.2(4)', ['9.0(4)']],
      ['8.4(2)', '9.1(7)', ['9.0(4)']],
      ['8.5(1)', '9.1(7)', ['9.0(4)']],
      ['8.6(1)', '9.1(7)', ['9.0(4)']],
      ['9.0(1)', '9.8(4)', ['9.0(4)']],
      ['9.1(1)', '9.8(4)', ['9.1(2)']],
      ['8.4(5)', '9.1(7)', []],
      ['9.0(2)', '9.8(4)', []],
      ['9.1(2)', '9.12(4)', []],
      ['9.8(4)', '9.20(2)', []],
      ['8.4(2)', '8.4(7)', []],
    ];
    for (const [from, to, hops] of paths) {
      it(`${from} -> ${to}: ${hops.length ? `through ${hops.join(', ')} first` : 'direct'}`, () => {
        assert.deepEqual(upgradeHops(from, to).map((h) => h.to), hops);
      });
    }
    it('refuses a jump that needs an interim release, listing the hops to do first', () => {
      const c = verdictOf(check({ models: ['ASA5585-SSP-20'], running: '9.1(1)', asaFile: 'asa9-12-4-smp-k8.bin', asdmFile: 'asdm-7124.bin' }), 'upgrade-path');
      assert.equal(c.verdict, 'refuse');
      assert.match(c.reason, /From 9\.1\(1\) the upgrade path goes through 9\.1\(2\) before 9\.12\(4\)/);
      assert.match(c.fix!, /hop by hop.*: 9\.1\(1\) -> 9\.1\(2\), then 9\.1\(2\) -> 9\.12\(4\)\./);
      assert.equal(c.overridable, true);
    });
    it('refuses the issue\'s 5505 on 7.2(0)55 going to an lfbff 9.9(2)32 for every reason at once', () => {
      const checks = check({ models: ['ASA5505', 'ASA5505'], running: '7.2(0)55', runningAsdm: '5.2(4)', asaFile: 'asa9-9-2-32-lfbff-k8.SPA', asdmFile: undefined });
      const refused = checks.filter((c) => c.verdict === 'refuse').map((c) => c.id);
      assert.deepEqual(refused, ['image-family', 'release-limits', 'upgrade-path', 'asdm']);
      const text = refusalsOf(checks).join('\n');
      assert.match(text, /boots only k8 \.bin image/);
      assert.match(text, /up to the 9\.2 train, its last/);
      assert.match(text, /7\.2\(0\)55 -> 9\.0\(4\), then 9\.0\(4\) -> 9\.9\(2\)32/);
      assert.match(text, /ASDM 5\.2\(4\) is older than ASDM 7\.9/);
    });
  });

  describe('zero-downtime (mixed versions in the pair)', () => {
    it('refuses a pre-9.0 jump of more than one minor release, naming the rule and the trains to go through', () => {
      const c = verdictOf(check({ models: ['ASA5510'], running: '7.0(8)', asaFile: 'asa725-k8.bin', asdmFile: undefined, runningAsdm: undefined }), 'zero-downtime');
      assert.equal(c.verdict, 'refuse');
      assert.match(c.reason, /would not reach Standby Ready: zero-downtime upgrades of a failover pair before 9\.0 go one minor release at a time/);
      assert.match(c.fix!, /Upgrade through 7\.1 first/);
      assert.deepEqual(zeroDowntimeProblem('8.0(5)', '8.4(7)')?.trainsFirst, ['8.1', '8.2', '8.3']);
    });
    it('passes one minor release at a time before 9.0, and any hop along the 9.x path', () => {
      assert.equal(zeroDowntimeProblem('7.2(5)', '8.0(5)'), undefined);
      assert.equal(zeroDowntimeProblem('8.2(5)', '8.3(2)'), undefined);
      const c = verdictOf(check({}), 'zero-downtime');
      assert.equal(c.verdict, 'pass');
      assert.match(c.reason, /Ours 9\.2\(2\)4, Mate 9\.5\(2\) and reached Standby Ready/);
    });
  });

  describe('ASDM', () => {
    it('needs ASDM 7.N for ASA 9.N (6.N for 8.N)', () => {
      assert.equal(minimumAsdm('9.16(3)19')?.train, '7.16');
      assert.equal(minimumAsdm('9.1(7)')?.train, '7.1');
      assert.equal(minimumAsdm('8.4(7)')?.train, '6.4');
    });
    it('refuses choosing an ASDM older than the target needs, naming the minimum', () => {
      const c = verdictOf(check({ asdmFile: 'asdm-7181-152.bin' }), 'asdm');
      assert.equal(c.verdict, 'refuse');
      assert.match(c.reason, /asdm-7181-152\.bin: ASDM 7\.18\(1\)152 is older than ASDM 7\.20, the minimum for ASA 9\.20\(2\)/);
      assert.match(c.fix!, /Choose ASDM 7\.20 or later/);
    });
    it('refuses keeping an ASDM older than the target needs', () => {
      const c = verdictOf(check({ asdmFile: undefined }), 'asdm');
      assert.equal(c.verdict, 'refuse');
      assert.match(c.reason, /Keeping the current ASDM: ASDM 7\.18\(1\)152 is older than ASDM 7\.20/);
    });
    it('only warns about keeping an old ASDM when just downloading (nothing is booted)', () => {
      const c = verdictOf(check({ asdmFile: undefined, downloadOnly: true }), 'asdm');
      assert.equal(c.verdict, 'warn');
      assert.match(c.fix!, /Include an ASDM 7\.20 or later image when you upgrade/);
    });
    it('passes a newer ASDM and keeping one that is new enough', () => {
      assert.equal(verdictOf(check({ asdmFile: 'asdm-7221.bin' }), 'asdm').verdict, 'pass');
      assert.equal(verdictOf(check({ asdmFile: undefined, runningAsdm: '7.20(1)' }), 'asdm').verdict, 'pass');
    });
    it('checks an ASDM image alone against the running ASA', () => {
      const old = verdictOf(check({ asaFile: undefined, asdmFile: 'asdm-7171.bin' }), 'asdm');
      assert.equal(old.verdict, 'refuse');
      assert.match(old.reason, /older than ASDM 7\.18, the minimum for ASA 9\.18\(4\)22 \(running\)/);
      assert.equal(verdictOf(check({ asaFile: undefined, asdmFile: 'asdm-7201.bin' }), 'asdm').verdict, 'pass');
    });
    it('knows Firepower packages carry their ASDM', () => {
      const c = verdictOf(check({ models: ['FPR-2130'], running: '9.18(4)', asaFile: 'cisco-asa-fp2k.9.20.2.SPA', asdmFile: undefined, runningAsdm: '7.18(1)' }), 'asdm');
      assert.equal(c.verdict, 'pass');
      assert.match(c.reason, /carries its own ASDM/);
    });
  });

  describe('what the data does not know', () => {
    it('warns, never passes silently, for an unknown platform', () => {
      const checks = check({ models: ['PIX-535', 'PIX-535'] });
      assert.equal(verdictOf(checks, 'platform').verdict, 'warn');
      assert.match(verdictOf(checks, 'platform').reason, /PIX-535 is not in the compatibility data/);
      assert.equal(verdictOf(checks, 'image-family').verdict, 'warn');
      assert.equal(verdictOf(checks, 'release-limits').verdict, 'warn');
    });
    it('warns when show version named no model', () => {
      assert.equal(verdictOf(check({ models: [undefined, undefined] }), 'platform').verdict, 'warn');
    });
    it('warns for a release newer than the data', () => {
      const c = verdictOf(check({ asaFile: 'asa9-30-1-smp-k8.bin', asdmFile: 'asdm-7301.bin' }), 'release-limits');
      assert.equal(c.verdict, 'warn');
      assert.match(c.reason, /newer than any release in the compatibility data/);
    });
  });

  describe('skipping the check', () => {
    it('turns refusals that rest on release data into warnings that name the risk; family and direction stay refused', () => {
      const checks = check({ models: ['ASA5516', 'ASA5516'], running: '9.16(3)', asaFile: 'asa9-18-4-lfbff-k8.SPA', asdmFile: undefined, runningAsdm: '7.16(1)', skip: true });
      const limits = verdictOf(checks, 'release-limits');
      assert.equal(limits.verdict, 'warn');
      assert.equal(limits.skipped, true);
      assert.match(limits.reason, /^Skipped at your risk: The ASA 5508-X\/5516-X runs releases up to the 9\.16 train/);
      assert.equal(verdictOf(checks, 'asdm').verdict, 'warn');
      assert.equal(refusalsOf(checks).length, 0);
      const wrongFamily = check({ models: ['ASA5516'], running: '9.16(3)', asaFile: 'asa9-18-4-smp-k8.bin', skip: true });
      assert.equal(verdictOf(wrongFamily, 'image-family').verdict, 'refuse');
    });
  });
});
