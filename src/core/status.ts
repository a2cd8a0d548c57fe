// Reads both units of a pair into a PairStatus. `show failover` and `show version` must work (they are the
// facts every decision rests on); the rest (`dir`, boot configuration, the mate) degrades to undefined fields
// when a device refuses it, so a device that only knows the basic show commands can still be shown.

import { CommandRejectedError, CommandTimeoutError, ConnectError, ConnectionLostError, ParseError } from './errors';
import type { BootConfig, FailoverStatus, FlashListing, UnitRole, UnitStatus, VersionInfo } from './facts';
import type { PairStatus } from './model';
import type { CommandOptions, PairConnector, UnitSession } from './ports';
import { isActiveState, otherRole } from './states';

export interface ReadStatusOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** Runs an optional read; a refusal or unreadable answer means "not known", anything else propagates. */
export async function optional<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (e) {
    if (e instanceof CommandRejectedError || e instanceof ParseError) return undefined;
    throw e;
  }
}

interface UnitReading {
  failover?: FailoverStatus;
  version?: VersionInfo;
  flash?: FlashListing;
  boot?: BootConfig;
}

async function readUnit(session: UnitSession, required: boolean, co: CommandOptions): Promise<UnitReading> {
  const read = required ? <T>(f: () => Promise<T>) => f() : optional;
  const failover = await read(() => session.showFailover(co));
  const version = await read(() => session.showVersion(co));
  const flash = await optional(() => session.listFlash(co));
  const boot = await optional(() => session.bootConfig(co));
  return { failover, version, flash, boot };
}

function unitStatus(role: UnitRole, state: string, isActive: boolean, r: UnitReading, fallbackVersion?: string): UnitStatus {
  const u: UnitStatus = {
    role,
    state,
    isActive,
    version: r.version?.version ?? fallbackVersion ?? 'unknown',
    bootImages: r.boot?.bootImages ?? [],
  };
  if (r.version) {
    const v = r.version;
    if (v.asdmVersion !== undefined) u.asdmVersion = v.asdmVersion;
    if (v.model !== undefined) u.model = v.model;
    if (v.serial !== undefined) u.serial = v.serial;
    if (v.hostname !== undefined) u.hostname = v.hostname;
    if (v.uptimeSeconds !== undefined) u.uptimeSeconds = v.uptimeSeconds;
    if (v.systemImage !== undefined) u.systemImage = v.systemImage;
  }
  if (r.boot?.asdmImage !== undefined) u.asdmImage = r.boot.asdmImage;
  if (r.flash) {
    u.flashFreeBytes = r.flash.freeBytes;
    u.flashTotalBytes = r.flash.totalBytes;
    u.flashFiles = r.flash.files.filter((f) => !f.isDirectory);
  }
  return u;
}

/** The session that reaches the unit that is not behind the active address: the standby address, else the mate. */
export async function otherUnitSession(connector: PairConnector, active: UnitSession, options: ReadStatusOptions = {}): Promise<UnitSession> {
  return connector.hasStandbyAddress ? connector.connect('standby', { signal: options.signal, timeoutMs: options.timeoutMs }) : active.mate();
}

export async function readPairStatus(connector: PairConnector, options: ReadStatusOptions = {}): Promise<PairStatus> {
  const co: CommandOptions = { signal: options.signal, timeoutMs: options.timeoutMs };
  const active = await connector.connect('active', { signal: options.signal, timeoutMs: options.timeoutMs });
  const mine = await readUnit(active, true, co);
  const fo = mine.failover!;
  const readAt = Date.now();

  if (!fo.enabled || !fo.thisHost) {
    const role = fo.thisHost?.role ?? fo.configuredRole ?? 'primary';
    return { failoverEnabled: fo.enabled, units: [unitStatus(role, fo.thisHost?.state ?? 'Failover Off', true, mine)], activeRole: role, readAt };
  }

  const myRole = fo.thisHost.role;
  const mateRole = fo.otherHost?.role ?? otherRole(myRole);
  let theirs: UnitReading = {};
  // The standby address must answer when it is configured; through the mate everything is best effort,
  // because some devices refuse `failover exec mate` (or only know a few commands).
  if (connector.hasStandbyAddress) {
    try {
      const other = await otherUnitSession(connector, active, options);
      theirs = await readUnit(other, true, co);
    } catch (e) {
      // A standby that is reloading does not answer on its address: show what its mate sees of it.
      if (!(e instanceof ConnectError || e instanceof ConnectionLostError || e instanceof CommandTimeoutError)) throw e;
      theirs = {};
    }
    if (theirs.failover?.thisHost && theirs.failover.thisHost.role !== mateRole) {
      // Both addresses reach the same unit (mid switch-over, or a misconfigured address): what it said is not the mate's.
      theirs = {};
    }
  } else {
    theirs = await readUnit(active.mate(), false, co);
  }
  const mateState = theirs.failover?.thisHost?.role === mateRole ? theirs.failover.thisHost.state : fo.otherHost?.state ?? 'Unknown';
  const units = [
    unitStatus(myRole, fo.thisHost.state, isActiveState(fo.thisHost.state), mine),
    unitStatus(mateRole, mateState, isActiveState(mateState), theirs, fo.mateVersion),
  ].sort((a, b) => (a.role === b.role ? 0 : a.role === 'primary' ? -1 : 1));
  return { failoverEnabled: true, units, activeRole: myRole, readAt };
}
