// The failover pair: which unit holds the active role, switch-overs, reloads and the states a unit passes
// through on its way back, config replication and `write memory`. Times scale with reloadSeconds so a
// reload takes 2 s in a test and minutes in a rehearsal. Sessions are dropped through the listener the
// SSH layer installs: this file knows nothing about SSH.

import type { UnitRole } from '../core/facts';
import type { PairAddress } from '../core/ports';
import { FaultBook } from './faults';
import { LabHistory } from './history';
import { mateVersionWarning } from './outputs';
import { cloneBoot, sameBoot, type BootSettings, UnitState } from './unit';

/** The interface the fault interface-down-after-upgrade takes down: the inside data link. */
export const LINK_LOST_AFTER_UPGRADE = 'GigabitEthernet0/1';

export interface PairTiming {
  /** From `reload` to Standby Ready. */
  reloadSeconds: number;
  /** From a switch-over to the new active unit showing `Active`. */
  failoverSeconds: number;
}

/** The file a firmware (ROMMON) update writes on its first boot. */
export const FIRMWARE_LOG = 'firmware_update.log';
/** Fraction of reloadSeconds a unit stays up on a firmware update boot before it reboots by itself. */
const FIRMWARE_REBOOT_AFTER = 0.15;

/** No public capture of firmware_update.log exists: the lab's text only says what happened. */
function firmwareLog(from: string, to: string): string {
  return `ROMMON upgrade on first boot of ${to} (previous software ${from}); rebooting to complete the upgrade.\n`;
}

/** Fractions of reloadSeconds at which a reloading unit reaches each stage. */
const DOWN_UNTIL = 0.4;
const JOIN_STEPS: [number, string][] = [
  [0.5, 'Cold Standby'],
  [0.6, 'Sync Config'],
  [0.7, 'Sync File System'],
  [0.8, 'Bulk Sync'],
  [1.0, 'Standby Ready'],
];
const ACTIVATE_STATES = ['Just Active', 'Active Drain', 'Active Applying Config', 'Active Config Applied', 'Active'];

export interface PairListener {
  /** Close every SSH session that satisfies the predicate (abruptly, as a vanished peer would). */
  dropSessions(match: (s: { unit: UnitRole; address: PairAddress }) => boolean, reason: string): void;
  /**
   * Leave every SSH session that satisfies the predicate hanging: no answer and no FIN, as real units leave
   * a session to an address that moved or to a unit that went down (asa-cli.md, "Sessions").
   */
  strandSessions(match: (s: { unit: UnitRole; address: PairAddress }) => boolean, reason: string): void;
  /** The pair's host key must change (fault host-key-changes). */
  rotateHostKey(): void;
  /** An unsolicited console line for every session on `unit` (replication notices, syslog). */
  notify(unit: UnitRole, line: string): void;
}

export class PairModel {
  readonly units: Record<UnitRole, UnitState>;
  readonly history = new LabHistory();
  readonly faults = new FaultBook();
  activeRole: UnitRole | undefined = 'primary';
  lastFailoverAt = new Date();
  /** When the pair formed (primary active), for `show failover history`. */
  formedAt = new Date();
  listener: PairListener = { dropSessions: () => {}, strandSessions: () => {}, rotateHostKey: () => {}, notify: () => {} };
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(
    readonly timing: PairTiming,
    primary: UnitState,
    secondary: UnitState,
  ) {
    this.units = { primary, secondary };
    primary.state = 'Active';
    primary.isActive = true;
    primary.activeSince = Date.now();
    secondary.state = 'Standby Ready';
    this.faults.onFire = (spec, unit) => this.history.record({ unit, kind: 'fault', detail: spec.kind });
  }

  mateOf(u: UnitState): UnitState {
    return u.role === 'primary' ? this.units.secondary : this.units.primary;
  }

  get active(): UnitState | undefined {
    return this.activeRole ? this.units[this.activeRole] : undefined;
  }

  /** The unit that answers on an address now, or undefined when nobody does (down, reloading). */
  unitAt(address: PairAddress): UnitState | undefined {
    const active = this.active;
    if (address === 'active') return active?.up ? active : undefined;
    const other = active ? this.mateOf(active) : undefined;
    return other?.up ? other : undefined;
  }

  addressOf(u: UnitState): PairAddress {
    return u.isActive ? 'active' : 'standby';
  }

  /** State of the mate as a unit prints it in `Other host:`. */
  mateStateSeenBy(u: UnitState): string {
    const mate = this.mateOf(u);
    return mate.up ? mate.state : 'Failed';
  }

  // ---- configuration --------------------------------------------------------------------------------

  /** Applies a configuration change on a unit; on the active unit it replicates to a running standby. */
  configure(u: UnitState, change: (b: BootSettings) => void): void {
    change(u.running);
    const mate = this.mateOf(u);
    if (u.isActive && mate.up && mate.state !== 'Negotiation') change(mate.running);
  }

  /** `write memory`: saves on this unit, and on the standby too when run on the active unit. Returns whether it replicated. */
  writeMemory(u: UnitState): boolean {
    u.saved = cloneBoot(u.running);
    const mate = this.mateOf(u);
    if (u.isActive && mate.up && mate.state !== 'Negotiation') {
      mate.saved = cloneBoot(mate.running);
      return true;
    }
    return false;
  }

  isConfigModified(u: UnitState): boolean {
    return !sameBoot(u.running, u.saved);
  }

  // ---- state ----------------------------------------------------------------------------------------

  setState(u: UnitState, to: string, detail?: string, at = Date.now()): void {
    if (u.state === to) return;
    this.history.record({ at, unit: u.role, kind: 'state', from: u.state, to, detail });
    u.state = to;
  }

  private setActiveRole(role: UnitRole | undefined): void {
    const now = Date.now();
    for (const u of Object.values(this.units)) {
      const becomes = u.role === role;
      if (u.isActive && !becomes && u.activeSince !== undefined) {
        u.activeMsBefore += now - u.activeSince;
        u.activeSince = undefined;
      }
      if (becomes && !u.isActive) u.activeSince = now;
      u.isActive = becomes;
    }
    this.activeRole = role;
  }

  private schedule(ms: number, fn: () => void): void {
    if (this.stopped) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.stopped) fn();
    }, Math.max(0, ms));
    this.timers.add(t);
  }

  /** Runs `steps` (delay from now, action) as one sequence that a later sequence on the unit cancels. */
  private sequenceOn(u: UnitState, steps: [number, () => void][]): void {
    const seq = ++u.sequence;
    const epoch = u.epoch;
    // Each step is scheduled from the one before: separate timers of different lengths can fire out of order
    // when the event loop lags, which would leave a unit in an intermediate state for good.
    const next = (i: number, previousMs: number): void => {
      if (i >= steps.length) return;
      const [ms, fn] = steps[i];
      this.schedule(Math.max(0, ms - previousMs), () => {
        if (u.sequence !== seq || u.epoch !== epoch || !u.up) return;
        fn();
        next(i + 1, ms);
      });
    };
    next(0, 0);
  }

  /** `u` takes the active role: the addresses move, so every session on both addresses drops. */
  takeOver(u: UnitState, reason: string, at = Date.now()): void {
    const old = this.active;
    if (old === u) return;
    // One instant for the whole switch-over, and the new active state recorded first: the history never
    // shows a moment without an active unit that the real pair would not have had.
    this.setActiveRole(u.role);
    this.lastFailoverAt = new Date(at);
    this.history.record({ at, unit: u.role, kind: 'failover', from: old?.role, to: u.role, detail: reason });
    this.setState(u, ACTIVATE_STATES[0], reason, at);
    if (old?.up) {
      old.sequence++;
      this.setState(old, 'Standby Ready', reason, at);
    }
    const step = (this.timing.failoverSeconds * 1000) / (ACTIVATE_STATES.length - 1);
    this.sequenceOn(
      u,
      ACTIVATE_STATES.slice(1).map((s, i) => [step * (i + 1), () => this.setState(u, s)] as [number, () => void]),
    );
    // Both addresses move: every session on them is left hanging rather than closed.
    this.listener.strandSessions(() => true, `switch-over: ${reason}`);
  }

  /** Starts a reload of `u`: it goes down now, boots later and finds its place in the pair. */
  reload(u: UnitState, reason: string): void {
    if (!u.up) return;
    u.reloadCount += 1;
    this.goDown(u, 'reload-start', reason);
  }

  /**
   * `u` goes down (a reload, or a reboot it does by itself such as a firmware update's) and boots again later.
   * Its sessions are cut; an active unit hands over first.
   */
  private goDown(u: UnitState, kind: 'reload-start' | 'reboot', reason: string): void {
    u.epoch += 1;
    u.sequence += 1;
    u.abort.abort();
    u.abort = new AbortController();
    u.up = false;
    const at = Date.now();
    this.history.record({ at, unit: u.role, kind, detail: reason });
    this.listener.strandSessions((s) => s.unit === u.role, `${kind === 'reboot' ? 'reboot' : 'reload'} of ${u.role}`);
    if (u.isActive) {
      // An active unit that reloads hands over first (as a graceful reload does on real units).
      const mate = this.mateOf(u);
      if (mate.up) this.takeOver(mate, `Other unit reloaded (${u.role})`, at);
      else this.setActiveRole(undefined);
    }
    this.setState(u, 'Failed', reason, at);
    const epoch = u.epoch;
    this.schedule(this.timing.reloadSeconds * 1000 * DOWN_UNTIL, () => {
      if (u.epoch === epoch) this.boot(u);
    });
  }

  private boot(u: UnitState): void {
    const oldVersion = this.faults.take('boots-old-version', u.role);
    const chosen = u.chooseBootImage(oldVersion !== undefined);
    const versionBefore = u.version;
    if (chosen) {
      u.runningImage = chosen.image;
      u.version = chosen.version;
    }
    u.running = cloneBoot(u.saved);
    u.bootedAt = Date.now();
    u.up = true;
    this.history.record({ unit: u.role, kind: 'boot', detail: `${u.runningImage} ${u.version}` });
    const R = this.timing.reloadSeconds * 1000;
    if (chosen && u.version !== versionBefore && this.faults.take('firmware-double-boot', u.role)) {
      // The first boot of a release that updates ROMMON: it writes disk0:/firmware_update.log and reboots once
      // more by itself (Cisco event response "Continued Attacks Against Cisco Firewalls", 5512-X..5555-X).
      // Whether SSH answers in between is not documented; the lab answers, in Negotiation, for a moment.
      u.flash.set(FIRMWARE_LOG, { data: Buffer.from(firmwareLog(versionBefore, u.version)), mtime: new Date() });
      this.setState(u, 'Negotiation');
      this.sequenceOn(u, [[R * FIRMWARE_REBOOT_AFTER, () => this.goDown(u, 'reboot', 'firmware update reboot (ROMMON upgraded, disk0:/firmware_update.log)')]]);
      return;
    }
    if (this.faults.take('host-key-changes', u.role)) this.listener.rotateHostKey();
    // A unit that comes back with a dead link (a transceiver or driver the new release does not take).
    if (chosen && oldVersion === undefined && this.faults.take('interface-down-after-upgrade', u.role)) u.downInterfaces.add(LINK_LOST_AFTER_UPGRADE);
    this.setState(u, 'Negotiation');
    const t0 = DOWN_UNTIL;
    const mate = this.mateOf(u);
    // Decided after Negotiation: join an active mate, or take the active role if nobody holds it. When both
    // units negotiate at once the primary wins, as on real units.
    const decide = (waited: number): void => {
      if (this.active && this.active !== u && mate.up) this.join(u, R, t0 + 0.05 + waited);
      else if (u.role === 'secondary' && mate.up && mate.state === 'Negotiation') this.sequenceOn(u, [[R * 0.02, () => decide(waited + 0.02)]]);
      else this.takeOver(u, 'No Active unit found');
    };
    this.sequenceOn(u, [[R * 0.05, () => decide(0)]]);
  }

  private join(u: UnitState, R: number, elapsed: number): void {
    const stuck = this.faults.take('never-standby-ready', u.role);
    // Cisco bug CSCvz54471: the failover link drops during sync; after about 10 min in Sync Config the unit
    // goes to Failed ("HA state progression failed") and does not rejoin by itself.
    const failsInSync = this.faults.take('sync-then-failed', u.role);
    const steps: [number, () => void][] = [];
    for (const [at, state] of JOIN_STEPS) {
      if (stuck && state === 'Standby Ready') break;
      if (failsInSync && state === 'Sync File System') {
        const syncAt = JOIN_STEPS.find(([, s]) => s === 'Sync Config')![0];
        steps.push([Math.max(0, (syncAt - elapsed) * R) + (failsInSync.delayMs ?? R * 0.5), () => this.setState(u, 'Failed', 'HA state progression failed')]);
        break;
      }
      steps.push([
        Math.max(0, (at - elapsed) * R),
        () => {
          const act = this.active;
          if (!act || act === u) return;
          this.setState(u, state);
          if (state === 'Sync Config') {
            u.running = cloneBoot(act.running);
            if (u.version !== act.version) this.listener.notify(act.role, mateVersionWarning(u.version, act.version));
            // The consoles of both units say so (ASA CLI configuration guide, "Configuring Active/Standby Failover").
            this.listener.notify(act.role, 'Beginning configuration replication: Sending to mate.');
            this.listener.notify(u.role, 'Beginning configuration replication from mate.');
          }
          if (state === 'Sync File System') {
            this.listener.notify(act.role, 'End Configuration Replication to mate');
            this.listener.notify(u.role, 'End configuration replication from mate.');
          }
        },
      ]);
    }
    this.sequenceOn(u, steps);
  }

  stop(): void {
    this.stopped = true;
    for (const u of Object.values(this.units)) {
      // Work still running on a unit (a throttled copy) ends with the lab.
      u.epoch += 1;
      u.abort.abort();
    }
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
