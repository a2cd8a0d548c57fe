// Ctrl-C (SIGINT) on `asa-upgrade upgrade` over real SSH against the lab (issue 9, "also to fix"):
// - during a copy, the tool does not sit silently waiting for the copy it abandoned (it goes on on the unit, as
//   on real units): it says it reads both units again, over new sessions, and exits while the copy still runs;
// - during a switch-over, the report after "Cancelled" shows what the units really say, not "not answering".

import assert from 'node:assert/strict';
import { ensureBuilt, startCli } from '../../support/cli-run';
import { NEW_ASA, NEW_ASDM, startCliLab, type CliLab } from '../cli/lab-fixture';

describe('Ctrl-C during an upgrade', function () {
  this.timeout(180_000);
  before(ensureBuilt);
  let t: CliLab | undefined;
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });

  const start = (c: CliLab) =>
    startCli(['upgrade', ...c.connection(), '--asa', c.images.url(NEW_ASA), '--asdm', c.images.url(NEW_ASDM), '--yes', '--poll-ms', '200'], { env: c.env });

  it('during a copy: says what it does next and exits while the abandoned copy still runs on the unit', async () => {
    // Copies as slow as a real unit's flash, relative to the image: the copy takes many seconds.
    t = await startCliLab({ reloadSeconds: 2, copyBytesPerSecond: 20 * 1024 }, { asa: 400 * 1024, asdm: 100 * 1024 });
    const c = t;
    const run = start(c);
    await c.lab.waitFor((l) => l.history.events.filter((e) => e.kind === 'copy-start').length >= 2, 60_000, 'both copies to start');
    run.child.kill('SIGINT');
    const r = await run.done;
    const exitedAt = Date.now();
    assert.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stderr, /Cancelling at the next safe point/);
    assert.match(r.stdout, /Cancelled while downloading the images/);
    assert.match(r.stdout, /Reading both units over new sessions to report where the pair stands/);
    assert.match(r.stdout, /^ {2}primary: Active, 9\.18\(4\)22 \(active\)$/m);
    assert.match(r.stdout, /^ {2}secondary: Standby Ready, 9\.18\(4\)22$/m);
    // The copy the cancel abandoned goes on on the unit: the tool did not wait for it to end.
    const ended = c.lab.history.events.filter((e) => e.kind === 'copy-end' && e.at <= exitedAt && e.bytes !== undefined);
    assert.deepEqual(ended.map((e) => `${e.unit}: ${e.detail}`), [], 'no copy had finished when the tool exited');
    await c.lab.waitFor((l) => l.history.events.some((e) => e.kind === 'copy-end'), 120_000, 'the abandoned copy to end on the unit');
  });

  it('during a switch-over: the report shows what both units really say', async () => {
    t = await startCliLab({ reloadSeconds: 1.5, failoverSeconds: 1.5 });
    const c = t;
    const run = start(c);
    await c.lab.waitFor((l) => l.history.events.some((e) => e.kind === 'command' && e.command === 'no failover active'), 90_000, 'the switch-over command');
    run.child.kill('SIGINT');
    const r = await run.done;
    assert.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /Cancelled while failing over to the secondary/);
    assert.doesNotMatch(r.stdout, /Not answering|Neither unit answered|could not be read after the stop/);
    await c.lab.waitFor((l) => l.units.secondary.state === 'Active', 30_000, 'the switch-over to complete');
    const units = [...r.stdout.matchAll(/^ {2}(primary|secondary): ([^,\n]+), (\S+)/gm)].map((m) => [m[1], m[3]]);
    assert.deepEqual(units, [
      ['primary', '9.18(4)22'],
      ['secondary', '9.20(2)'],
    ]);
    const active = /^ {2}(primary|secondary): .*\(active\)$/m.exec(r.stdout)?.[1];
    assert.ok(active, `one unit is reported active:\n${r.stdout}`);
  });
});
