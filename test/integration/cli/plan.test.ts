// `asa-upgrade plan`: the exact ordered steps and commands, with nothing touched, and refusals that say why.

import assert from 'node:assert/strict';
import { connectToLab } from '../../support/lab-connector';
import { ensureBuilt, runCli } from '../../support/cli-run';
import { NEW_ASA, NEW_ASDM, startCliLab, type CliLab } from './lab-fixture';

describe('asa-upgrade plan, end to end', function () {
  this.timeout(120_000);
  let t: CliLab;
  before(ensureBuilt);
  beforeEach(async () => {
    t = await startCliLab();
  });
  afterEach(async () => {
    await t?.stop();
  });

  it('prints the ordered steps with the exact commands and touches nothing', async () => {
    const asa = t.images.url(NEW_ASA);
    const asdm = t.images.url(NEW_ASDM);
    const r = await runCli(['plan', ...t.connection(), '--asa', asa, '--asdm', asdm], { env: t.env });
    assert.equal(r.code, 0, r.stderr);
    const out = r.stdout;
    assert.match(out, /^Upgrade ASA 9\.18\(4\)22 -> 9\.20\(2\), ASDM 7\.18\(1\)152 -> 7\.20\(1\)$/m);

    // Steps are numbered 1..n in order.
    const numbers = [...out.matchAll(/^\s*(\d+)\. /gm)].map((m) => Number(m[1]));
    assert.deepEqual(numbers, numbers.map((_, i) => i + 1));

    const commands = out.split('\n').filter((l) => /^ {6}\S/.test(l) && !/^\s+waits for:/.test(l)).map((l) => l.trim());
    const at = (c: string): number => {
      const i = commands.indexOf(c);
      assert.ok(i >= 0, `the plan shows "${c}":\n${out}`);
      return i;
    };
    const copyAsa = `copy /noconfirm ${asa} disk0:/${NEW_ASA}`;
    const copyAsdm = `copy /noconfirm ${asdm} disk0:/${NEW_ASDM}`;
    assert.equal(commands.filter((c) => c === copyAsa).length, 2, 'the ASA image is copied to both units');
    assert.equal(commands.filter((c) => c === copyAsdm).length, 2, 'the ASDM image is copied to both units');
    assert.ok(commands.includes(`verify /md5 disk0:/${NEW_ASA}`));
    const bootBlock = ['configure terminal', 'clear configure boot system', `boot system disk0:/${NEW_ASA}`, 'boot system disk0:/asa9-18-4-22-smp-k8.bin', `asdm image disk0:/${NEW_ASDM}`, 'end', 'write memory'];
    const start = at('configure terminal');
    assert.deepEqual(commands.slice(start, start + bootBlock.length), bootBlock, 'the new image first, the running one kept as fallback, then saved');
    assert.ok(commands.lastIndexOf(copyAsdm) < start, 'every copy comes before the boot configuration');

    // CDO's order: reload the secondary, fail over to it, reload the primary, fail back.
    const stepLines = out.split('\n').filter((l) => /^\s*\d+\. /.test(l));
    const reloadSecondary = stepLines.findIndex((l) => /Reload the secondary/.test(l));
    const toSecondary = stepLines.findIndex((l) => /Make the secondary active/.test(l));
    const reloadPrimary = stepLines.findIndex((l) => /Reload the primary/.test(l));
    const toPrimary = stepLines.findIndex((l) => /Make the primary active/.test(l));
    assert.ok(reloadSecondary > 0 && reloadSecondary < toSecondary && toSecondary < reloadPrimary && reloadPrimary < toPrimary, stepLines.join('\n'));
    assert.match(stepLines[reloadSecondary], /\[Primary via active address\]/, 'the standby is reloaded from the active unit');
    assert.equal(commands.filter((c) => c === 'failover reload-standby').length, 2);
    assert.equal(commands.filter((c) => c === 'no failover active').length, 2);
    assert.match(out, /waits for: the secondary back on 9\.20\(2\) in Standby Ready/);

    assert.deepEqual(t.changingCommands(), [], 'plan sent nothing that changes a unit');
    assert.deepEqual(t.images.requests, [], 'and fetched no image');
    assert.equal(t.lab.history.reloads().length, 0);
  });

  it('without --standby, plans the secondary through failover exec mate', async () => {
    const r = await runCli(['plan', ...t.connection({ standby: false }), '--asa', t.images.url(NEW_ASA), '--asdm', t.images.url(NEW_ASDM)], { env: t.env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Copy asa9-20-2-smp-k8\.bin to the secondary\s+\[Secondary via active address \(failover exec mate\)\]/);
    assert.deepEqual(t.changingCommands(), []);
  });

  it('--download-only plans the copies and stops there', async () => {
    const r = await runCli(['plan', ...t.connection(), '--asa', t.images.url(NEW_ASA), '--download-only'], { env: t.env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\(download only\)/);
    assert.match(r.stdout, /copy \/noconfirm/);
    assert.doesNotMatch(r.stdout, /reload-standby|no failover active|write memory/);
  });

  it('never prints a password given in an image URL, in text or --json', async () => {
    const secret = 'Url-Secret-42';
    const asa = `ftp://imgs:${secret}@127.0.0.1:2121/${NEW_ASA}`;
    const text = await runCli(['plan', ...t.connection(), '--asa', asa, '--asdm', t.images.url(NEW_ASDM)], { env: t.env });
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /copy \/noconfirm ftp:\/\/imgs:\*+@127\.0\.0\.1:2121\/asa9-20-2-smp-k8\.bin disk0:\/asa9-20-2-smp-k8\.bin/);
    const json = await runCli(['plan', ...t.connection(), '--asa', asa, '--asdm', t.images.url(NEW_ASDM), '--json'], { env: t.env });
    assert.equal(json.code, 0, json.stderr);
    const plan = JSON.parse(json.stdout) as { fromVersion: string; toVersion: string; steps: Array<{ unit: string; commands: string[] }> };
    assert.equal(plan.fromVersion, '9.18(4)22');
    assert.equal(plan.toVersion, '9.20(2)');
    assert.equal(plan.steps.filter((s) => s.commands.includes('failover reload-standby')).length, 2);
    for (const r of [text, json]) assert.ok(!r.stdout.includes(secret) && !r.stderr.includes(secret), 'the URL password is redacted');
    assert.deepEqual(t.changingCommands(), []);
  });

  it('refuses (exit 2) when the secondary is the active unit, saying why, and touches nothing', async () => {
    // A manual switch-over, as an operator might have left the pair.
    const c = connectToLab(t.lab);
    try {
      const active = await c.connector.connect('active');
      await active.noFailoverActive().catch(() => undefined);
    } finally {
      await c.close();
    }
    await t.lab.waitFor((l) => l.units.secondary.isActive && l.units.secondary.state === 'Active' && l.units.primary.state === 'Standby Ready', 20_000, 'the secondary active');
    const mark = t.lab.history.events.length;
    const r = await runCli(['plan', ...t.connection(), '--asa', t.images.url(NEW_ASA), '--asdm', t.images.url(NEW_ASDM)], { env: t.env });
    assert.equal(r.code, 2, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stderr, /primary/i);
    assert.match(r.stderr, /active/i);
    assert.equal(r.stdout, '', 'no plan is printed for a pair that cannot be upgraded');
    assert.deepEqual(t.changingCommands(mark), []);
    assert.deepEqual(t.images.requests, []);

    const upgrade = await runCli(['upgrade', ...t.connection(), '--asa', t.images.url(NEW_ASA), '--yes'], { env: t.env });
    assert.equal(upgrade.code, 2, `${upgrade.stdout}\n${upgrade.stderr}`);
    assert.match(upgrade.stderr, /primary/i);
    assert.deepEqual(t.changingCommands(mark), [], 'upgrade --yes refuses the same way');
    assert.equal(t.lab.history.reloads().length, 0);

    // status shows the user what the refusal is about.
    const status = await runCli(['status', ...t.connection()], { env: t.env });
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /^Primary\s+standby\s+Standby Ready\s/m);
    assert.match(status.stdout, /^Secondary\s+active\s+Active\s/m);
  });

  for (const [what, file, reason] of [
    ['the version the pair already runs', 'asa9-18-4-22-smp-k8.bin', /already runs 9\.18\(4\)22/],
    ['an older version', 'asa9-16-1-smp-k8.bin', /older than the 9\.18\(4\)22 the pair runs/],
  ] as const) {
    it(`refuses ${what} (exit 2) and touches nothing`, async () => {
      const r = await runCli(['plan', ...t.connection(), '--asa', t.images.url(file)], { env: t.env });
      assert.equal(r.code, 2, `${r.stdout}\n${r.stderr}`);
      assert.match(r.stderr, /nothing was changed/);
      assert.match(r.stderr, reason);
      assert.deepEqual(t.changingCommands(), []);
    });
  }

  it('refuses disk0:/FILE that is not on the units\' flash, naming each unit (exit 2)', async () => {
    const r = await runCli(['plan', ...t.connection(), '--asa', `disk0:/${NEW_ASA}`], { env: t.env });
    assert.equal(r.code, 2, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stderr, /not on the primary's flash/);
    assert.match(r.stderr, /not on the secondary's flash/);
    assert.deepEqual(t.changingCommands(), []);
  });

  it('refuses an image name that is not an ASA image before connecting (exit 2)', async () => {
    const r = await runCli(['plan', ...t.connection(), '--asa', t.images.url('release-notes.txt')], { env: t.env });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /release-notes\.txt/);
    assert.equal(t.lab.history.events.filter((e) => e.kind === 'session-open').length, 0, 'no session was opened');
  });

  it('without --asa says what is missing (exit 2)', async () => {
    const r = await runCli(['plan', ...t.connection()], { env: t.env });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--asa is required/);
  });
});
