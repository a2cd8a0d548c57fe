// Issue 11 against the lab's platforms: `plan` and `upgrade` refuse an incompatible image (wrong family, beyond
// the model's last release, a downgrade, an upgrade that needs an interim release, a jump a failover pair cannot
// make with mixed versions, an ASDM too old for the target) with exit 2 and every reason, and the lab's own
// history shows nothing reached the units but reads (show, dir) and session set-up (enable, terminal).

import assert from 'node:assert/strict';
import { LAB_PLATFORMS, type LabOptions } from '../../../src/lab';
import { ensureBuilt, runCli } from '../../support/cli-run';
import { startCliLab, type CliLab } from '../cli/lab-fixture';

/** What reading a pair sends: reads and session set-up, through the mate too. Anything else changes something. */
const READ = /^(failover exec mate )?(show\s|dir(\s|$)|more\s)|^(terminal (pager|width)\s|enable$)/;

function sentSince(t: CliLab, mark: number): string[] {
  return t.lab.history.events.slice(mark).filter((e) => e.kind === 'command').map((e) => e.command ?? '');
}

interface Refusal {
  what: string;
  args: (t: CliLab) => string[];
  /** Each must appear in the reasons (stderr) and as a REFUSE verdict (stdout). */
  reasons: RegExp[];
  /** Also run `upgrade --yes`, which must refuse the same way. */
  upgrade?: boolean;
}

interface LabCase {
  title: string;
  lab: LabOptions;
  refusals: Refusal[];
}

const url = (t: CliLab, file: string): string => t.images.url(file);

const CASES: LabCase[] = [
  {
    title: 'ASAv (9.18(4)22, ASDM 7.18(1)152)',
    lab: {},
    refusals: [
      {
        what: 'a Firepower 2100 package (wrong family)',
        args: (t) => ['--asa', url(t, 'cisco-asa-fp2k.9.20.2.SPA'), '--asdm', url(t, 'asdm-7201.bin')],
        reasons: [/cisco-asa-fp2k\.9\.20\.2\.SPA is a Firepower 2100 package .*, and the ASAv \(ASAv\w*\) boots only smp \.bin images\. Use an smp \.bin image/],
        upgrade: true,
      },
      {
        what: 'a downgrade',
        args: (t) => ['--asa', url(t, 'asa9-16-3-19-smp-k8.bin'), '--asdm', url(t, 'asdm-7201.bin')],
        reasons: [/asa9-16-3-19-smp-k8\.bin is 9\.16\(3\)19, older than the 9\.18\(4\)22 the pair runs\. This tool only upgrades/],
      },
      {
        what: 'an ASDM older than the target needs',
        args: (t) => ['--asa', url(t, 'asa9-20-2-smp-k8.bin'), '--asdm', url(t, 'asdm-7181-152.bin')],
        reasons: [/asdm-7181-152\.bin: ASDM 7\.18\(1\)152 is older than ASDM 7\.20, the minimum for ASA 9\.20\(2\)\. Choose ASDM 7\.20 or later/],
      },
      {
        what: 'keeping an ASDM older than the target needs',
        args: (t) => ['--asa', url(t, 'asa9-20-2-smp-k8.bin')],
        reasons: [/Keeping the current ASDM: ASDM 7\.18\(1\)152 is older than ASDM 7\.20, the minimum for ASA 9\.20\(2\)/],
        upgrade: true,
      },
    ],
  },
  {
    title: 'ASA 5516-X (9.12(4), lfbff)',
    lab: { platform: 'asa5516' },
    refusals: [
      {
        what: 'a release beyond its last train (9.16)',
        args: (t) => ['--asa', url(t, 'asa9-18-4-lfbff-k8.SPA'), '--asdm', url(t, 'asdm-7201.bin')],
        reasons: [/The ASA 5508-X\/5516-X runs releases up to the 9\.16 train, its last; asa9-18-4-lfbff-k8\.SPA is 9\.18\(4\)\. Choose a 9\.16 image/],
        upgrade: true,
      },
      {
        what: 'an smp .bin image and beyond the last train: both reasons at once',
        args: (t) => ['--asa', url(t, 'asa9-20-2-smp-k8.bin'), '--asdm', url(t, 'asdm-7201.bin')],
        reasons: [/boots only lfbff \.SPA images/, /up to the 9\.16 train, its last/],
      },
    ],
  },
  {
    title: 'ASA 5525-X (9.12(4)37)',
    lab: { platform: 'asa5525' },
    refusals: [
      {
        what: 'a release beyond its last train (9.14)',
        args: (t) => ['--asa', url(t, 'asa9-16-1-smp-k8.bin'), '--asdm', url(t, 'asdm-7201.bin')],
        reasons: [/The ASA 5525-X\/5545-X\/5555-X runs releases up to the 9\.14 train, its last/],
      },
      {
        what: 'an lfbff image',
        args: (t) => ['--asa', url(t, 'asa9-14-2-14-lfbff-k8.SPA'), '--asdm', url(t, 'asdm-7161-150.bin')],
        reasons: [/is an lfbff \.SPA image, and the ASA 5525-X\/5545-X\/5555-X \(ASA5525\) boots only smp \.bin images/],
      },
    ],
  },
  {
    title: 'ASA 5555-X (9.12(4)37)',
    lab: { platform: 'asa5555' },
    refusals: [
      {
        what: 'a release beyond its last train (9.14)',
        args: (t) => ['--asa', url(t, 'asa9-18-4-smp-k8.bin'), '--asdm', url(t, 'asdm-7201.bin')],
        reasons: [/The ASA 5525-X\/5545-X\/5555-X runs releases up to the 9\.14 train, its last/],
      },
    ],
  },
  {
    title: 'ASA 5585-X (9.8(4)10)',
    lab: { platform: 'asa5585' },
    refusals: [
      {
        what: 'a release beyond its last train (9.12)',
        args: (t) => ['--asa', url(t, 'asa9-14-1-smp-k8.bin'), '--asdm', url(t, 'asdm-7201.bin')],
        reasons: [/The ASA 5585-X runs releases up to the 9\.12 train, its last/],
      },
    ],
  },
  {
    title: 'ASA 5585-X running 9.1(1)',
    lab: { platform: 'asa5585', initialAsa: 'asa911-smp-k8.bin', initialAsdm: 'asdm-711.bin' },
    refusals: [
      {
        what: 'an upgrade that needs the interim release 9.1(2) first, listing the hops',
        args: (t) => ['--asa', url(t, 'asa9-12-4-37-smp-k8.bin'), '--asdm', url(t, 'asdm-7122.bin')],
        reasons: [/From 9\.1\(1\) the upgrade path goes through 9\.1\(2\) before 9\.12\(4\)37/, /hop by hop, each hop an ordinary upgrade: 9\.1\(1\) -> 9\.1\(2\), then 9\.1\(2\) -> 9\.12\(4\)37\./],
        upgrade: true,
      },
    ],
  },
  {
    title: 'ASA 5585-X running 8.4(2)',
    lab: { platform: 'asa5585', initialAsa: 'asa842-smp-k8.bin', initialAsdm: 'asdm-642.bin' },
    refusals: [
      {
        what: 'an upgrade from 8.4(1)-8.4(4) that goes through 9.0(4)',
        args: (t) => ['--asa', url(t, 'asa9-8-4-10-smp-k8.bin'), '--asdm', url(t, 'asdm-782.bin')],
        reasons: [/goes through 9\.0\(4\) before 9\.8\(4\)10 \(starting point "8\.4\(1\) through 8\.4\(4\)"/],
      },
    ],
  },
  {
    title: 'ASA 5585-X running 8.2(5)',
    lab: { platform: 'asa5585', initialAsa: 'asa825-smp-k8.bin', initialAsdm: 'asdm-625.bin' },
    refusals: [
      {
        what: 'a jump of two minor releases, which a failover pair cannot make with mixed versions before 9.0',
        args: (t) => ['--asa', url(t, 'asa847-smp-k8.bin'), '--asdm', url(t, 'asdm-647.bin')],
        reasons: [/A pair running 8\.2\(5\) and 8\.4\(7\) side by side would not reach Standby Ready: zero-downtime upgrades of a failover pair before 9\.0 go one minor release at a time\. Upgrade through 8\.3 first/],
      },
    ],
  },
  {
    title: 'Firepower 2100 (9.18(4)22 package)',
    lab: { platform: 'fpr2100' },
    refusals: [
      {
        what: 'an smp .bin image',
        args: (t) => ['--asa', url(t, 'asa9-20-2-smp-k8.bin'), '--asdm', url(t, 'asdm-7201.bin')],
        reasons: [/the Firepower 2100 \(FPR-\d+\) boots only Firepower 2100 packages/],
        upgrade: true,
      },
    ],
  },
];

describe('compatibility refusals against the lab platforms (nothing sent but reads)', function () {
  this.timeout(300_000);
  before(() => ensureBuilt());

  for (const c of CASES) {
    describe(c.title, () => {
      let t: CliLab;
      before(async () => {
        t = await startCliLab(c.lab);
      });
      after(async () => t?.stop());

      for (const r of c.refusals) {
        it(`refuses ${r.what}: exit 2, every reason, only reads sent${r.upgrade ? ' (plan and upgrade --yes)' : ''}`, async () => {
          for (const command of r.upgrade ? ['plan', 'upgrade'] : ['plan']) {
            const mark = t.lab.history.events.length;
            const requests = t.images.requests.length;
            const res = await runCli([command, ...t.connection(), ...r.args(t), ...(command === 'upgrade' ? ['--yes', '--poll-ms', '100'] : [])], { env: t.env });
            assert.equal(res.code, 2, `${command}: exit ${res.code}\n${res.stdout}\n${res.stderr}`);
            assert.match(res.stderr, /The upgrade cannot start; nothing was changed on the pair/);
            for (const reason of r.reasons) assert.match(res.stderr, reason, `${command}: the reason is not given`);
            assert.match(res.stdout, /^Compatibility:$/m, `${command}: the verdicts are not shown`);
            assert.match(res.stdout, /^ {2}REFUSE /m);
            const sent = sentSince(t, mark);
            assert.ok(sent.some((s) => /show version/.test(s)), `${command}: the pair was not read: ${JSON.stringify(sent)}`);
            assert.deepEqual(sent.filter((s) => !READ.test(s)), [], `${command}: more than reads reached the lab`);
            assert.equal(t.images.requests.length, requests, `${command}: the image server was asked`);
            assert.equal(t.lab.history.reloads().length, 0);
          }
        });
      }
    });
  }

  for (const p of LAB_PLATFORMS) {
    it(`${p.title}: its own upgrade (${p.from.asa} -> ${p.to.asa}) passes every check, each verdict shown`, async () => {
      const t = await startCliLab({ platform: p.name });
      try {
        const res = await runCli(['plan', ...t.connection(), '--asa', url(t, p.to.asa), '--asdm', url(t, p.to.asdm)], { env: t.env });
        assert.equal(res.code, 0, `${res.stdout}\n${res.stderr}`);
        const verdicts = res.stdout.split('\n').filter((l) => /^ {2}(PASS|WARN|REFUSE) /.test(l));
        assert.deepEqual(
          verdicts.map((l) => l.trim().split(/\s+/)[0]),
          ['PASS', 'PASS', 'PASS', 'PASS', 'PASS', 'PASS', 'PASS'],
          res.stdout,
        );
        assert.match(res.stdout, new RegExp(`^ {2}PASS {3}Platform: ${p.model.replace(/[-.]/g, '\\$&')}\\w* is `, 'm'));
      } finally {
        await t.stop();
      }
    });
  }

  it('--skip-compatibility-check plans past a release-data refusal and words it as a risk; a wrong family stays refused', async () => {
    const t = await startCliLab({ platform: 'asa5516' });
    try {
      const beyond = ['--asa', url(t, 'asa9-18-4-lfbff-k8.SPA'), '--asdm', url(t, 'asdm-7201.bin'), '--skip-compatibility-check'];
      const res = await runCli(['plan', ...t.connection(), ...beyond], { env: t.env });
      assert.equal(res.code, 0, `${res.stdout}\n${res.stderr}`);
      assert.match(res.stdout, /RISK: --skip-compatibility-check was given\. Skipping the compatibility check is a risk: a unit may refuse to boot the image/);
      assert.match(res.stdout, /^ {2}WARN {3}Release limits: Skipped at your risk: The ASA 5508-X\/5516-X runs releases up to the 9\.16 train/m);
      const family = await runCli(['plan', ...t.connection(), '--asa', url(t, 'asa9-16-3-19-smp-k8.bin'), '--asdm', url(t, 'asdm-7201.bin'), '--skip-compatibility-check'], { env: t.env });
      assert.equal(family.code, 2, family.stdout);
      assert.match(family.stderr, /boots only lfbff \.SPA images/);
      assert.deepEqual(t.changingCommands(), []);
    } finally {
      await t.stop();
    }
  });
});
