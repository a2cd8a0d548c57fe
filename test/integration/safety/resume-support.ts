// Kill-and-resume scenarios: a lab pair in this process, the CLI's upgrade as a child process killed
// (SIGKILL) at a chosen moment, then the CLI's resume until done, and checks read from the lab's own history.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UnitRole } from '../../../src/core/facts';
import type { JournalRecord } from '../../../src/core/journal';
import { startLab, type LabEvent, type LabPair } from '../../../src/lab';
import type { FileServer } from '../../../src/lab/servers/types';
import { startCli, type CliResult, type CliRun } from '../../support/cli-process';
import { assertInvariants, NEW_ASA, NEW_ASDM, NEW_VERSION } from '../upgrade/support';

export type KillPoint =
  | { kind: 'boundary'; n: number }
  | { kind: 'command'; match: string; nth: number }
  | { kind: 'copy-wait'; nth: number; delayMs: number }
  | { kind: 'reload-wait'; unit: UnitRole; delayMs: number }
  | { kind: 'failover-wait'; nth: number; delayMs: number };

export function describePoint(p: KillPoint): string {
  switch (p.kind) {
    case 'boundary':
      return `journal boundary #${p.n}`;
    case 'command':
      return `on arrival of "${p.match}" #${p.nth}`;
    case 'copy-wait':
      return `${p.delayMs} ms into copy #${p.nth}`;
    case 'reload-wait':
      return `${p.delayMs} ms into the ${p.unit}'s reload`;
    case 'failover-wait':
      return `${p.delayMs} ms after switch-over #${p.nth}`;
  }
}

/** The chaos suite's seedable PRNG picks kill moments reproducibly too. */
export { mulberry32 as prng } from '../../support/chaos';

/** Journal progress: every step end and every phase start/end is one save, so one boundary. */
export function boundaryOf(record: JournalRecord | undefined): number {
  if (!record) return 0;
  return record.steps.length + record.phases.reduce((n, p) => n + (p.startedAt ? 1 : 0) + (p.endedAt ? 1 : 0), 0);
}

function readJournal(path: string): JournalRecord | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as JournalRecord;
  } catch {
    return undefined;
  }
}

export const LAB_TIMING = { reloadSeconds: 1.5, failoverSeconds: 0.3 };
/** Copies are throttled only where the kill lands inside one, so the other points run quicker. */
export const COPY_BYTES_PER_SECOND = 3 * 1024 * 1024;

export interface PointResult {
  point: string;
  killed: boolean;
  /** Where the journal stood when the process died. */
  boundaryAtKill: number;
  resumes: number;
  /** Runs thrown away because the simulated pair misbehaved (see runKillPoint). */
  labRetries: number;
  ms: number;
  problems: string[];
}

/**
 * One kill point on a fresh lab: upgrade (child process) killed at `point`, resume until exit 0 (at most 3
 * times), then the pair and its history are checked. Problems are returned, not thrown, so one run reports all.
 *
 * The lab's state steps are timers; when this process's event loop lags (many labs at once on a busy machine)
 * Node can run timers of different durations out of order, and a simulated unit then ends in a state a real
 * one never stays in (e.g. "Active Config Applied" after "Active"). Such a run says nothing about the engine:
 * it is detected from the lab's history as it happens (a timer step leaving Active or Standby Ready), stopped
 * and run again on a fresh lab, and counted in `labRetries`.
 */
export async function runKillPoint(point: KillPoint, images: FileServer): Promise<PointResult> {
  let labRetries = 0;
  for (;;) {
    const r = await attemptKillPoint(point, images);
    if (!r.labAnomaly || labRetries >= 3) return { ...r, labRetries, problems: r.labAnomaly ? [...r.problems, `lab anomaly: ${r.labAnomaly}`] : r.problems };
    labRetries++;
  }
}

/** A state change the lab's timers make out of a settled state: only commands and reloads may do that. */
function labAnomaly(e: LabEvent): string | undefined {
  if (e.kind !== 'state' || e.detail !== undefined) return undefined;
  return e.from === 'Active' || e.from === 'Standby Ready' ? `the ${e.unit} went from ${e.from} to ${e.to} by itself` : undefined;
}

async function attemptKillPoint(point: KillPoint, images: FileServer): Promise<Omit<PointResult, 'labRetries'> & { labAnomaly?: string }> {
  const started = Date.now();
  const lab = await startLab({ ...LAB_TIMING, ...(point.kind === 'copy-wait' ? { copyBytesPerSecond: COPY_BYTES_PER_SECOND } : {}) });
  const dir = mkdtempSync(join(tmpdir(), 'resume-kill-'));
  const problems: string[] = [];
  let killed = false;
  let boundaryAtKill = 0;
  /** Copies the job saw complete before it was killed (its journal records them). */
  const journaledCopies = new Set<string>();
  let resumes = 0;
  let anomaly: string | undefined;
  let current: CliRun | undefined;
  const record = lab.history.record.bind(lab.history);
  lab.history.record = (event) => {
    record(event);
    const found = labAnomaly(event as LabEvent);
    if (found && !anomaly) {
      anomaly = found;
      current?.child.kill('SIGKILL');
    }
  };
  try {
    const knownHosts = join(dir, 'known_hosts');
    writeFileSync(knownHosts, lab.knownHostsLines());
    const journal = join(dir, 'journal.json');
    const conn = [
      '--active', `127.0.0.1:${lab.activeEndpoint.port}`,
      '--standby', `127.0.0.1:${lab.standbyEndpoint.port}`,
      '--username', lab.credentials.username,
      '--known-hosts', knownHosts,
      '--journal', journal,
      '--poll-ms', '100',
      '--yes',
    ];
    const env = { ASA_PASSWORD: lab.credentials.password, ASA_ENABLE_PASSWORD: lab.credentials.enablePassword, HOME: dir };
    const run = startCli(['upgrade', ...conn, '--asa', images.url(NEW_ASA), '--asdm', images.url(NEW_ASDM)], env);
    current = run;
    const kill = (): void => {
      if (killed || run.child.exitCode !== null) return;
      killed = run.child.kill('SIGKILL');
    };
    const stopWatching = armKill(point, lab, journal, kill);
    const timer = setTimeout(kill, 60_000);
    const first = await run.done;
    clearTimeout(timer);
    stopWatching();
    const atKill = readJournal(journal);
    boundaryAtKill = boundaryOf(atKill);
    for (const c of atKill?.copies ?? []) journaledCopies.add(`${c.unit} disk0:/${c.file}`);
    if (!killed && !anomaly) problems.push(`the kill point was never reached (upgrade exited ${first.code}): ${tail(first)}`);

    let last: CliResult | undefined;
    const attempts: string[] = [];
    while (resumes < 3 && !anomaly) {
      resumes++;
      // --verbose: every command with its time and duration on stderr, for the post-mortem of a failure.
      current = startCli(['resume', ...conn, '--verbose'], env);
      const limit = setTimeout(() => current?.child.kill('SIGKILL'), 90_000);
      last = await current.done;
      clearTimeout(limit);
      attempts.push(`--- resume ${resumes}: exit ${last.code} after ${last.ms} ms\n${last.stdout}\n--- stderr\n${last.stderr}`);
      if (last.code === 0) break;
    }
    if (anomaly) return { point: describePoint(point), killed, boundaryAtKill, resumes, ms: Date.now() - started, problems: [], labAnomaly: anomaly };
    if (last?.code !== 0 || resumes > 1) {
      const keep = join(tmpdir(), `resume-kill-attempts-${process.pid}-${Date.now()}.log`);
      writeFileSync(keep, `upgrade (killed: ${killed}):\n${first.stdout}\n--- stderr\n${first.stderr}\n${attempts.join('\n')}`);
      problems.push(`resume output kept in ${keep}`);
    }
    if (last?.code !== 0) problems.push(`resume did not finish after ${resumes} attempts (exit ${last?.code}): ${tail(last!)}`);
    else if (resumes > 1) problems.push(`resume needed ${resumes} runs; the last one before success said: ${tail(last)}`);

    problems.push(...checkPair(lab), ...checkHistory(lab, journaledCopies));
    const final = readJournal(journal);
    if (final?.outcome?.outcome !== 'upgraded') problems.push(`the journal ends "${final?.outcome?.outcome ?? 'unfinished'}"`);
  } catch (e) {
    problems.push(`unexpected: ${(e as Error).stack ?? e}`);
  } finally {
    if (problems.length) {
      // The lab's own record of what happened, kept for the post-mortem (the temp folder is removed).
      const keep = join(tmpdir(), `resume-kill-failure-${process.pid}-${Date.now()}.json`);
      writeFileSync(keep, JSON.stringify({ point, events: lab.history.events }, null, 1));
      problems.push(`lab history kept in ${keep}`);
    }
    await lab.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return { point: describePoint(point), killed, boundaryAtKill, resumes, ms: Date.now() - started, problems };
}

function tail(r: CliResult): string {
  return `${r.stdout.split('\n').slice(-12).join('\n')}\n${r.stderr.slice(-800)}`;
}

/** Sets up the trigger; returns a function that disarms it. */
function armKill(point: KillPoint, lab: LabPair, journal: string, kill: () => void): () => void {
  const timers: NodeJS.Timeout[] = [];
  const later = (ms: number): void => void timers.push(setTimeout(kill, ms));
  if (point.kind === 'boundary') {
    const poll = setInterval(() => {
      if (boundaryOf(readJournal(journal)) >= point.n) kill();
    }, 3);
    return () => {
      clearInterval(poll);
      timers.forEach(clearTimeout);
    };
  }
  // The lab lives in this process: hooking its history sees a command the instant it reaches the "device".
  const history = lab.history;
  const original = history.record.bind(history);
  const counts = new Map<string, number>();
  const bump = (key: string): number => {
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    return n;
  };
  history.record = (event) => {
    original(event);
    const e = event as LabEvent;
    switch (point.kind) {
      case 'command':
        if (e.kind === 'command' && e.command?.includes(point.match) && bump('c') === point.nth) kill();
        break;
      case 'copy-wait':
        if (e.kind === 'copy-start' && bump('copy') === point.nth) later(point.delayMs);
        break;
      case 'reload-wait':
        if (e.kind === 'reload-start' && e.unit === point.unit) later(point.delayMs);
        break;
      case 'failover-wait':
        if (e.kind === 'command' && /^no failover active|^failover active/.test(e.command ?? '') && bump('fo') === point.nth) later(point.delayMs);
        break;
    }
  };
  return () => {
    history.record = original;
    timers.forEach(clearTimeout);
  };
}

function checkPair(lab: LabPair): string[] {
  const { primary, secondary } = lab.units;
  const problems: string[] = [];
  if (!primary.isActive || !/^Active/.test(primary.state)) problems.push(`the primary ends "${primary.state}" (active: ${primary.isActive})`);
  if (secondary.state !== 'Standby Ready') problems.push(`the secondary ends "${secondary.state}"`);
  if (primary.version !== NEW_VERSION || secondary.version !== NEW_VERSION) problems.push(`versions at the end: primary ${primary.version}, secondary ${secondary.version}`);
  return problems;
}

/**
 * From the lab's history: the invariants (never reload the active unit nor one whose mate is not Active, always
 * an active unit), no reload of a unit already on the target, one reload per unit, and no copy to a unit that
 * already held the complete file. With `journaled` (copies the killed job had recorded as complete), only those
 * count: a copy that went on to its end on the unit after the kill is not proven to be the image by any hash
 * (no hash given, a .bin carries no signature), so copying it once more is the safe choice, not a fault.
 */
export function checkHistory(lab: LabPair, journaled?: Set<string>): string[] {
  const problems: string[] = [];
  try {
    assertInvariants(lab, { secondaryFirst: true });
  } catch (e) {
    problems.push(`invariant: ${(e as Error).message.split('\n')[0]}`);
  }
  const version: Record<UnitRole, string> = { primary: '9.18(4)22', secondary: '9.18(4)22' };
  const complete: Record<UnitRole, Set<string>> = { primary: new Set(), secondary: new Set() };
  const reloads: Record<UnitRole, number> = { primary: 0, secondary: 0 };
  for (const e of [...lab.history.events].sort((a, b) => a.at - b.at)) {
    if (e.kind === 'boot') version[e.unit] = (e.detail ?? '').split(' ').slice(1).join(' ');
    if (e.kind === 'reload-start') {
      reloads[e.unit]++;
      if (version[e.unit] === NEW_VERSION) problems.push(`the ${e.unit} was reloaded again although it already ran ${NEW_VERSION}`);
    }
    const dest = /-> (\S+)$/.exec(e.detail ?? '')?.[1];
    if (e.kind === 'copy-start' && dest) {
      if (complete[e.unit].has(dest) && (!journaled || journaled.has(`${e.unit} ${dest}`))) problems.push(`${dest} was copied again to the ${e.unit}, which already had it`);
    }
    if (e.kind === 'copy-end' && dest && e.bytes !== undefined) complete[e.unit].add(dest);
  }
  for (const u of ['primary', 'secondary'] as const) if (reloads[u] !== 1) problems.push(`the ${u} was reloaded ${reloads[u]} times`);
  return problems;
}
