// The upgrade's safety invariants, proven from the lab's own history (what the devices saw and did), not
// from what the engine says it did. The role/state/version timeline of both units is rebuilt from the
// history's 'state', 'failover', 'reload-start', 'reboot' and 'boot' events; every reload and switch-over is then
// judged against the timeline at the moment it happened, and every switch-over command also at the moment
// the lab received it (a device slow to answer carries it out later).
//
// Switch-over allowance: the lab records a switch-over as one instant (the failover event and both units'
// state changes carry the same timestamp, new active first), so events that share a millisecond are applied
// together before "is there an active unit?" is asked. Beyond that, `noActiveAllowanceMs` (default 0 ms)
// is how long the pair may show no unit in an active state (Active, Just Active, Active Drain, Active
// Applying Config, Active Config Applied) before it counts as a violation. Real pairs log the two sides of a
// switch-over separately; a rehearsal against hardware would raise it to the failover poll time.

import type { UnitRole } from '../../src/core/facts';
import type { PairSnapshot, UpgradeEvent, UpgradeOutcome, UpgradeOutcomeKind } from '../../src/core/model';
import type { LabEvent, LabPair } from '../../src/lab';

export type InvariantRule =
  | 'reload-of-active-unit'
  | 'reload-while-mate-not-active'
  | 'failover-to-unready-standby'
  | 'failover-to-wrong-version'
  | 'no-active-unit'
  | 'two-jobs-at-once'
  | 'overlapping-copies'
  | 'reloaded-twice'
  | 'outcome-snapshot'
  | 'changed-after-stop'
  | 'unasked-config-change';

export interface Violation {
  rule: InvariantRule;
  /** ms since the epoch (of the lab event, or of the outcome). */
  at: number;
  message: string;
}

export interface UnitBaseline {
  state: string;
  version?: string;
}

/** A job as the test harness saw it: when it ran and how it ended (for the one-job-at-a-time rule). */
export interface JobSpan {
  name: string;
  start: number;
  end: number;
  outcome: UpgradeOutcomeKind;
}

export interface InvariantOptions {
  /** The units before the history starts (default: primary Active, secondary Standby Ready, versions unknown). */
  initial?: Partial<Record<UnitRole, UnitBaseline>>;
  /** The version a unit must run before it may be made active (the upgrade's target). Unchecked when absent. */
  targetVersion?: string;
  /** How long the pair may show no active unit; see the file comment. Default 0. */
  noActiveAllowanceMs?: number;
  /** End of observation, for a no-active interval still open at the end (default: the last event). */
  until?: number;
  /** Jobs run against the pair; at most one that was not refused may run at any moment. */
  jobs?: JobSpan[];
  /** Reloads allowed per unit over the history (one job upgrades each unit with exactly one). Unchecked when absent. */
  maxReloadsPerUnit?: number;
}

/** What a unit looked like at one moment, rebuilt from the history. */
export interface UnitAt {
  state: string;
  /** False from reload-start until boot. */
  up: boolean;
  version?: string;
}

export type PairAt = Record<UnitRole, UnitAt>;

const ROLES: UnitRole[] = ['primary', 'secondary'];
const mateOf = (r: UnitRole): UnitRole => (r === 'primary' ? 'secondary' : 'primary');
const norm = (s: string | undefined): string => (s ?? '').trim().replace(/\s+/g, ' ').toLowerCase();
/** Holds the active role (including the transitional states a unit passes through while taking over). */
export const activeish = (s: string | undefined): boolean => /^(active|just active|active .+)$/.test(norm(s));
const healthyActive = (s: string | undefined): boolean => norm(s) === 'active';
const standbyReady = (s: string | undefined): boolean => norm(s) === 'standby ready';

/** Captures a lab's units as they are now, to pass as `initial` before a run starts. */
export function baselineOf(lab: LabPair): Record<UnitRole, UnitBaseline> {
  return {
    primary: { state: lab.units.primary.state, version: lab.units.primary.version },
    secondary: { state: lab.units.secondary.state, version: lab.units.secondary.version },
  };
}

function initialPair(o: InvariantOptions): PairAt {
  return {
    primary: { state: o.initial?.primary?.state ?? 'Active', up: true, version: o.initial?.primary?.version },
    secondary: { state: o.initial?.secondary?.state ?? 'Standby Ready', up: true, version: o.initial?.secondary?.version },
  };
}

function sorted(events: readonly LabEvent[]): LabEvent[] {
  // Stable: events recorded at the same millisecond keep the lab's order.
  return events.map((e, i) => ({ e, i })).sort((a, b) => a.e.at - b.e.at || a.i - b.i).map((x) => x.e);
}

function apply(pair: PairAt, e: LabEvent): void {
  const u = pair[e.unit];
  if (e.kind === 'state' && e.to !== undefined) u.state = e.to;
  else if (e.kind === 'reload-start' || e.kind === 'reboot') u.up = false;
  else if (e.kind === 'boot') {
    u.up = true;
    // detail: `disk0:/asa9-20-2-smp-k8.bin 9.20(2)`
    const v = e.detail?.trim().split(/\s+/).at(-1);
    if (v) u.version = v;
  }
}

function clone(p: PairAt): PairAt {
  return { primary: { ...p.primary }, secondary: { ...p.secondary } };
}

/** The pair as the history says it was at time `t` (every event at or before `t` applied). */
export function pairAt(events: readonly LabEvent[], t: number, options: InvariantOptions = {}): PairAt {
  const pair = initialPair(options);
  for (const e of sorted(events)) {
    if (e.at > t) break;
    apply(pair, e);
  }
  return pair;
}

/** Every distinct pair state within [from, to], including the one in force at `from`. */
export function pairStatesBetween(events: readonly LabEvent[], from: number, to: number, options: InvariantOptions = {}): PairAt[] {
  const pair = initialPair(options);
  const out: PairAt[] = [];
  const list = sorted(events);
  let i = 0;
  for (; i < list.length && list[i].at <= from; i++) apply(pair, list[i]);
  out.push(clone(pair));
  while (i < list.length && list[i].at <= to) {
    const at = list[i].at;
    while (i < list.length && list[i].at === at) apply(pair, list[i++]);
    out.push(clone(pair));
  }
  return out;
}

/** Whether a command line is `words` with each word possibly abbreviated (as the ASA CLI accepts). */
function isCommand(line: string | undefined, words: string[]): boolean {
  const parts = norm(line).split(' ');
  return parts.length === words.length && parts.every((p, i) => p.length > 0 && words[i].startsWith(p));
}

function describe(pair: PairAt): string {
  return ROLES.map((r) => `${r} ${pair[r].up ? pair[r].state : 'down'}${pair[r].version ? ` on ${pair[r].version}` : ''}`).join(', ');
}

/**
 * Checks the lab's history against the invariants. Returns the violations (empty when the run was safe).
 */
export function checkInvariants(events: readonly LabEvent[], options: InvariantOptions = {}): Violation[] {
  const violations: Violation[] = [];
  const add = (rule: InvariantRule, at: number, message: string): void => {
    violations.push({ rule, at, message });
  };
  const allowance = options.noActiveAllowanceMs ?? 0;
  const target = options.targetVersion;
  const pair = initialPair(options);
  const list = sorted(events);
  const copiesRunning: Record<UnitRole, number> = { primary: 0, secondary: 0 };
  const reloads: Record<UnitRole, number> = { primary: 0, secondary: 0 };
  let noActiveSince: number | undefined;

  const judgeSwitchOver = (newActive: UnitRole, at: number, why: string): void => {
    const n = pair[newActive];
    if (!n.up || !standbyReady(n.state)) {
      add('failover-to-unready-standby', at, `${why}: the ${newActive} was made active while ${n.up ? `"${n.state}"` : 'down'}, not Standby Ready (${describe(pair)}).`);
    }
    if (target !== undefined && n.version !== undefined && n.version !== target) {
      add('failover-to-wrong-version', at, `${why}: the ${newActive} was made active on ${n.version}, not the target ${target} (${describe(pair)}).`);
    }
  };

  let i = 0;
  while (i < list.length) {
    const at = list[i].at;
    // Judge every event against the state before it, then apply it; a same-millisecond group is one instant.
    while (i < list.length && list[i].at === at) {
      const e = list[i++];
      if (e.kind === 'reload-start') {
        const u = pair[e.unit];
        const m = pair[mateOf(e.unit)];
        if (u.up && activeish(u.state)) add('reload-of-active-unit', e.at, `The ${e.unit} was reloaded while it was "${u.state}" (${e.detail ?? 'reload'}; ${describe(pair)}).`);
        reloads[e.unit] += 1;
        if (options.maxReloadsPerUnit !== undefined && reloads[e.unit] > options.maxReloadsPerUnit) {
          add('reloaded-twice', e.at, `The ${e.unit} was reloaded ${reloads[e.unit]} times (${e.detail ?? 'reload'}); one job reloads each unit once.`);
        }
        if (!m.up || !healthyActive(m.state)) {
          add('reload-while-mate-not-active', e.at, `The ${e.unit} was reloaded while its mate (the ${mateOf(e.unit)}) was ${m.up ? `"${m.state}"` : 'down'}, not Active (${describe(pair)}).`);
        }
      } else if (e.kind === 'command' && !/^failover exec\b/i.test(norm(e.command))) {
        // `failover exec mate CMD` is recorded again on the unit that runs CMD; judge it there.
        const u = pair[e.unit];
        if (isCommand(e.command, ['no', 'failover', 'active']) && u.up && activeish(u.state)) {
          judgeSwitchOver(mateOf(e.unit), e.at, `"${e.command}" on the ${e.unit}`);
        } else if (isCommand(e.command, ['failover', 'active']) && u.up && !activeish(u.state)) {
          judgeSwitchOver(e.unit, e.at, `"${e.command}" on the ${e.unit}`);
        }
      } else if (e.kind === 'failover' && /^Set by the config command/i.test(e.detail ?? '') && (e.to === 'primary' || e.to === 'secondary')) {
        // The switch-over itself (a command the device was slow to carry out takes effect later than it arrived).
        judgeSwitchOver(e.to, e.at, `the switch-over to the ${e.to}`);
      } else if (e.kind === 'copy-start') {
        copiesRunning[e.unit] += 1;
        if (copiesRunning[e.unit] > 1) add('overlapping-copies', e.at, `Two copies ran at once on the ${e.unit} (${e.detail ?? ''}): two jobs, or a copy started before the last one ended.`);
      } else if (e.kind === 'copy-end') {
        copiesRunning[e.unit] = Math.max(0, copiesRunning[e.unit] - 1);
      } else if (e.kind === 'config-change') {
        // A question the unit asked was answered in a way that changed it (a new enable password, a trusted key).
        add('unasked-config-change', e.at, `The ${e.unit} was changed by an answer to its own question: ${e.detail ?? 'unknown change'}.`);
      }
      apply(pair, e);
    }
    const anyActive = ROLES.some((r) => pair[r].up && activeish(pair[r].state));
    if (!anyActive && noActiveSince === undefined) noActiveSince = at;
    if (anyActive && noActiveSince !== undefined) {
      if (at - noActiveSince > allowance) add('no-active-unit', noActiveSince, `No unit was active for ${at - noActiveSince} ms (from ${new Date(noActiveSince).toISOString()}).`);
      noActiveSince = undefined;
    }
  }
  if (noActiveSince !== undefined) {
    const end = Math.max(options.until ?? 0, list.at(-1)?.at ?? 0);
    // An interval still open at the end counts from its start (even one of 0 ms at the very last event).
    if (end - noActiveSince >= allowance) add('no-active-unit', noActiveSince, `No unit was active from ${new Date(noActiveSince).toISOString()} to the end of the history (${describe(pair)}).`);
  }

  const jobs = (options.jobs ?? []).filter((j) => j.outcome !== 'refused');
  for (let a = 0; a < jobs.length; a++) {
    for (let b = a + 1; b < jobs.length; b++) {
      const x = jobs[a];
      const y = jobs[b];
      if (x.start < y.end && y.start < x.end) {
        add('two-jobs-at-once', Math.max(x.start, y.start), `Jobs ${x.name} (${x.outcome}) and ${y.name} (${y.outcome}) ran on the pair at the same time.`);
      }
    }
  }
  return violations;
}

// ---- outcome checks ---------------------------------------------------------------------------------

export interface OutcomeCheckOptions extends InvariantOptions {
  /** The engine's events of the run (to find when the after-stop snapshot was read). */
  events?: readonly UpgradeEvent[];
  /** When the snapshot was read; defaults from `events` (after the last engine event before 'finished'). */
  window?: { from: number; to: number };
  /** When the job was cancelled (its signal aborted), if it was. */
  cancelledAt?: number;
}

/** Commands that change a unit: copies, configuration, saves, reloads, switch-overs. */
export const CHANGING_COMMAND = /^(failover exec mate )?(copy|conf|clear configure|boot system|no boot|asdm image|no asdm|write|wr\b|reload|failover reload-standby|failover active|no failover active|delete)/i;
/** The commands a cancelled job must not start once it noticed the cancel: reloads, switch-overs, copies. */
const DRASTIC_COMMAND = /^(failover exec mate )?(copy|reload|failover reload-standby|failover active|no failover active)/i;
/** How long a cancelled job may take to notice: the step under way when the signal fired may finish. */
export const CANCEL_GRACE_MS = 300;
/** A command written just before the stop may reach the unit a moment after it (SSH and event-loop latency). */
export const IN_FLIGHT_MS = 150;

const PLACEHOLDER_STATES = new Set(['unknown', 'not answering']);

/**
 * When the outcome's snapshot was read. After a stop the engine emits its last event (the failed phase) and
 * then reads the pair, so the read lies between that event and 'finished'. A refusal reuses the status read
 * at the start, before the unit readings and the failed precondition phase were emitted: step back over those.
 */
export function snapshotWindow(events: readonly UpgradeEvent[], outcome?: UpgradeOutcomeKind): { from: number; to: number } | undefined {
  const fin = events.findIndex((e) => e.type === 'finished');
  if (fin < 0) return undefined;
  let k = fin - 1;
  if (outcome === 'refused') while (k > 0 && (events[k].type === 'unit' || (events[k].type === 'phase' && (events[k] as { status: string }).status === 'failed'))) k--;
  return { from: k >= 0 ? events[k].at : events[fin].at, to: events[fin].at };
}

/**
 * After any stop: the outcome's PairSnapshot must be what the lab really was while it was read (active role,
 * each unit's version, mixedVersions) and carry a next safe action. Each field must hold at some moment of
 * the read window (the two units are read one after the other while the pair may be changing).
 */
export function checkOutcome(outcome: UpgradeOutcome, history: readonly LabEvent[], options: OutcomeCheckOptions = {}): Violation[] {
  const violations: Violation[] = [];
  const window = options.window ?? (options.events ? snapshotWindow(options.events, outcome.outcome) : undefined) ?? { from: Date.now(), to: Date.now() };
  const add = (message: string): void => {
    violations.push({ rule: 'outcome-snapshot', at: window.to, message: `${outcome.outcome} "${outcome.message.slice(0, 160)}": ${message}` });
  };
  // A stopped job sends nothing more: nothing that changes a unit after it decided to stop (the failed phase
  // it reported), and no reload, switch-over or copy once a cancel had time to be noticed.
  if (outcome.outcome !== 'upgraded' && outcome.outcome !== 'downloaded') {
    const stoppedAt = options.events ? (options.events.filter((e) => e.type === 'phase' && e.status === 'failed').at(-1)?.at ?? window.to) : window.to;
    for (const e of history) {
      if (e.kind !== 'command' || !e.command) continue;
      if (e.at > stoppedAt + IN_FLIGHT_MS && CHANGING_COMMAND.test(e.command)) {
        violations.push({ rule: 'changed-after-stop', at: e.at, message: `The ${e.unit} received "${e.command}" ${e.at - stoppedAt} ms after the job stopped (${outcome.outcome}).` });
      } else if (options.cancelledAt !== undefined && e.at > options.cancelledAt + CANCEL_GRACE_MS && DRASTIC_COMMAND.test(e.command)) {
        violations.push({ rule: 'changed-after-stop', at: e.at, message: `The ${e.unit} received "${e.command}" ${e.at - options.cancelledAt} ms after the job was cancelled.` });
      }
    }
  }
  const snap: PairSnapshot | undefined = outcome.pair;
  if (!snap) {
    // Only a job refused before it read the pair (bad input, pair locked by another job) may omit it.
    if (outcome.outcome !== 'refused') add('no PairSnapshot after the stop.');
    return violations;
  }
  if (!snap.nextSafeAction?.trim()) add('the snapshot has no next safe action.');
  const unreadable = /could not be read/i.test(snap.nextSafeAction ?? '');
  if (snap.units.length === 0) {
    // The pair could not be read at all (e.g. credentials refused): the advice must say so.
    if (!unreadable) add('the snapshot has no units and does not say the pair could not be read.');
    return violations;
  }
  // A pair that could not be read after the stop (e.g. its host key changed) is reported as last seen,
  // and says so: hold it to what the lab was at some moment of the run, not at the stop.
  const from = unreadable ? (options.events?.[0]?.at ?? 0) : window.from;
  const states = pairStatesBetween(history, from, window.to, options);
  const real = (f: (p: PairAt) => boolean): boolean => states.some(f);
  const seen = (p: PairAt): string => describe(p);

  for (const u of snap.units) {
    if (u.version && u.version !== 'unknown' && !real((p) => p[u.role].version === undefined || p[u.role].version === u.version)) {
      add(`it says the ${u.role} runs ${u.version}, but the lab had it on ${states.map((p) => p[u.role].version).join(' / ')}.`);
    }
    if (u.isActive !== (snap.activeRole === u.role)) add(`the ${u.role}'s isActive (${u.isActive}) disagrees with activeRole ${snap.activeRole ?? '(none)'}.`);
  }
  if (snap.activeRole !== undefined) {
    if (!real((p) => p[snap.activeRole!].up && activeish(p[snap.activeRole!].state))) {
      add(`it says the ${snap.activeRole} is active, but the lab had ${states.map(seen).join(' then ')}.`);
    }
  } else {
    // No active role is only honest if the snapshot could not see an active unit or the lab really had none.
    const couldNotSee = snap.units.some((u) => PLACEHOLDER_STATES.has(norm(u.state)));
    if (!couldNotSee && !real((p) => !ROLES.some((r) => p[r].up && activeish(p[r].state)))) {
      add(`it names no active unit, but the lab had ${states.map(seen).join(' then ')}.`);
    }
  }
  const versions = snap.units.map((u) => u.version).filter((v) => v && v !== 'unknown');
  if (versions.length === 2) {
    const mixed = versions[0] !== versions[1];
    if (snap.mixedVersions !== mixed) add(`mixedVersions is ${snap.mixedVersions} but the versions it lists are ${versions.join(' and ')}.`);
  }
  // mixedVersions can only be held to the lab when the snapshot knows both versions ('unknown' otherwise).
  if (versions.length === 2 && !real((p) => p.primary.version === undefined || p.secondary.version === undefined || (p.primary.version !== p.secondary.version) === snap.mixedVersions)) {
    add(`mixedVersions is ${snap.mixedVersions}, but the lab had ${states.map(seen).join(' then ')}.`);
  }
  if (outcome.outcome === 'upgraded') {
    const end = pairAt(history, window.to, options);
    const t = options.targetVersion;
    if (!(healthyActive(end.primary.state) && standbyReady(end.secondary.state))) add(`upgraded, but the lab ended with ${describe(end)}.`);
    if (t !== undefined && (end.primary.version !== t || end.secondary.version !== t)) add(`upgraded, but the lab ended with ${describe(end)} (target ${t}).`);
  }
  return violations;
}

export function formatViolations(violations: readonly Violation[]): string {
  return violations.map((v) => `  [${v.rule}] ${new Date(v.at).toISOString()} ${v.message}`).join('\n');
}
