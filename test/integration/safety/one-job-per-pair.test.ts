// One job per pair, as the devices identify it, across processes (issue 9, item 1): two `asa-upgrade upgrade`
// processes on one lab pair, one addressing it as 127.0.0.1:P and the other as localhost:P, each with a TMPDIR
// of its own and its own local user on the units. Exactly one job runs; the other exits 2 naming the running
// job (process, start time, phase). Proven from the lab's own history (real ASAs name the user of every
// command in their accounting): no command that changes anything ever came from the refused job, so nothing
// was interleaved.

import assert from 'node:assert/strict';
import { ensureBuilt, type CliProcess, type CliResult } from '../../support/cli-run';
import { busyPattern, interleaving, startTwoOperators, type TwoOperators } from '../../support/two-processes';
import { NEW_VERSION } from '../cli/lab-fixture';

describe('one job per pair across processes, however the pair is addressed', function () {
  this.timeout(300_000);
  before(ensureBuilt);
  let ops: TwoOperators | undefined;
  afterEach(async () => {
    await ops?.stop();
    ops = undefined;
  });

  it('two processes started together with different spellings and TMPDIRs: one upgrades, the other is refused (exit 2); 0 interleaved commands', async () => {
    ops = await startTwoOperators();
    const c = ops.cl;
    const a = ops.job('127.0.0.1', 'admin');
    const b = ops.job('localhost', 'operator2');
    const [ra, rb] = await Promise.all([a.done, b.done]);
    const results: Array<[CliResult, CliProcess, string]> = [
      [ra, a, 'admin'],
      [rb, b, 'operator2'],
    ];
    const winner = results.find(([r]) => r.code === 0);
    const loser = results.find(([r]) => r.code === 2);
    assert.ok(winner && loser, `one job upgrades (exit 0) and the other is refused (exit 2); got ${ra.code} and ${rb.code}\nA: ${ra.stdout}\n${ra.stderr}\nB: ${rb.stdout}\n${rb.stderr}`);
    assert.match(winner[0].stdout, /Upgraded the pair from 9\.18\(4\)22 to 9\.20\(2\)/);
    assert.match(`${loser[0].stdout}${loser[0].stderr}`, busyPattern(c, winner[1].child.pid!));
    assert.equal(c.lab.units.primary.version, NEW_VERSION);
    assert.equal(c.lab.units.secondary.version, NEW_VERSION);
    assert.equal(c.lab.units.secondary.reloadCount, 1, 'the secondary was reloaded once');
    assert.equal(c.lab.units.primary.reloadCount, 1, 'the primary was reloaded once');
    const found = interleaving(c.lab.history.events, winner[2], loser[2]);
    assert.ok(found.winnerChanges > 0);
    assert.deepEqual(found.loserChanges, [], 'the refused job changed nothing');
    assert.deepEqual(found.interleaved, [], '0 interleaved commands');
  });

  it('a job started while another runs on the pair is refused at once, naming its process, start time and current phase', async () => {
    ops = await startTwoOperators();
    const c = ops.cl;
    const a = ops.job('127.0.0.1', 'admin');
    // Once the first job is copying (its lock is taken after its first read, before any change).
    await c.lab.waitFor((l) => l.history.events.some((e) => e.kind === 'copy-start'), 60_000, 'the first job to start copying');
    const b = ops.job('localhost', 'operator2');
    const rb = await b.done;
    assert.equal(rb.code, 2, `${rb.stdout}\n${rb.stderr}`);
    const said = `${rb.stdout}${rb.stderr}`;
    assert.match(said, busyPattern(c, a.child.pid!));
    assert.match(said, /now (downloading the images|setting the boot images|reloading the secondary|failing over)/);
    assert.match(said, /Nothing was changed/);
    const ra = await a.done;
    assert.equal(ra.code, 0, `${ra.stdout}\n${ra.stderr}`);
    const found = interleaving(c.lab.history.events, 'admin', 'operator2');
    assert.deepEqual(found.loserChanges, []);
    assert.deepEqual(found.interleaved, []);
  });
});
