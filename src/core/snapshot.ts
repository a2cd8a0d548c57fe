// Observing a pair while it changes under us (reloads, switch-overs): every read is best effort, a unit
// that does not answer is "not reachable" rather than an error, and each session is checked for which unit
// it really reaches, because an address follows the role. Also builds the after-stop report.

import { CommandRejectedError, CommandTimeoutError, ConnectError, ConnectionLostError, ParseError } from './errors';
import type { UnitRole } from './facts';
import type { PairSnapshot } from './model';
import type { PairConnector, UnitSession } from './ports';
import { isActiveState, isStandbyReady, otherRole } from './states';
import { sameVersion } from './versions';

export interface UnitObservation {
  role: UnitRole;
  /** Failover state, from the unit itself or, when it does not answer, from its mate's `show failover`. */
  state?: string;
  isActive?: boolean;
  /** Running version, from the unit's `show version` or its mate's `Version: ... Mate X`. */
  version?: string;
  uptimeSeconds?: number;
  /** Whether the unit itself answered (directly or through `failover exec mate`). */
  reachable: boolean;
}

export interface PairObservation {
  at: number;
  failoverEnabled?: boolean;
  /** The role of the unit behind the active address. */
  activeAddressRole?: UnitRole;
  units: Record<UnitRole, UnitObservation>;
  /** Why a unit could not be read, for messages. */
  notes: string[];
  /** The standby address refused or did not answer the connection (its message). */
  standbyAddressFailed?: string;
}

/** Errors that mean "the unit cannot be read right now" while a pair reloads or switches over. */
export function isTransient(e: unknown): boolean {
  return (
    e instanceof ConnectError ||
    e instanceof ConnectionLostError ||
    e instanceof CommandTimeoutError ||
    e instanceof CommandRejectedError ||
    e instanceof ParseError
  );
}

/** A timed-out session may still be waiting for the old answer (or talk to a peer that vanished): start afresh next time. */
export async function dropIfWedged(session: UnitSession | undefined, e: unknown): Promise<void> {
  if (session && session.via === 'self' && e instanceof CommandTimeoutError) await session.close().catch(() => undefined);
}

export interface ObserveOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  /**
   * How the unit behind the standby address is read: its own address (the default when one is configured)
   * or `failover exec mate` on the active unit (the only way without one).
   */
  otherVia?: 'standby' | 'mate';
  /** Read only the unit behind the active address (what it says of its mate included). */
  activeOnly?: boolean;
}

/** Reads both units as far as they answer. Errors other than transient ones (host key, credentials) propagate. */
export async function observePair(connector: PairConnector, o: ObserveOptions = {}): Promise<PairObservation> {
  const co = { timeoutMs: o.timeoutMs, signal: o.signal };
  const obs: PairObservation = {
    at: Date.now(),
    units: { primary: { role: 'primary', reachable: false }, secondary: { role: 'secondary', reachable: false } },
    notes: [],
  };
  let active: UnitSession | undefined;
  try {
    active = await connector.connect('active', co);
    const fo = await active.showFailover(co);
    obs.failoverEnabled = fo.enabled;
    if (fo.thisHost) {
      const me = fo.thisHost.role;
      obs.activeAddressRole = me;
      const u = obs.units[me];
      u.state = fo.thisHost.state;
      u.isActive = isActiveState(fo.thisHost.state);
      u.reachable = true;
      const other = obs.units[fo.otherHost?.role ?? otherRole(me)];
      if (fo.otherHost) {
        other.state = fo.otherHost.state;
        other.isActive = isActiveState(fo.otherHost.state);
      }
      if (fo.mateVersion) other.version = fo.mateVersion;
      if (fo.ourVersion) u.version = fo.ourVersion;
      const v = await active.showVersion(co);
      u.version = v.version;
      if (v.uptimeSeconds !== undefined) u.uptimeSeconds = v.uptimeSeconds;
    }
  } catch (e) {
    if (!isTransient(e)) throw e;
    await dropIfWedged(active, e);
    obs.notes.push(`active address: ${(e as Error).message}`);
    return obs;
  }
  if (!obs.activeAddressRole || obs.failoverEnabled === false || o.activeOnly) return obs;

  const otherRoleName = otherRole(obs.activeAddressRole);
  const other = obs.units[otherRoleName];
  let session: UnitSession | undefined;
  try {
    if (connector.hasStandbyAddress && o.otherVia !== 'mate') {
      try {
        session = await connector.connect('standby', co);
      } catch (e) {
        if (e instanceof ConnectError) obs.standbyAddressFailed = e.message;
        throw e;
      }
      const fo = await session.showFailover(co);
      if (fo.thisHost?.role !== otherRoleName) {
        // The standby address reaches the same unit as the active one (an address moving during a switch-over).
        await session.close().catch(() => undefined);
        obs.notes.push('standby address: reached the same unit as the active address');
        return obs;
      }
      other.state = fo.thisHost.state;
      other.isActive = isActiveState(fo.thisHost.state);
    } else {
      session = active!.mate();
    }
    const v = await session.showVersion(co);
    other.version = v.version;
    if (v.uptimeSeconds !== undefined) other.uptimeSeconds = v.uptimeSeconds;
    other.reachable = true;
  } catch (e) {
    if (!isTransient(e)) throw e;
    // Through the mate, a timed-out command leaves the active unit's session waiting: that is the one to drop.
    await dropIfWedged(session?.via === 'mate' ? active : session, e);
    obs.notes.push(`${otherRoleName}: ${(e as Error).message}`);
  }
  return obs;
}

export function describeObservation(obs: PairObservation): string {
  return (['primary', 'secondary'] as const)
    .map((r) => {
      const u = obs.units[r];
      const parts = [u.state ?? 'unknown state', u.version ?? 'unknown version'];
      if (!u.reachable) parts.push('not answering');
      return `${r}: ${parts.join(', ')}`;
    })
    .join('; ');
}

export function snapshotOf(obs: PairObservation, nextSafeAction?: string): PairSnapshot {
  const units = (['primary', 'secondary'] as const).map((r) => {
    const u = obs.units[r];
    return { role: r, state: u.state ?? (u.reachable ? 'Unknown' : 'Not answering'), version: u.version ?? 'unknown', isActive: u.isActive === true };
  });
  const versions = units.map((u) => u.version).filter((v) => v !== 'unknown');
  const snap: PairSnapshot = {
    units,
    mixedVersions: versions.length === 2 && !sameVersion(versions[0], versions[1]),
  };
  const active = units.find((u) => u.isActive);
  if (active) snap.activeRole = active.role;
  if (nextSafeAction) snap.nextSafeAction = nextSafeAction;
  return snap;
}

/** Plain-words advice for the operator from what the pair looks like now and the versions involved. */
export function adviseNextAction(obs: PairObservation, fromVersion: string | undefined, toVersion: string | undefined, touched: { reloaded: boolean; configured?: boolean; rejected?: string[] }): string {
  const p = obs.units.primary;
  const s = obs.units.secondary;
  const onNew = (u: UnitObservation): boolean => toVersion !== undefined && sameVersion(u.version, toVersion);
  const notSettled = [p, s].filter((u) => !(isActiveState(u.state) || isStandbyReady(u.state)));
  if (!p.reachable && !s.reachable && p.state === undefined && s.state === undefined) {
    return 'Neither unit answered after the stop, so where the pair stands is not known. Check both units on their consoles (show failover, show version) before doing anything else; do not reload either unit.';
  }
  if (!p.isActive && !s.isActive) {
    return 'No unit reports Active right now. Check both units on their consoles (show failover) before doing anything else; do not reload either unit.';
  }
  if (notSettled.length) {
    const u = notSettled[0];
    return `The ${u.role} is ${u.state ? `in "${u.state}"` : 'not answering'} (probably still reloading or syncing). Wait until it shows Standby Ready (show failover on the active unit), then resume the upgrade. Do not reload the active unit.`;
  }
  if (!touched.reloaded && !onNew(p) && !onNew(s)) {
    const boot = touched.configured
      ? ' The boot configuration already lists the new image first, so a reload of either unit would boot it: resume the upgrade, or put the old image first again (boot system) and write memory.'
      : '';
    if (touched.rejected?.length) {
      return `The pair still runs ${fromVersion ?? 'its old version'} on both units and no unit was reloaded. A unit rejected ${touched.rejected.join(', ')} (deleted, and recorded as untrusted): get a good copy of the image, then run the upgrade again; the rejected file is copied again and never booted as it is.${boot}`;
    }
    return `The pair still runs ${fromVersion ?? 'its old version'} on both units and no unit was reloaded. Deal with the cause above if there is one, then run the upgrade again (files already copied and checked are kept and not copied again).${boot}`;
  }
  if (onNew(p) && onNew(s)) {
    return p.isActive
      ? 'Both units run the new version with the primary active: nothing more is needed.'
      : 'Both units run the new version but the secondary is active. Resume the upgrade to make the primary active again (or run `no failover active` on the secondary).';
  }
  if (onNew(s) && !onNew(p)) {
    return s.isActive
      ? `The secondary (active) runs ${toVersion}, the primary (standby) still ${p.version ?? fromVersion}. The pair is working on mixed versions: resume the upgrade to reload the primary, or roll back by reloading the secondary on the old image.`
      : `The secondary runs ${toVersion}, the primary (active) still ${p.version ?? fromVersion}. The pair is working on mixed versions: resume the upgrade to continue, or roll back by reloading the secondary on the old image.`;
  }
  if (fromVersion !== undefined && sameVersion(p.version, fromVersion) && sameVersion(s.version, fromVersion)) {
    // A unit was reloaded but came back on the old image: the pair is whole, on the old version.
    return `Both units still run ${fromVersion}, with the ${p.isActive ? 'primary' : 'secondary'} active: a unit was reloaded but did not come back on ${toVersion ?? 'the new version'}, so the pair works as before. Fix the cause above (the boot system entries and the image on flash), then run the upgrade again.`;
  }
  return 'The pair is in an unexpected state for this upgrade. Check show failover and show version on both units before doing anything else.';
}
