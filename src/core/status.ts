// Reads both units of a pair into a PairStatus. `show failover` and `show version` must work (they are the
// facts every decision rests on); the rest (`dir`, boot configuration, the mate) degrades to undefined fields
// when a device refuses it, so a device that only knows the basic show commands can still be shown.

import { CommandRejectedError, CommandTimeoutError, ConnectError, ConnectionLostError, ParseError, UnsupportedSetupError } from './errors';
import type { BootConfig, FailoverStatus, FlashListing, UnitRole, UnitStatus, VersionInfo } from './facts';
import type { PairStatus, StatusProblem } from './model';
import type { CommandOptions, PairConnector, UnitSession } from './ports';
import { checkMates, pairIdentity } from './pair-identity';
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
  /** Why a fact is missing, by UnitStatus field. */
  missing: Array<{ field: string; why: string }>;
}

function whyMissing(e: unknown, what: string): string {
  if (e instanceof CommandRejectedError) return `the unit refused \`${e.command}\``;
  if (e instanceof ParseError) return `the unit's answer to ${what} could not be read`;
  return e instanceof Error ? e.message : String(e);
}

/**
 * `show failover` and `show version`, then (after `check` accepted who answered) `dir` and the boot
 * configuration: nothing more is read from a unit before it is known to be the right one. What the unit
 * refused to answer is recorded in `missing` with why.
 */
async function readUnit(session: UnitSession, required: boolean, co: CommandOptions, check?: (r: UnitReading) => Promise<boolean>): Promise<UnitReading> {
  const missing: UnitReading['missing'] = [];
  const read = async <T>(fields: string[], what: string, f: () => Promise<T>, must: boolean): Promise<T | undefined> => {
    try {
      return await f();
    } catch (e) {
      if (must || !(e instanceof CommandRejectedError || e instanceof ParseError)) throw e;
      for (const field of fields) missing.push({ field, why: whyMissing(e, what) });
      return undefined;
    }
  };
  const failover = await read(['state'], 'show failover', () => session.showFailover(co), required);
  const version = await read(['version'], 'show version', () => session.showVersion(co), required);
  const reading: UnitReading = { failover, version, missing };
  if (check && !(await check(reading))) return reading;
  reading.flash = await read(['flash'], 'dir', () => session.listFlash(co), false);
  reading.boot = await read(['bootImages', 'asdmImage'], 'the boot configuration', () => session.bootConfig(co), false);
  return reading;
}

function unitStatus(role: UnitRole, state: string, isActive: boolean, r: UnitReading, fallbackVersion?: string): UnitStatus {
  const u: UnitStatus = {
    role,
    state,
    isActive,
    version: r.version?.version ?? fallbackVersion ?? 'unknown',
  };
  if (r.boot) u.bootImages = r.boot.bootImages;
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

function problemsOf(role: UnitRole, r: UnitReading): StatusProblem[] {
  return r.missing.map((m) => ({ unit: role, field: m.field, why: m.why }));
}

/** The session that reaches the unit that is not behind the active address: the standby address, else the mate. */
export async function otherUnitSession(connector: PairConnector, active: UnitSession, options: ReadStatusOptions = {}): Promise<UnitSession> {
  return connector.hasStandbyAddress ? connector.connect('standby', { signal: options.signal, timeoutMs: options.timeoutMs }) : active.mate();
}

/**
 * A pooled session may have died since its last use: a reload or switch-over (an upgrade by another connector,
 * another tool) leaves it closed, or hanging until the keepalive ends it. A read that finds its session closed
 * is done once more over a fresh one (the connector drops a closed session and opens a new one); these are
 * show commands, safe to send twice. A session still open that lost a command is not retried: that is the
 * unit's answer, not a stale session.
 */
async function readAgainIfClosed(
  session: UnitSession,
  reconnect: () => Promise<UnitSession>,
  read: (s: UnitSession) => Promise<UnitReading>,
): Promise<{ session: UnitSession; reading: UnitReading }> {
  try {
    return { session, reading: await read(session) };
  } catch (e) {
    if (!(e instanceof ConnectionLostError) || session.isOpen) throw e;
    const fresh = await reconnect();
    return { session: fresh, reading: await read(fresh) };
  }
}

export async function readPairStatus(connector: PairConnector, options: ReadStatusOptions = {}): Promise<PairStatus> {
  const co: CommandOptions = { signal: options.signal, timeoutMs: options.timeoutMs };
  const connectTo = (address: 'active' | 'standby') => () => connector.connect(address, { signal: options.signal, timeoutMs: options.timeoutMs });
  const { session: active, reading: mine } = await readAgainIfClosed(await connectTo('active')(), connectTo('active'), (s) => readUnit(s, true, co));
  const fo = mine.failover!;
  const readAt = Date.now();
  if (mine.version?.securityContext !== undefined) {
    throw new UnsupportedSetupError(
      `The unit at the active address runs in multiple-context mode (show version says <${mine.version.securityContext}>). ` +
        "This tool upgrades single-context Active/Standby pairs only; upgrade it by hand following Cisco's upgrade guide for multiple context mode. Nothing was changed.",
    );
  }

  if (!fo.enabled || !fo.thisHost) {
    const role = fo.thisHost?.role ?? fo.configuredRole ?? 'primary';
    return { failoverEnabled: fo.enabled, units: [unitStatus(role, fo.thisHost?.state ?? 'Failover Off', true, mine)], activeRole: role, readAt, problems: problemsOf(role, mine) };
  }

  const myRole = fo.thisHost.role;
  const mateRole = fo.otherHost?.role ?? otherRole(myRole);
  const mySerial = mine.version?.serial ?? fo.ourSerial;
  // The mate's serial as this unit knows it: `show failover` from 9.6 on, else the mate's own show version.
  let mateSerial = fo.mateSerial;
  let theirs: UnitReading = { missing: [] };
  let notRead: string | undefined;
  let addressUnreachable: string | undefined;
  // The standby address must answer when it is configured; through the mate everything is best effort,
  // because some devices refuse `failover exec mate` (or only know a few commands).
  if (connector.hasStandbyAddress) {
    let other: UnitSession | undefined;
    try {
      other = await otherUnitSession(connector, active, options);
    } catch (e) {
      if (!(e instanceof ConnectError || e instanceof ConnectionLostError || e instanceof CommandTimeoutError)) throw e;
      // The standby address does not answer (a reloading unit, or an address not reachable from here):
      // say so, and read the unit through its mate as far as it answers there.
      addressUnreachable = e.message;
      theirs = await readUnit(active.mate(), false, co).catch((): UnitReading => ({ missing: [] }));
      if (!theirs.failover?.thisHost) notRead = `the standby address did not answer (${e.message})`;
    }
    if (other) {
      try {
        ({ reading: theirs } = await readAgainIfClosed(other, connectTo('standby'), (s) => readUnit(s, true, co, async (r) => {
          const theirSerial = r.version?.serial ?? r.failover?.ourSerial;
          // Both addresses reach the same unit (mid switch-over): what it said is not the mate's.
          if (theirSerial !== undefined && theirSerial === mySerial) return false;
          if (mateSerial === undefined && theirSerial !== undefined) mateSerial = (await optional(() => active.mate().showVersion(co)))?.serial;
          checkMates({
            active: { role: myRole, serial: mySerial, mateSerial },
            standby: r.failover?.thisHost ? { role: r.failover.thisHost.role, serial: theirSerial, mateSerial: r.failover.mateSerial, mateRole: r.failover.otherHost?.role } : undefined,
          });
          return r.failover?.thisHost?.role === mateRole;
        })));
      } catch (e) {
        if (!(e instanceof ConnectError || e instanceof ConnectionLostError || e instanceof CommandTimeoutError)) throw e;
        theirs = { missing: [] };
        notRead = `the standby address stopped answering (${e.message})`;
      }
    }
    if (theirs.failover?.thisHost && theirs.failover.thisHost.role !== mateRole) {
      // Both addresses reach the same unit (mid switch-over, or a misconfigured address): what it said is not the mate's.
      theirs = { missing: [] };
      notRead = 'the standby address answered as the same unit as the active address';
    }
  } else {
    theirs = await readUnit(active.mate(), false, co);
    mateSerial ??= theirs.version?.serial;
  }
  const mateState = theirs.failover?.thisHost?.role === mateRole ? theirs.failover.thisHost.state : fo.otherHost?.state ?? 'Unknown';
  const units = [
    unitStatus(myRole, fo.thisHost.state, isActiveState(fo.thisHost.state), mine),
    { ...unitStatus(mateRole, mateState, isActiveState(mateState), theirs, fo.mateVersion), ...(addressUnreachable !== undefined ? { addressUnreachable } : {}) },
  ].sort((a, b) => (a.role === b.role ? 0 : a.role === 'primary' ? -1 : 1));
  const problems = [...problemsOf(myRole, mine), ...problemsOf(mateRole, theirs)];
  if (notRead) {
    // What the active unit's `show failover` says of its mate is shown; the rest of the mate is unknown.
    for (const field of ['bootImages', 'asdmImage', 'flash']) problems.push({ unit: mateRole, field, why: notRead });
    if (!fo.mateVersion) problems.push({ unit: mateRole, field: 'version', why: notRead });
  }
  const status: PairStatus = { failoverEnabled: true, units, activeRole: myRole, readAt, problems };
  const mateUnit = units.find((u) => u.role === mateRole)!;
  if (mateUnit.serial === undefined && mateSerial !== undefined) mateUnit.serial = mateSerial;
  if (mySerial !== undefined && mateSerial !== undefined && mySerial !== mateSerial) {
    status.identity = myRole === 'primary' ? pairIdentity(mySerial, mateSerial) : pairIdentity(mateSerial, mySerial);
  }
  return status;
}
