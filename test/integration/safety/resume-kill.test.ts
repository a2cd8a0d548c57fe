// The engine really killed: `asa-upgrade upgrade` runs as a child process against a lab pair over SSH and is
// SIGKILLed at every journal boundary, on the arrival of each changing command, and part-way through copies,
// reloads and switch-overs (moments drawn from a printed seed). `asa-upgrade resume` then runs until done; each
// pair must end upgraded, with the invariants intact and nothing reloaded or copied twice (from the lab's history).
//
// Replay: RESUME_KILL_SEED=<seed> (and RESUME_KILL_ONLY=<index> for one point). RESUME_KILL_WORKERS sets how
// many labs run at once (default 10).

import assert from 'node:assert/strict';
import { makeImageBytes } from '../../../src/lab';
import { startFileServer } from '../../../src/lab/servers';
import type { FileServer } from '../../../src/lab/servers/types';
import { snapshotCli, ensureBuilt } from '../../support/cli-process';
import { NEW_ASA, NEW_ASDM, SIZES } from '../upgrade/support';
import { describePoint, prng, runKillPoint, LAB_TIMING, type KillPoint, type PointResult } from './resume-support';

const SEED = Number(process.env.RESUME_KILL_SEED ?? 20261125);
const WORKERS = Number(process.env.RESUME_KILL_WORKERS ?? 10);
/** Journal saves in a full upgrade of the lab pair (each is a boundary); the last one is the end itself. */
const BOUNDARIES = 27;

function killPoints(seed: number): KillPoint[] {
  const rnd = prng(seed);
  const ms = (max: number): number => Math.floor(rnd() * max);
  const reloadMs = LAB_TIMING.reloadSeconds * 1000 + 400;
  const points: KillPoint[] = [];
  for (let n = 1; n <= BOUNDARIES; n++) points.push({ kind: 'boundary', n });
  for (let nth = 1; nth <= 4; nth++) points.push({ kind: 'command', match: 'copy /noconfirm', nth });
  points.push({ kind: 'command', match: 'boot system disk0:', nth: 1 });
  points.push({ kind: 'command', match: 'write memory', nth: 1 });
  for (let nth = 1; nth <= 2; nth++) points.push({ kind: 'command', match: 'failover reload-standby', nth });
  for (let nth = 1; nth <= 2; nth++) points.push({ kind: 'command', match: 'no failover active', nth });
  for (let nth = 1; nth <= 4; nth++) points.push({ kind: 'copy-wait', nth, delayMs: 50 + ms(900) });
  for (const unit of ['secondary', 'primary'] as const) for (let i = 0; i < 3; i++) points.push({ kind: 'reload-wait', unit, delayMs: ms(reloadMs) });
  for (let nth = 1; nth <= 2; nth++) for (let i = 0; i < 2; i++) points.push({ kind: 'failover-wait', nth, delayMs: ms(700) });
  // Shuffled so slow and fast points spread over the workers.
  for (let i = points.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [points[i], points[j]] = [points[j], points[i]];
  }
  return points;
}

describe('killing the engine (SIGKILL) at any point, then asa-upgrade resume', function () {
  this.timeout(900_000);
  let images: FileServer;
  let dropSnapshot: (() => void) | undefined;

  before(async () => {
    ensureBuilt();
    dropSnapshot = snapshotCli();
    images = await startFileServer(
      'http',
      new Map([
        [NEW_ASA, makeImageBytes(NEW_ASA, SIZES.asa)],
        [NEW_ASDM, makeImageBytes(NEW_ASDM, SIZES.asdm)],
      ]),
    );
  });
  after(async () => {
    dropSnapshot?.();
    await images?.stop();
  });

  it(`every kill point (seed ${SEED}) resumes to an upgraded pair with the invariants intact`, async () => {
    const all = killPoints(SEED);
    const only = process.env.RESUME_KILL_ONLY;
    const points = only === undefined ? all.map((p, i) => ({ p, i })) : [{ p: all[Number(only)], i: Number(only) }];
    const results: Array<PointResult & { index: number }> = [];
    const started = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(WORKERS, points.length) }, async () => {
        while (next < points.length) {
          const { p, i } = points[next++];
          const r = await runKillPoint(p, images);
          results.push({ ...r, index: i });
          if (r.problems.length) console.log(`      point ${i} (${describePoint(p)}): ${r.problems.join(' | ')}`);
        }
      }),
    );
    const killed = results.filter((r) => r.killed).length;
    const failures = results.filter((r) => r.problems.length);
    const boundaries = new Set(results.map((r) => r.boundaryAtKill));
    console.log(
      `      kill points: ${results.length} (${killed} killed the engine; journal boundaries hit at kill: ${[...boundaries].sort((a, b) => a - b).join(',')}), ` +
        `resumes: ${results.reduce((n, r) => n + r.resumes, 0)}, lab re-runs: ${results.reduce((n, r) => n + r.labRetries, 0)}, seed ${SEED}, ${Math.round((Date.now() - started) / 1000)} s with ${WORKERS} labs at once`,
    );
    assert.ok(only !== undefined || results.length >= 50, `only ${results.length} kill points`);
    assert.deepEqual(
      failures.map((f) => `point ${f.index} (${f.point}): ${f.problems.join(' | ')}`),
      [],
      `replay one with RESUME_KILL_SEED=${SEED} RESUME_KILL_ONLY=<index>`,
    );
  });
});
