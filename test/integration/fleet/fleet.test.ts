// `asa-upgrade fleet` against several lab pairs, as a user runs it: an Ansible YAML inventory, a canary,
// K pairs at a time, a failing pair that stops the fleet and a resume, a regression that stops it, and the
// fleet's report validated against the schema.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLab, type LabPair } from '../../../src/lab';
import { PairLock } from '../../../src/core/pair-lock';
import { lockDirectory } from '../../../src/core/state-dir';
import { ensureBuilt, runCli, scratchDir, startCli } from '../../support/cli-run';
import { assertSelfContained, assertValidReport } from '../../support/report-schema';
import { NEW_ASA, NEW_ASDM, NEW_VERSION, OLD_VERSION, startImageServer, type ImageServer } from '../cli/lab-fixture';

const POLL = ['--poll-ms', '100'];

interface Fleet {
  labs: LabPair[];
  images: ImageServer;
  dir: string;
  inventory: string;
  knownHosts: string;
  env: NodeJS.ProcessEnv;
  args(...extra: string[]): string[];
  stop(): Promise<void>;
}

/** N lab pairs with one user and one pair of passwords (env names from the inventory), serials of their own. */
async function startFleet(n: number, flashOfLast?: number): Promise<Fleet> {
  const password = randomBytes(12).toString('base64url');
  const enablePassword = randomBytes(12).toString('base64url');
  const labs: LabPair[] = [];
  for (let i = 1; i <= n; i++) {
    labs.push(await startLab({ reloadSeconds: 1, failoverSeconds: 0.3, password, enablePassword, hostname: `fw${i}`, ...(i === n && flashOfLast ? { flashTotalBytes: flashOfLast } : {}), serials: { primary: `FCH000${i}P`, secondary: `FCH000${i}S` } }));
  }
  const images = await startImageServer({ [NEW_ASA]: 200 * 1024, [NEW_ASDM]: 60 * 1024 });
  const scratch = scratchDir('fleet-');
  const knownHosts = join(scratch.dir, 'known_hosts');
  writeFileSync(knownHosts, labs.map((l) => l.knownHostsLines()).join(''));
  // Variables at every level: the image and user for all, the password variable per group, addresses per host.
  const inventory = join(scratch.dir, 'inventory.yml');
  writeFileSync(
    inventory,
    [
      'all:',
      '  vars:',
      '    asa_username: admin',
      `    asa_image: ${images.url(NEW_ASA)}`,
      // The labs run ASDM 7.18, older than ASA 9.20 needs (src/core/compat): the new ASDM goes with it.
      `    asdm_image: ${images.url(NEW_ASDM)}`,
      '    asa_password_env: FLEET_PW',
      '  children:',
      '    branches:',
      '      vars:',
      '        asa_enable_password_env: FLEET_ENABLE',
      '      hosts:',
      ...labs.flatMap((l, i) => [`        fw${i + 1}:`, `          asa_active: 127.0.0.1:${l.activeEndpoint.port}`, `          asa_standby: 127.0.0.1:${l.standbyEndpoint.port}`]),
      '',
    ].join('\n'),
  );
  return {
    labs,
    images,
    dir: scratch.dir,
    inventory,
    knownHosts,
    env: { HOME: scratch.dir, FLEET_PW: password, FLEET_ENABLE: enablePassword },
    args: (...extra) => ['fleet', '--inventory', inventory, '--known-hosts', knownHosts, ...POLL, ...extra],
    stop: async () => {
      await Promise.all([...labs.map((l) => l.stop()), images.stop()]);
      scratch.remove();
    },
  };
}

const upgraded = (l: LabPair): boolean => l.units.primary.version === NEW_VERSION && l.units.secondary.version === NEW_VERSION && l.units.primary.isActive;
const untouched = (l: LabPair): boolean => l.history.reloads().length === 0 && !l.units.primary.files().has(NEW_ASA) && l.units.primary.version === OLD_VERSION;
const firstChangeAt = (l: LabPair): number => l.history.events.find((e) => e.kind === 'command' && /^copy /.test(e.command ?? ''))?.at ?? Infinity;
const lastEventAt = (l: LabPair): number => l.history.events.at(-1)?.at ?? 0;

describe('asa-upgrade fleet', function () {
  this.timeout(240_000);
  let f: Fleet;
  before(ensureBuilt);
  afterEach(async () => {
    await f?.stop();
  });

  it('lab --pairs 3 --json prints one line with an array of three named pairs that share credentials', async () => {
    const scratch = scratchDir('lab-pairs-');
    const lab = startCli(['lab', '--pairs', '3', '--json', '--reload-seconds', '1'], { env: { HOME: scratch.dir } });
    try {
      await lab.waitForStdout(/\n/);
      const lines = lab.stdout().split('\n').filter(Boolean);
      assert.equal(lines.length, 1);
      const all = JSON.parse(lines[0]) as Array<{ name: string; active: string; standby: string; password: string; username: string; knownHosts: string }>;
      assert.deepEqual(all.map((p) => p.name), ['lab1', 'lab2', 'lab3']);
      assert.equal(new Set(all.map((p) => p.active)).size, 3);
      assert.equal(new Set(all.map((p) => p.password)).size, 1, 'same password for all');
      const env = { HOME: scratch.dir, ASA_PASSWORD: all[0].password, ASA_ENABLE_PASSWORD: (all[0] as unknown as { enablePassword: string }).enablePassword };
      const serials = [];
      for (const p of all.slice(0, 2)) {
        const r = await runCli(['status', '--active', p.active, '--standby', p.standby, '--username', p.username, '--known-hosts', p.knownHosts, '--json'], { env });
        assert.equal(r.code, 0, r.stderr);
        serials.push(...(JSON.parse(r.stdout) as { units: Array<{ serial: string }> }).units.map((u) => u.serial));
      }
      assert.equal(new Set(serials).size, 4, `each pair has serials of its own: ${serials.join(', ')}`);
    } finally {
      lab.child.kill('SIGINT');
      await lab.done;
      scratch.remove();
    }
  });

  it('--plan lists every pair with its versions and changes nothing; a pair that cannot be upgraded holds back all', async () => {
    // The last pair's flash cannot take the new image: a precondition the plan finds on every pair first.
    f = await startFleet(3, 3_200_000);
    f.labs[2].faults.clear();
    const r = await runCli(f.args('--plan', '--limit', 'fw1,fw2'), { env: f.env });
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    assert.doesNotMatch(r.stdout, /fw3/, '--limit keeps only the pairs named');
    for (const name of ['fw1', 'fw2']) assert.match(r.stdout, new RegExp(`^\\d+\\s+${name}\\s+127\\.0\\.0\\.1:\\d+\\s+9\\.18\\(4\\)22\\s+9\\.20\\(2\\)\\s+.*ok$`, 'm'));
    assert.ok(f.labs.every(untouched));

    const report = join(f.dir, 'refused-report');
    const refused = await runCli(f.args('--yes', '--report', report), { env: f.env });
    assert.equal(refused.code, 2, `${refused.stdout}\n${refused.stderr}`);
    const json = JSON.parse(readFileSync(join(report, 'report.json'), 'utf8'));
    assertValidReport(json);
    assert.deepEqual(json.pairs.map((p: { outcome: string }) => p.outcome), ['not-started', 'not-started', 'refused']);
    assert.match(json.pairs[2].message, /bytes free on flash/);
    assert.match(refused.stdout, /fw3\s.*REFUSED/);
    assert.match(refused.stdout, /no pair starts \(nothing was changed\)/);
    assert.ok(f.labs.every(untouched), 'no pair was touched');
  });

  it('a pair another job holds (its lock, keyed on the serial numbers) holds back the fleet before anything starts', async () => {
    f = await startFleet(2);
    // A single-pair upgrade of fw2 running in another process of this user: it holds fw2's lock.
    const held = PairLock.acquire({ pairKey: 'FCH0002P+FCH0002S', owner: 'asa-upgrade upgrade', directory: lockDirectory(f.env) });
    try {
      const r = await runCli(f.args('--yes'), { env: f.env });
      assert.equal(r.code, 2, `${r.stdout}\n${r.stderr}`);
      assert.match(r.stdout, /fw2\s.*REFUSED/);
      assert.ok(f.labs.every(untouched), 'no pair was touched');
    } finally {
      held.release();
    }
  });

  it('one pair listed twice (under another host, by its standby address) is found by its serial numbers and holds back the fleet', async () => {
    f = await startFleet(1);
    const lab = f.labs[0];
    writeFileSync(
      f.inventory,
      `${readFileSync(f.inventory, 'utf8').trimEnd()}\n        fw1-again:\n          asa_active: 127.0.0.1:${lab.standbyEndpoint.port}\n          asa_standby: 127.0.0.1:${lab.activeEndpoint.port}\n`,
    );
    const r = await runCli(f.args('--yes'), { env: f.env });
    assert.equal(r.code, 2, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /fw1-again\s.*REFUSED/);
    assert.match(r.stdout, /fw1-again: the same failover pair as fw1 \(serial numbers FCH0001P and FCH0001S\): list it once/);
    assert.ok(f.labs.every(untouched), 'no pair was touched');
  });

  it('credentials a unit rejects are not sent to the other pairs that share them', async () => {
    f = await startFleet(3);
    for (const l of f.labs) l.faults.inject({ kind: 'wrong-credentials' });
    const r = await runCli(f.args('--plan', '--concurrency', '3'), { env: f.env });
    assert.equal(r.code, 2, `${r.stdout}\n${r.stderr}`);
    const tried = f.labs.map((l) => l.history.events.filter((e) => e.kind === 'fault').length);
    assert.ok(tried[0] >= 1 && tried[1] === 0 && tried[2] === 0, `only the first pair was tried: ${tried.join(', ')}`);
    assert.match(r.stdout, /fw2: not tried: fw1 rejected the same credentials/);
  });

  it('a canary first and alone, then two at a time: every pair upgraded, one report valid against the schema', async () => {
    f = await startFleet(3);
    const report = join(f.dir, 'report');
    const r = await runCli(f.args('--yes', '--canary', '1', '--concurrency', '2', '--report', report, '--events', 'jsonl'), { env: f.env });
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    assert.ok(f.labs.every(upgraded), 'all three pairs upgraded');
    assert.ok(lastEventAt(f.labs[0]) < Math.min(firstChangeAt(f.labs[1]), firstChangeAt(f.labs[2])), 'the canary finished before another pair was changed');
    // stdout holds only events, one JSON object per line.
    const events = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; pair?: string; outcome?: string; v: number });
    assert.ok(events.every((e) => e.v === 1 && typeof e.type === 'string'));
    assert.deepEqual(events.filter((e) => e.type === 'result').map((e) => [e.pair, e.outcome]).sort(), [['fw1', 'upgraded'], ['fw2', 'upgraded'], ['fw3', 'upgraded']]);
    assert.equal(events.at(-1)!.type, 'fleet-finished');
    const named = events.filter((e) => e.type !== 'fleet-plan' && e.type !== 'fleet-finished' && e.type !== 'fleet-stopping');
    assert.ok(named.every((e) => typeof e.pair === 'string' && /^fw\d$/.test(e.pair)), 'every pair event names its pair');
    assert.ok(events.some((e) => e.type === 'finished' && typeof (e as { snapshot?: unknown }).snapshot === 'object'));
    const json = JSON.parse(readFileSync(join(report, 'report.json'), 'utf8'));
    assertValidReport(json);
    assert.equal(json.kind, 'fleet');
    assert.deepEqual(json.pairs.map((p: { outcome: string }) => p.outcome), ['upgraded', 'upgraded', 'upgraded']);
    assert.deepEqual(json.rollout, { concurrency: 2, canary: 1, continueOnFailure: false });
    assertSelfContained(readFileSync(join(report, 'report.html'), 'utf8'));
    const all = readFileSync(join(report, 'report.json'), 'utf8') + readFileSync(join(report, 'report.md'), 'utf8') + readFileSync(join(report, 'report.html'), 'utf8');
    assert.ok(!all.includes(f.env.FLEET_PW!) && !all.includes(f.env.FLEET_ENABLE!), 'no password in the report');
  });

  it('a failing pair stops the fleet (no new pair starts); --resume continues it to the end', async () => {
    f = await startFleet(3);
    f.labs[1].faults.inject({ kind: 'refuse-failover' });
    const r = await runCli(f.args('--yes', '--canary', '1', '--concurrency', '1'), { env: f.env });
    assert.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /Fleet stopping: fw2 ended failed/);
    assert.match(r.stdout, /Not started: fw3/);
    assert.ok(upgraded(f.labs[0]));
    assert.ok(!upgraded(f.labs[1]));
    assert.ok(untouched(f.labs[2]), 'the pair after the failure was never touched');

    f.labs[1].faults.clear();
    const resumed = await runCli(f.args('--yes', '--resume', '--canary', '1', '--concurrency', '1'), { env: f.env });
    assert.equal(resumed.code, 0, `${resumed.stdout}\n${resumed.stderr}`);
    assert.match(resumed.stdout, /fw1\s.*done earlier \(upgraded\)/);
    assert.match(resumed.stdout, /fw2\s.*resumes its journal/);
    assert.ok(f.labs.every(upgraded), 'every pair upgraded after the resume');
    assert.equal(f.labs[0].history.reloads().length, 2, 'the pair done earlier was not touched again');
    assert.deepEqual(f.labs[1].history.reloads().map((e) => e.unit), ['secondary', 'primary'], 'the stopped pair went on from where it was: each unit reloaded once');

    // Run over again (not a resume): pairs already on the target hold nobody back and are not touched.
    const again = await runCli(f.args('--yes'), { env: f.env });
    assert.equal(again.code, 0, `${again.stdout}\n${again.stderr}`);
    assert.match(again.stdout, /fw3\s.*nothing to do \(already runs 9\.20\(2\)( and ASDM 7\.20\(1\))?\)/);
    assert.match(again.stdout, /already done; nothing to do/);
    assert.ok(f.labs.every((l) => l.history.reloads().length === 2));
  });

  it('--download-only stages the images on every pair ahead of the window, reloading nothing', async () => {
    f = await startFleet(2);
    const r = await runCli(f.args('--yes', '--download-only', '--canary', '0', '--concurrency', '2'), { env: f.env });
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    for (const l of f.labs) {
      assert.ok(l.units.primary.files().has(NEW_ASA) && l.units.secondary.files().has(NEW_ASA), 'the image is on both units');
      assert.equal(l.history.reloads().length, 0);
      assert.equal(l.units.primary.version, OLD_VERSION);
    }
    assert.match(r.stdout, /Fleet finished: 2 downloaded/);
  });

  it('a regression on the canary (a link down after the upgrade) stops the fleet', async () => {
    f = await startFleet(3);
    f.labs[0].faults.inject({ kind: 'interface-down-after-upgrade' });
    const report = join(f.dir, 'report');
    const r = await runCli(f.args('--yes', '--concurrency', '2', '--report', report), { env: f.env });
    assert.equal(r.code, 3, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /\[fw1\] UPGRADED WITH REGRESSIONS: interface GigabitEthernet0\/1: up\/up -> down\/down/);
    assert.match(r.stdout, /Fleet stopping: canary fw1 ended upgraded with regressions/);
    assert.ok(untouched(f.labs[1]) && untouched(f.labs[2]));
    const json = JSON.parse(readFileSync(join(report, 'report.json'), 'utf8'));
    assertValidReport(json);
    assert.deepEqual(json.pairs.map((p: { outcome: string }) => p.outcome), ['upgraded-with-regressions', 'not-started', 'not-started']);
    assert.match(json.rollout.stoppedBecause, /fw1/);
  });
});
