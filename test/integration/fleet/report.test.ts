// `asa-upgrade upgrade --report DIR` with the pre/post checks: the change record a user hands to the change
// board, and the "upgraded with regressions" ending when a link does not come back after the upgrade.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { makeImageBytes } from '../../../src/lab';
import { join } from 'node:path';
import { ensureBuilt, runCli } from '../../support/cli-run';
import { assertSelfContained, assertValidReport } from '../../support/report-schema';
import { NEW_ASA, NEW_ASDM, startCliLab, type CliLab } from '../cli/lab-fixture';

const POLL = ['--poll-ms', '100'];

describe('upgrade --report and the checks before and after', function () {
  this.timeout(120_000);
  let t: CliLab;
  before(ensureBuilt);
  afterEach(async () => {
    await t?.stop();
  });

  it('writes report.json (valid against the schema), report.md and a self-contained report.html, with no secret in them', async () => {
    t = await startCliLab();
    const dir = join(t.home, 'change-1234');
    const published = createHash('sha512').update(makeImageBytes(NEW_ASA, 300 * 1024)).digest('hex');
    const r = await runCli(['upgrade', ...t.connection(), '--asa', t.images.url(NEW_ASA), '--asa-sha512', published, '--asdm', t.images.url(NEW_ASDM), '--yes', '--report', dir, ...POLL], { env: t.env });
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /Report written: .*report\.json/);
    const json = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    assertValidReport(json);
    const pair = json.pairs[0];
    assert.equal(pair.outcome, 'upgraded');
    assert.equal(pair.fromVersion, '9.18(4)22');
    assert.equal(pair.toVersion, '9.20(2)');
    assert.equal(json.operator.host.length > 0, true);
    const asa = pair.images.find((i: { kind: string }) => i.kind === 'asa');
    assert.equal(asa.file, NEW_ASA);
    assert.equal(asa.bytes, 300 * 1024, 'the image size');
    assert.equal(asa.sha512, published, 'the hash the unit computed');
    assert.equal(asa.publishedSha512, published, 'and the published value it was checked against');
    const phases = pair.timeline.filter((e: { kind: string }) => e.kind === 'phase').map((e: { id: string }) => e.id);
    assert.ok(phases.includes('reload-secondary') && phases.includes('failover-to-primary'), phases.join(','));
    const sent = pair.commands.map((c: { command: string }) => c.command);
    for (const c of ['show interface ip brief', 'show conn count', 'show route', 'failover reload-standby', 'write memory']) assert.ok(sent.includes(c), `${c} is recorded`);
    assert.ok(pair.commands.every((c: { output: unknown }) => typeof c.output === 'string'));
    assert.deepEqual(pair.checks.regressions, []);
    assert.ok(pair.checks.before.health.interfaces.length >= 3);

    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    assert.match(md, /^# ASA upgrade report: .*Upgraded/m);
    assert.match(md, /9\.18\(4\)22 -> 9\.20\(2\)/);
    assert.match(html, /<h2>127\.0\.0\.1:\d+: <span class="upgraded">Upgraded<\/span><\/h2>/);
    assertSelfContained(html);
    for (const text of [JSON.stringify(json), md, html]) {
      assert.ok(!text.includes(t.lab.credentials.password), 'the login password appears nowhere');
      assert.ok(!text.includes(t.lab.credentials.enablePassword), 'the enable password appears nowhere');
    }
  });

  it('a refused upgrade leaves a record too: outcome refused, with the reason', async () => {
    t = await startCliLab();
    const dir = join(t.home, 'refused');
    const r = await runCli(['upgrade', ...t.connection(), '--asa', 'disk0:/asa9-18-4-22-smp-k8.bin', '--yes', '--report', dir, ...POLL], { env: t.env });
    assert.equal(r.code, 2, `${r.stdout}\n${r.stderr}`);
    const json = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    assertValidReport(json);
    assert.equal(json.pairs[0].outcome, 'refused');
    assert.match(json.pairs[0].message, /already runs 9\.18\(4\)22/);
  });

  it('a link down after the upgrade ends "upgraded with regressions" (exit 3) and the report shows the diff', async () => {
    t = await startCliLab();
    t.lab.faults.inject({ kind: 'interface-down-after-upgrade' });
    const dir = join(t.home, 'report');
    const r = await runCli(['upgrade', ...t.connection(), '--asa', t.images.url(NEW_ASA), '--asdm', t.images.url(NEW_ASDM), '--yes', '--report', dir, ...POLL], { env: t.env });
    assert.equal(r.code, 3, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /Upgraded with regressions/);
    assert.match(r.stdout, /interface GigabitEthernet0\/1: up\/up -> down\/down/);
    const json = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    assertValidReport(json);
    assert.equal(json.pairs[0].outcome, 'upgraded-with-regressions');
    assert.ok(json.pairs[0].checks.differences.some((d: { item: string; regression: boolean }) => d.item === 'interface GigabitEthernet0/1' && d.regression));
    assert.match(readFileSync(join(dir, 'report.md'), 'utf8'), /\*\*Regressions:\*\*/);
  });
});
