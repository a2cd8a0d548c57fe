// `npm run bench`: the product's speed and memory, measured against the lab's own clock and side by side in
// one run (ratios, not absolute times, are what the targets constrain). Prints a table and writes
// bench/results.json so runs can be compared over time. Nothing here asserts: targets are reported.

import { execFileSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { asaDialect } from '../src/asa';
import type { UpgradeEvent, UpgradeOutcome } from '../src/core/model';
import { readPairStatus } from '../src/core/status';
import { runUpgrade } from '../src/core/upgrade';
import { runRollout } from '../src/core/fleet/rollout';
import { makeImageBytes, startLab, type LabOptions, type LabPair } from '../src/lab';
import { startFileServer } from '../src/lab/servers';
import { connectToLab } from '../test/support/lab-connector';
import { criticalPath, detectionLatencies, median, type CriticalPath } from './lab-timeline';

const ROOT = join(__dirname, '..');
const TARGET_ASA = 'asa9-20-2-smp-k8.bin';
const TARGET_ASDM = 'asdm-7201.bin';
const MiB = 1024 * 1024;
const POLL_MS = 100;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

async function imageServer(asaBytes: number, asdmBytes: number) {
  const files = new Map([
    [TARGET_ASA, makeImageBytes(TARGET_ASA, asaBytes)],
    [TARGET_ASDM, makeImageBytes(TARGET_ASDM, asdmBytes)],
  ]);
  const server = await startFileServer('http', files);
  return { server, asa: server.url(TARGET_ASA), asdm: server.url(TARGET_ASDM) };
}

interface UpgradeRun {
  outcome: UpgradeOutcome;
  totalMs: number;
  lab: LabPair;
  events: UpgradeEvent[];
}

/** One complete upgrade of a fresh lab pair through the same engine and SSH code the product uses. */
async function labUpgrade(labOptions: LabOptions, sizes: { asa: number; asdm: number }, downloadOnly = false): Promise<UpgradeRun> {
  const lab = await startLab(labOptions);
  const images = await imageServer(sizes.asa, sizes.asdm);
  const connection = connectToLab(lab);
  const events: UpgradeEvent[] = [];
  const started = performance.now();
  try {
    const outcome = await runUpgrade({
      connector: connection.connector,
      dialect: asaDialect,
      request: { asa: images.asa, asdm: images.asdm, downloadOnly },
      options: { pollIntervalMs: POLL_MS },
      onEvent: (e) => events.push(e),
    });
    const totalMs = performance.now() - started;
    if (outcome.outcome !== (downloadOnly ? 'downloaded' : 'upgraded')) throw new Error(`bench upgrade did not complete: ${outcome.message}`);
    return { outcome, totalMs, lab, events };
  } finally {
    await connection.close();
    await images.server.stop();
    await lab.stop();
  }
}

/** Realistic relative timings, scaled down: a copy of ~5 s per unit, a reload of 8 s, an immediate switch-over. */
const REALISTIC: LabOptions = { reloadSeconds: 8, copyBytesPerSecond: 1 * MiB, failoverSeconds: 0.5 };
const REALISTIC_SIZES = { asa: 4 * MiB, asdm: 1 * MiB };

async function measureOverhead(): Promise<{ ratio: number; totalMs: number; path: CriticalPath; latencies: number[] }> {
  const run = await labUpgrade(REALISTIC, REALISTIC_SIZES);
  const path = criticalPath(run.lab.history.events);
  return { ratio: run.totalMs / path.totalMs, totalMs: run.totalMs, path, latencies: detectionLatencies(run.lab.history.events) };
}

async function measureParallelCopy(): Promise<{ ratio: number; parallelMs: number; sequentialMs: number }> {
  // The engine's download phase (both units at once) ...
  const parallel = await labUpgrade(REALISTIC, REALISTIC_SIZES, true);
  const phaseAt = (status: string) => parallel.events.find((e) => e.type === 'phase' && e.phase === 'download' && e.status === status)?.at;
  const parallelMs = (phaseAt('done') ?? NaN) - (phaseAt('running') ?? NaN);

  // ... against the same copies and checks done one unit after the other through the same sessions.
  const lab = await startLab(REALISTIC);
  const images = await imageServer(REALISTIC_SIZES.asa, REALISTIC_SIZES.asdm);
  const connection = connectToLab(lab);
  const started = performance.now();
  try {
    for (const address of ['active', 'standby'] as const) {
      const session = await connection.connector.connect(address);
      for (const [url, file] of [
        [images.asa, TARGET_ASA],
        [images.asdm, TARGET_ASDM],
      ]) {
        await session.copy(url, `disk0:/${file}`);
        await session.verify(`disk0:/${file}`, 'md5');
      }
    }
  } finally {
    await connection.close();
    await images.server.stop();
    await lab.stop();
  }
  const sequentialMs = performance.now() - started;
  return { ratio: parallelMs / sequentialMs, parallelMs, sequentialMs };
}

/**
 * A fleet of 12 lab pairs at 4 at a time (no canary: three full waves), through the fleet's own rollout and the
 * product's engine and SSH code, against three times one pair's device-bound critical path (the median of the
 * twelve pairs' own paths as their labs report them).
 */
async function measureFleet(pairs = 12, concurrency = 4): Promise<{ ratio: number; wallMs: number; pathMs: number }> {
  const labs = await Promise.all(Array.from({ length: pairs }, (_, i) => startLab({ ...REALISTIC, serials: { primary: `FLT${i}P`, secondary: `FLT${i}S` } })));
  const images = await imageServer(REALISTIC_SIZES.asa, REALISTIC_SIZES.asdm);
  const connections = labs.map((lab) => connectToLab(lab));
  const started = performance.now();
  try {
    const rollout = await runRollout(
      labs.map((_, i) => String(i)),
      { concurrency, canary: 0, continueOnFailure: false },
      async (name) => {
        const outcome = await runUpgrade({
          connector: connections[Number(name)].connector,
          dialect: asaDialect,
          request: { asa: images.asa, asdm: images.asdm },
          options: { pollIntervalMs: POLL_MS },
        });
        return { end: outcome.outcome, message: outcome.message };
      },
    );
    const wallMs = performance.now() - started;
    if (rollout.stoppedBecause) throw new Error(`bench fleet stopped: ${rollout.stoppedBecause}`);
    const pathMs = median(labs.map((l) => criticalPath(l.history.events).totalMs));
    return { ratio: wallMs / ((pairs / concurrency) * pathMs), wallMs, pathMs };
  } finally {
    await Promise.all(connections.map((c) => c.close()));
    await images.server.stop();
    await Promise.all(labs.map((l) => l.stop()));
  }
}

async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

async function measureStatus(counts: number[], concurrency = 16): Promise<Map<number, { coldMs: number; warmMs: number }>> {
  const results = new Map<number, { coldMs: number; warmMs: number }>();
  for (const n of counts) {
    const labs = await Promise.all(Array.from({ length: n }, () => startLab({ reloadSeconds: 1 })));
    const connections = labs.map((lab) => connectToLab(lab));
    try {
      const readAll = async (): Promise<number> => {
        const t = performance.now();
        await pool(connections, concurrency, async (c) => {
          const status = await readPairStatus(c.connector);
          if (status.units.length !== 2) throw new Error('bench status read an incomplete pair');
        });
        return performance.now() - t;
      };
      const coldMs = await readAll(); // opens every session
      const warmMs = await readAll(); // the editor's periodic refresh: sessions reused
      results.set(n, { coldMs, warmMs });
    } finally {
      await Promise.all(connections.map((c) => c.close()));
      await Promise.all(labs.map((l) => l.stop()));
    }
  }
  return results;
}

function measureExtensionAtRest(): { vsixBytes: number; bundleBytes: number; activationMs: number } {
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const vsixBytes = statSync(join(ROOT, 'dist', 'asa-failover-upgrade.vsix')).size;
  const bundleBytes = statSync(join(ROOT, 'dist', 'extension.js')).size;
  // A fresh process each time, so module loading is measured cold; the median of several runs.
  const samples: number[] = [];
  for (let i = 0; i < 7; i++) {
    const out = execFileSync(process.execPath, [join(__dirname, 'activation-probe.cjs'), join(ROOT, 'dist', 'extension.js')], { encoding: 'utf8' });
    samples.push(Number(JSON.parse(out).activationMs));
  }
  return { vsixBytes, bundleBytes, activationMs: median(samples) };
}

async function measureMemory(runs: number): Promise<{ ratio: number; firstBytes: number; lastBytes: number; latencies: number[] }> {
  const fast: LabOptions = { reloadSeconds: 1, failoverSeconds: 0.2 };
  const sizes = { asa: 1 * MiB, asdm: 256 * 1024 };
  let firstBytes = 0;
  const latencies: number[] = [];
  for (let i = 0; i < runs; i++) {
    const run = await labUpgrade(fast, sizes);
    latencies.push(...detectionLatencies(run.lab.history.events));
    await new Promise((r) => setTimeout(r, 50));
    gc();
    gc();
    if (i === 0) firstBytes = process.memoryUsage().heapUsed;
  }
  const lastBytes = process.memoryUsage().heapUsed;
  return { ratio: lastBytes / firstBytes, firstBytes, lastBytes, latencies };
}

const fmtMs = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const want = (name: string): boolean => only.length === 0 || only.includes(name);
  const results: Record<string, number> = {};
  const rows: string[][] = [['measure', 'value', 'target', 'detail']];
  const allLatencies: number[] = [];

  if (want('overhead')) {
    const o = await measureOverhead();
    allLatencies.push(...o.latencies);
    results.upgradeOverheadRatio = round(o.ratio, 4);
    results.upgradeTotalSeconds = round(o.totalMs / 1000, 2);
    results.criticalPathSeconds = round(o.path.totalMs / 1000, 2);
    rows.push([
      'upgrade overhead (total / critical path)',
      o.ratio.toFixed(3),
      '<= 1.03',
      `${fmtMs(o.totalMs)} vs ${fmtMs(o.path.totalMs)} (copy ${fmtMs(o.path.copyMs)}, reloads ${fmtMs(o.path.reloadMs)}, switch-overs ${fmtMs(o.path.switchoverMs)})`,
    ]);
  }
  if (want('copy')) {
    const c = await measureParallelCopy();
    results.parallelCopyRatio = round(c.ratio, 3);
    rows.push(['copy both units at once / one after other', c.ratio.toFixed(3), '<= 0.55', `${fmtMs(c.parallelMs)} vs ${fmtMs(c.sequentialMs)}`]);
  }
  if (want('fleet')) {
    const f = await measureFleet();
    results.fleetRatio = round(f.ratio, 3);
    results.fleetSeconds = round(f.wallMs / 1000, 2);
    rows.push(['fleet of 12 pairs, 4 at a time / (3 x one pair\'s critical path)', f.ratio.toFixed(3), '<= 1.10', `${fmtMs(f.wallMs)} vs 3 x ${fmtMs(f.pathMs)}`]);
  }
  if (want('status')) {
    const s = await measureStatus([10, 50, 100]);
    const per = (n: number): number => s.get(n)!.warmMs / n;
    results.status10PairsSeconds = round(s.get(10)!.warmMs / 1000, 3);
    results.status50PairsSeconds = round(s.get(50)!.warmMs / 1000, 3);
    results.status100PairsSeconds = round(s.get(100)!.warmMs / 1000, 3);
    results.status100PairsColdSeconds = round(s.get(100)!.coldMs / 1000, 3);
    results.statusCostPerPairRatio100to10 = round(per(100) / per(10), 3);
    for (const n of [10, 50, 100]) {
      rows.push([`status of ${n} pairs (sessions reused)`, fmtMs(s.get(n)!.warmMs), n === 100 ? '<= 2 s' : '', `${fmtMs(per(n))} per pair; first read (connecting) ${fmtMs(s.get(n)!.coldMs)}`]);
    }
    rows.push(['status of 100 pairs, first read (connecting)', fmtMs(s.get(100)!.coldMs), '<= 2 s', '16 at a time, every session opened']);
    rows.push(['status cost per pair, 100 vs 10', (per(100) / per(10)).toFixed(3), '<= 1 (flat or falling)', '']);
  }
  if (want('extension')) {
    const x = measureExtensionAtRest();
    results.vsixBytes = x.vsixBytes;
    results.bundleBytes = x.bundleBytes;
    results.activationMs = round(x.activationMs, 2);
    rows.push(['VSIX size', `${(x.vsixBytes / 1024).toFixed(0)} KB`, '<= 1 MB', `bundle ${(x.bundleBytes / 1024).toFixed(0)} KB`]);
    rows.push(['load + activate the bundle', fmtMs(x.activationMs), '<= 25 ms', 'median of 7 fresh processes']);
  }
  if (want('memory')) {
    const m = await measureMemory(20);
    allLatencies.push(...m.latencies);
    results.heapGrowthRatio = round(m.ratio, 3);
    rows.push(['heap after 20 upgrades / after 1', m.ratio.toFixed(3), 'no growth beyond noise', `${(m.firstBytes / MiB).toFixed(1)} MB -> ${(m.lastBytes / MiB).toFixed(1)} MB`]);
  }
  if (allLatencies.length) {
    results.detectionLatencyMsMedian = round(median(allLatencies), 1);
    results.detectionLatencySamples = allLatencies.length;
    rows.push(['Standby Ready -> engine acts (median)', fmtMs(median(allLatencies)), '<= 250 ms', `${allLatencies.length} samples, max ${fmtMs(Math.max(...allLatencies))}`]);
  }

  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i])).join('  '));
  if (only.length === 0) {
    writeFileSync(join(__dirname, 'results.json'), `${JSON.stringify({ measuredAt: new Date().toISOString(), node: process.version, ...results }, null, 2)}\n`);
    console.log(`\nwrote bench/results.json`);
  }
}

function round(n: number, digits: number): number {
  return Number(n.toFixed(digits));
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
