// The safety harness: one upgrade against a fresh lab pair over real SSH, with lab faults injected before
// the run, at set times during it, or when the lab's history shows a given moment (e.g. the secondary's
// reload); afterwards the invariants and the outcome are checked from the lab's own history. Also the
// seeded chaos plans: a small PRNG (mulberry32) picks fault kinds, units, counts, delays and times, so a
// failing run is replayed exactly from its seed.

import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPairConnector, KnownHostsFile } from '../../src/asa';
import { asaDialect } from '../../src/asa/commands';
import type { UnitRole } from '../../src/core/facts';
import type { UpgradeEvent, UpgradeOutcome, UpgradeRequest } from '../../src/core/model';
import { runUpgrade, type UpgradeOptions } from '../../src/core/upgrade';
import { FAULT_KINDS, formatFaultSpec, makeImageBytes, startLab, type FaultSpec, type LabEvent, type LabOptions } from '../../src/lab';
import { startFileServer } from '../../src/lab/servers';
import type { FileServer } from '../../src/lab/servers/types';
import { baselineOf, checkInvariants, checkOutcome, type JobSpan, type Violation } from './invariants';

/** Commands that only read a unit (a job reading the pair before it could identify it sends nothing else). */
const READ_ONLY = /^(failover exec mate )?(show |dir\b|terminal |enable\b)/;

export const OLD_VERSION = '9.18(4)22';
export const NEW_ASA = 'asa9-20-2-smp-k8.bin';
export const NEW_ASDM = 'asdm-7201.bin';
export const NEW_VERSION = '9.20(2)';
/** Tiny images: the runs test the sequence, not throughput. */
export const TINY = { asa: 96 * 1024 + 17, asdm: 48 * 1024 + 5 };

// ---- PRNG ----------------------------------------------------------------------------------------

/** mulberry32: a tiny, fast, seedable PRNG; the same seed gives the same sequence on every machine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Rng {
  private readonly next: () => number;
  constructor(readonly seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

// ---- image server ----------------------------------------------------------------------------------

export interface ImageServer {
  server: FileServer;
  files: Map<string, Buffer>;
  md5(file: string): string;
  request(over?: Partial<UpgradeRequest>): UpgradeRequest;
  stop(): Promise<void>;
}

/** One HTTP server for every run of a suite (faults live in the lab, not here). */
export async function startImageServer(sizes = TINY): Promise<ImageServer> {
  const files = new Map<string, Buffer>([
    [NEW_ASA, makeImageBytes(NEW_ASA, sizes.asa)],
    [NEW_ASDM, makeImageBytes(NEW_ASDM, sizes.asdm)],
  ]);
  const server = await startFileServer('http', files);
  return {
    server,
    files,
    md5: (file) => createHash('md5').update(files.get(file)!).digest('hex'),
    request: (over = {}) => ({ asa: server.url(NEW_ASA), asdm: server.url(NEW_ASDM), ...over }),
    stop: () => server.stop(),
  };
}

// ---- one run ---------------------------------------------------------------------------------------

/** A fault and when it enters the lab: before the run (default), `afterMs` into it, or when `when` first matches a new history event. */
export interface TimedFault {
  spec: FaultSpec;
  afterMs?: number;
  when?: (e: LabEvent) => boolean;
  /** For messages: "at the secondary's reload". */
  label?: string;
}

export interface SafetyRunSpec {
  name: string;
  lab?: LabOptions;
  faults?: TimedFault[];
  request?: Partial<UpgradeRequest>;
  options?: Partial<UpgradeOptions>;
  connect?: { commandMs?: number; connectMs?: number; standby?: boolean };
  /** Cancels the job this long after it starts. */
  cancelAfterMs?: number;
  /** Starts a second job on the same pair (same lock) this long after the first. */
  secondJobAfterMs?: number;
  /** A run that has not finished after this long is reported as hung (default 60 s). */
  hangMs?: number;
}

export interface SafetyRunResult {
  name: string;
  outcome: UpgradeOutcome;
  second?: UpgradeOutcome;
  events: UpgradeEvent[];
  history: LabEvent[];
  violations: Violation[];
  durationMs: number;
  /** Faults that fired, as `kind@unit`. */
  fired: string[];
  /** The lab's units when the run ended. */
  final: Record<UnitRole, { state: string; version: string; isActive: boolean }>;
  hung: boolean;
  /** Lab misbehaviour seen on the way (not the engine's doing), e.g. a unit stuck while taking over. */
  labAnomalies: string[];
}

const JOIN_ORDER = ['Negotiation', 'Cold Standby', 'Sync Config', 'Sync File System', 'Bulk Sync', 'Standby Ready'];
const ACTIVATE_ORDER = ['Just Active', 'Active Drain', 'Active Applying Config', 'Active Config Applied', 'Active'];

/**
 * The lab's own misbehaviour: a unit going backwards through the joining or taking-over states (timers
 * firing out of order), or stuck taking over long after a switch-over should have finished.
 */
export function labAnomaliesOf(lab: { units: Record<UnitRole, { state: string; isUp: boolean }> }, history: readonly LabEvent[], now: number): string[] {
  const out: string[] = [];
  for (const e of history) {
    if (e.kind !== 'state' || !e.from || !e.to) continue;
    for (const order of [JOIN_ORDER, ACTIVATE_ORDER]) {
      const a = order.indexOf(e.from);
      const b = order.indexOf(e.to);
      if (a >= 0 && b >= 0 && b < a) out.push(`the ${e.unit} went back from "${e.from}" to "${e.to}" at ${new Date(e.at).toISOString()}`);
    }
  }
  for (const role of ['primary', 'secondary'] as const) {
    const u = lab.units[role];
    if (!u.isUp || !ACTIVATE_ORDER.slice(0, -1).includes(u.state)) continue;
    const last = history.filter((e) => e.kind === 'state' && e.unit === role).at(-1);
    if (last && now - last.at > 1500) out.push(`the ${role} stayed in "${u.state}" for ${now - last.at} ms (a switch-over never completed)`);
  }
  return out;
}

export const FAST_OPTIONS: Partial<UpgradeOptions> = {
  pollIntervalMs: 50,
  commandTimeoutMs: 3000,
  copyTimeoutMs: 8000,
  // Below the copy limit, so a stalled copy is stopped as one (the lab's copies move every few ms).
  copyNoProgressMs: 4000,
  reloadTimeoutMs: 5000,
  failoverTimeoutMs: 3000,
};

export async function runOnFreshLab(spec: SafetyRunSpec, images: ImageServer): Promise<SafetyRunResult> {
  const lab = await startLab({
    reloadSeconds: 0.5,
    failoverSeconds: 0.1,
    imageSizes: { asa: 64 * 1024 + 3, asdm: 32 * 1024 + 1 },
    ...spec.lab,
  });
  const dir = mkdtempSync(join(tmpdir(), 'asa-safety-'));
  const knownHosts = join(dir, 'known_hosts');
  // The second job addresses the pair as localhost: the lock is keyed on the units' serial numbers, not on a spelling.
  const key = lab.knownHostsLines().split('\n')[0].split(' ').slice(1).join(' ');
  writeFileSync(knownHosts, `${lab.knownHostsLines()}[localhost]:${lab.activeEndpoint.port} ${key}\n[localhost]:${lab.standbyEndpoint.port} ${key}\n`);
  const makeConnector = (host: '127.0.0.1' | 'localhost' = '127.0.0.1') =>
    createPairConnector({
      active: { host, port: lab.activeEndpoint.port },
      standby: spec.connect?.standby === false ? undefined : { host, port: lab.standbyEndpoint.port },
      username: lab.credentials.username,
      auth: { method: 'password' },
      credentials: async () => ({ password: lab.credentials.password, enablePassword: lab.credentials.enablePassword }),
      hostKeys: KnownHostsFile.verifier(knownHosts, { acceptNew: false }),
      timeouts: { connectMs: spec.connect?.connectMs ?? 3000, commandMs: spec.connect?.commandMs ?? 3000 },
    });
  const connector = makeConnector();
  const baseline = baselineOf(lab);
  const timers: NodeJS.Timeout[] = [];
  const events: UpgradeEvent[] = [];
  const fired: string[] = [];
  let hung = false;
  const started = Date.now();
  const options = { ...FAST_OPTIONS, ...spec.options };
  const lock = { directory: dir, owner: 'safety test' };
  const jobs: JobSpan[] = [];
  let second: Promise<UpgradeOutcome> | undefined;
  let secondConnector: ReturnType<typeof makeConnector> | undefined;
  let secondStoppedReading = false;
  try {
    // Faults: before, at a time, or at a moment in the lab's history.
    const watched: TimedFault[] = [];
    for (const f of spec.faults ?? []) {
      if (f.when) watched.push(f);
      else if (f.afterMs) timers.push(setTimeout(() => lab.faults.inject(f.spec), f.afterMs));
      else lab.faults.inject(f.spec);
    }
    let seen = lab.history.events.length;
    const watcher = setInterval(() => {
      const all = lab.history.events;
      for (; seen < all.length; seen++) {
        const e = all[seen];
        if (e.kind === 'fault') fired.push(`${e.detail}@${e.unit}`);
        for (let k = watched.length - 1; k >= 0; k--) {
          if (watched[k].when!(e)) {
            lab.faults.inject(watched[k].spec);
            watched.splice(k, 1);
          }
        }
      }
    }, 2);
    timers.push(watcher as unknown as NodeJS.Timeout);
    const controller = new AbortController();
    let cancelledAt: number | undefined;
    if (spec.cancelAfterMs !== undefined) {
      timers.push(
        setTimeout(() => {
          cancelledAt = Date.now();
          controller.abort();
        }, spec.cancelAfterMs),
      );
    }
    if (spec.secondJobAfterMs !== undefined) {
      timers.push(
        setTimeout(() => {
          secondConnector = makeConnector('localhost');
          const s0 = Date.now();
          const secondEvents: UpgradeEvent[] = [];
          second = runUpgrade({ connector: secondConnector, dialect: asaDialect, request: images.request(spec.request), options, lock: { ...lock, owner: 'second job' }, onEvent: (e) => secondEvents.push(e) }).then((o) => {
            // A second job that failed while still reading the pair (e.g. an injected refusal of its `enable`)
            // never reached the lock: no plan, only reads. It is no job on the pair; anything more must be refused.
            const onlyRead = secondEvents.every((e) => e.type !== 'plan' && (e.type !== 'command' || READ_ONLY.test(e.record.command)));
            if (o.outcome === 'failed' && onlyRead) secondStoppedReading = true;
            else jobs.push({ name: 'second', start: s0, end: Date.now(), outcome: o.outcome });
            return o;
          });
        }, spec.secondJobAfterMs),
      );
    }
    const run = runUpgrade({
      connector,
      dialect: asaDialect,
      request: images.request(spec.request),
      options,
      signal: controller.signal,
      lock,
      onEvent: (e) => events.push(e),
    });
    const hangMs = spec.hangMs ?? 60_000;
    let hangTimer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      run,
      new Promise<UpgradeOutcome>((resolve) => {
        hangTimer = setTimeout(() => {
          hung = true;
          controller.abort();
          resolve(run);
        }, hangMs);
      }),
    ]);
    clearTimeout(hangTimer);
    jobs.push({ name: 'first', start: started, end: Date.now(), outcome: outcome.outcome });
    for (const t of timers) clearTimeout(t);
    const secondOutcome = second ? await second : undefined;
    // Catch faults recorded since the last watcher tick.
    for (; seen < lab.history.events.length; seen++) {
      const e = lab.history.events[seen];
      if (e.kind === 'fault') fired.push(`${e.detail}@${e.unit}`);
    }
    const history = [...lab.history.events];
    const invariantOptions = { initial: baseline, targetVersion: NEW_VERSION, jobs, until: Date.now(), maxReloadsPerUnit: 1 };
    const violations = [...checkInvariants(history, invariantOptions), ...checkOutcome(outcome, history, { ...invariantOptions, events, cancelledAt })];
    if (secondOutcome && secondOutcome.outcome !== 'refused' && !secondStoppedReading) {
      violations.push({ rule: 'two-jobs-at-once', at: Date.now(), message: `A second job on the locked pair was not refused: ${secondOutcome.outcome} "${secondOutcome.message}"` });
    }
    const unit = (r: UnitRole) => ({ state: lab.units[r].state, version: lab.units[r].version, isActive: lab.units[r].isActive });
    return {
      name: spec.name,
      outcome,
      second: secondOutcome,
      events,
      history,
      violations,
      durationMs: Date.now() - started,
      fired,
      final: { primary: unit('primary'), secondary: unit('secondary') },
      hung,
      labAnomalies: labAnomaliesOf(lab, history, Date.now()),
    };
  } finally {
    for (const t of timers) clearTimeout(t);
    lab.faults.clear();
    await connector.close().catch(() => undefined);
    await secondConnector?.close().catch(() => undefined);
    await lab.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `fn` over `items` with at most `limit` at once, keeping the input order in the results. */
export async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

// ---- chaos plans -----------------------------------------------------------------------------------

/** Commands the engine sends, as prefixes a drop-session or slow-answers fault may be tied to. */
export const ENGINE_COMMANDS = [
  'show failover',
  'show version',
  'dir',
  'copy',
  'verify',
  'configure terminal',
  'boot system',
  'asdm image',
  'write memory',
  'show running-config',
  'failover reload-standby',
  'no failover active',
  'failover active',
  'failover exec mate',
] as const;

export interface ChaosPlan {
  seed: number;
  faults: TimedFault[];
  knownMd5: boolean;
  cancelAfterMs?: number;
  secondJobAfterMs?: number;
  /** No standby address: the secondary is reached through `failover exec mate`. */
  viaMate: boolean;
  /** One line: what this seed does, for the failure report. */
  describe(): string;
}

/** Roughly how long a clean chaos run takes (ms), so fault times land in every phase. */
const RUN_SPAN_MS = 4500;

/** Picks a run's faults from its seed: 1–3 faults of random kinds, units, counts and delays, at random moments. */
export function planChaos(seed: number): ChaosPlan {
  const rng = new Rng(seed);
  const faults: TimedFault[] = [];
  const n = rng.int(1, 3);
  for (let k = 0; k < n; k++) {
    const kind = rng.pick(FAULT_KINDS);
    const spec: FaultSpec = { kind };
    if (rng.chance(0.8)) spec.unit = rng.pick(['primary', 'secondary'] as const);
    // Mostly transient faults: they let the run go deep into the sequence before something breaks.
    const r = rng.float();
    if (r < 0.55) spec.times = 1;
    else if (r < 0.8) spec.times = rng.int(2, 4);
    if (kind === 'slow-answers') spec.delayMs = rng.pick([20, 80, 200, 600, 1500, 3500]);
    if (kind === 'drop-session' || (kind === 'slow-answers' && rng.chance(0.5))) spec.command = rng.pick(ENGINE_COMMANDS);
    // Counts on always-firing faults make them fire on the first commands only; give them a command more often.
    const afterMs = rng.chance(0.3) ? 0 : rng.int(0, RUN_SPAN_MS);
    faults.push({ spec, ...(afterMs ? { afterMs } : {}) });
  }
  const knownMd5 = rng.chance(0.5);
  const cancelAfterMs = rng.chance(0.08) ? rng.int(100, RUN_SPAN_MS) : undefined;
  const secondJobAfterMs = rng.chance(0.08) ? rng.int(0, RUN_SPAN_MS) : undefined;
  const viaMate = rng.chance(0.2);
  return {
    seed,
    faults,
    knownMd5,
    cancelAfterMs,
    secondJobAfterMs,
    viaMate,
    describe: () =>
      [
        ...faults.map((f) => `${formatFaultSpec(f.spec)}@${f.afterMs ?? 0}ms`),
        knownMd5 ? 'md5 given' : 'no md5',
        cancelAfterMs !== undefined ? `cancel@${cancelAfterMs}ms` : '',
        secondJobAfterMs !== undefined ? `second-job@${secondJobAfterMs}ms` : '',
        viaMate ? 'no standby address' : '',
      ]
        .filter(Boolean)
        .join(', '),
  };
}

export function chaosSpec(plan: ChaosPlan, images: ImageServer): SafetyRunSpec {
  return {
    name: `seed ${plan.seed}`,
    lab: { reloadSeconds: 0.4, failoverSeconds: 0.1 },
    faults: plan.faults,
    request: plan.knownMd5 ? { asaMd5: images.md5(NEW_ASA), asdmMd5: images.md5(NEW_ASDM) } : {},
    options: { pollIntervalMs: 50, commandTimeoutMs: 2500, copyTimeoutMs: 6000, reloadTimeoutMs: 4000, failoverTimeoutMs: 2500 },
    connect: { commandMs: 2500, connectMs: 2500, standby: !plan.viaMate },
    cancelAfterMs: plan.cancelAfterMs,
    secondJobAfterMs: plan.secondJobAfterMs,
    hangMs: 90_000,
  };
}
