// The wait for a reloaded unit: back in Standby Ready on the new version, with proof it rebooted (never
// assumed from a reconnect). The same proof decides whether a journalled reload already happened. What
// real units do on the way is part of the wait: a firmware (ROMMON) update reboots the unit a second time
// by itself (two boots, one reload: nothing is sent again); a unit that leaves a sync state as Failed
// (Cisco bug CSCvz54471) will not rejoin by itself, so the wait stops at once instead of at the limit.

import type { UnitRole } from '../facts';
import { type PairObservation, type UnitObservation } from '../snapshot';
import { isActiveState, isStandbyReady, otherRole } from '../states';
import { sameVersion } from '../versions';
import { formatMs, WaitTimeoutError } from '../waits';
import { issueReload } from './reload-phase';
import { Stop, type RunContext } from './run-context';

/** The file a firmware (ROMMON) update writes on the first boot of a release that carries one. */
export const FIRMWARE_UPDATE_LOG = 'firmware_update.log';

/** States a unit passes through while it takes the configuration and state from its active mate. */
const SYNC_STATES = /^(Cold Standby|Sync Config|Sync File System|Bulk Sync)$/i;

/** What is known about a unit after a reload was sent to it. */
export interface RebootEvidence {
  /** When the reload was sent (ms since the epoch). */
  issuedAt: number;
  /** When the unit was read (same clock). */
  now: number;
  /** The unit's uptime as it reported it. */
  uptimeSeconds?: number;
  /** The version it runs now, and the one it ran before the reload when known. */
  version?: string;
  versionBefore?: string;
  /** It was seen not answering or not Standby Ready since the reload was sent. */
  seenDown?: boolean;
}

/** Why a unit is known to have rebooted since the reload was sent. */
export type RebootProof = 'seen-down' | 'uptime' | 'version-changed';

/**
 * The proof that a unit rebooted after `issuedAt`: it was seen down, or it has been up for less time than
 * has passed since, or its version changed. Undefined when nothing proves it (it may not have reloaded yet).
 */
export function proofOfReboot(e: RebootEvidence): RebootProof | undefined {
  if (e.seenDown) return 'seen-down';
  if (e.uptimeSeconds !== undefined && e.uptimeSeconds * 1000 < e.now - e.issuedAt) return 'uptime';
  if (e.versionBefore !== undefined && e.version !== undefined && !sameVersion(e.version, e.versionBefore)) return 'version-changed';
  return undefined;
}

/**
 * Waits until the unit is back in Standby Ready on the target version, with proof it rebooted after
 * `issuedAt` (proofOfReboot). The mate must stay Active throughout.
 */
export async function waitForReload(run: RunContext, unit: UnitRole, issuedAt: number, versionBefore: string | undefined): Promise<PairObservation> {
  const target = run.planned.toVersion;
  const mate = otherRole(unit);
  const { recorder } = run;
  let seenDown = false;
  let resent = false;
  let startDeadline = issuedAt + run.limits.failoverTimeoutMs;
  // The limit counts from the reload, and again from a firmware update's second boot.
  let deadline = issuedAt + run.limits.reloadTimeoutMs;
  /** Seen answering after it went down: a later fall means a second boot. */
  let upAgainAt: number | undefined;
  let firmwareLogChecked = false;
  let firmwareReboot = false;
  let sync: { state: string; since: number } | undefined;
  // Until its mate sees it go down, the unit is watched through the mate only: a session opened to a unit
  // about to reload would be left hanging by it.
  let watchingThroughMate = true;

  const secondBoot = (): void => {
    upAgainAt = undefined;
    if (firmwareReboot) return;
    firmwareReboot = true;
    deadline = Date.now() + run.limits.reloadTimeoutMs;
    recorder.log(
      'info',
      `The ${unit} is rebooting a second time by itself: a firmware update reboot (ROMMON upgrade on the first boot of ${target}, disk0:/${FIRMWARE_UPDATE_LOG}). ` +
        `Both boots are one reload: nothing is sent to it; waiting up to ${formatMs(run.limits.reloadTimeoutMs)} more for it to come back.`,
    );
  };

  const check = async (): Promise<PairObservation | undefined> => {
    const obs = await run.observe({ activeOnly: watchingThroughMate });
    const u = obs.units[unit];
    const m = obs.units[mate];
    if (watchingThroughMate) {
      if (obs.activeAddressRole === mate && !isActiveState(m.state)) {
        throw new Stop(`The ${mate} stopped being active (it shows "${m.state}") while the ${unit} reloaded. Stopped; check show failover on both units.`);
      }
      const goneDown = obs.activeAddressRole === mate && u.state !== undefined && !isStandbyReady(u.state);
      // Past the time a reload takes to start, read the unit itself (its uptime tells whether it reloaded).
      if (goneDown || Date.now() > startDeadline) watchingThroughMate = false;
      if (goneDown) seenDown = true;
      return undefined;
    }
    if (m.reachable && obs.activeAddressRole === mate && !isActiveState(m.state)) {
      throw new Stop(`The ${mate} stopped being active (it shows "${m.state}") while the ${unit} reloaded. Stopped; check show failover on both units.`);
    }
    if (u.isActive && obs.activeAddressRole !== mate) {
      throw new Stop(`The ${unit} became active while it was expected to come back as standby. Stopped; check show failover on both units.`);
    }
    if (u.state !== undefined && SYNC_STATES.test(u.state)) {
      if (sync?.state !== u.state) sync = { state: u.state, since: Date.now() };
    } else if (sync && /^Failed$/i.test(u.state ?? '')) {
      throw syncFailed(run, unit, u, sync, issuedAt);
    }
    if (!u.reachable || !isStandbyReady(u.state)) {
      // Down again after it was up (its mate sees it gone, not merely a session that failed): a second boot.
      if (!u.reachable && upAgainAt !== undefined && !sync && /^(Failed|Not Detected)$/i.test(u.state ?? '')) secondBoot();
      if (u.reachable && seenDown && sync === undefined) {
        upAgainAt ??= Date.now();
        if (!firmwareLogChecked) {
          firmwareLogChecked = true;
          await noteFirmwareUpdate(run, unit, target);
        }
      }
      seenDown = true;
      if (Date.now() > deadline) throw new Stop(timedOut(run, unit, target, issuedAt, firmwareReboot));
      return undefined;
    }
    const proof = proofOfReboot({ issuedAt, now: Date.now(), uptimeSeconds: u.uptimeSeconds, version: u.version, versionBefore, seenDown });
    if (!proof) {
      // An unanswered reload command may still be carried out: wait for it (up to reloadTimeoutMs), never resend.
      if (Date.now() > startDeadline && !run.reloadUnanswered) {
        if (!resent && recorder.journalRecord) {
          resent = true;
          // Waiting for the pair to settle may span a late reload: re-check for it before sending another.
          const settled = await run.settledObservation();
          const late = settled.units[unit];
          if (proofOfReboot({ issuedAt, now: Date.now(), uptimeSeconds: late.uptimeSeconds, version: late.version, versionBefore })) return undefined;
          recorder.log('warn', `The ${unit} shows no sign of reloading; sending failover reload-standby again after re-checking the pair.`);
          issuedAt = await issueReload(run, unit, settled);
          startDeadline = issuedAt + run.limits.failoverTimeoutMs;
          deadline = issuedAt + run.limits.reloadTimeoutMs;
          return undefined;
        }
        throw new Stop(`The ${unit} did not reload after failover reload-standby (it stayed Standby Ready with the same uptime). Check the unit; nothing else was changed.`);
      }
      return undefined;
    }
    if (u.version === undefined) return undefined;
    if (!sameVersion(u.version, target)) {
      throw new Stop(
        `The ${unit} reloaded but came back on ${u.version}, not ${target}: it did not boot the new image. ` +
          `Check \`show running-config boot system\` and that disk0:/${run.asa.source.file} is intact on it; the ${mate} is still active and was not touched.`,
      );
    }
    return obs;
  };
  try {
    return await run.waitFor(check, {
      what: `the ${unit} to come back on ${target} in Standby Ready`,
      // The check enforces the limit itself (a firmware update reboot extends it); this only bounds a check that hangs.
      timeoutMs: Math.max(0, issuedAt + 2 * run.limits.reloadTimeoutMs - Date.now()),
      lastSeen: () => [run.lastSeen(), firmwareReboot ? 'a firmware update reboot is under way' : undefined].filter(Boolean).join('; ') || undefined,
    });
  } catch (e) {
    if (e instanceof WaitTimeoutError) throw new Stop(e.message);
    throw e;
  }
}

/** While the unit is up on its first boot: a firmware update log on flash announces a second boot. */
async function noteFirmwareUpdate(run: RunContext, unit: UnitRole, target: string): Promise<void> {
  try {
    const session = await run.sessionOn(unit);
    const size = session.fileSize
      ? await session.fileSize(FIRMWARE_UPDATE_LOG, run.commandOptions(run.pollCommandMs()))
      : (await session.listFlash(run.commandOptions(run.pollCommandMs()))).files.find((f) => f.name === FIRMWARE_UPDATE_LOG)?.size;
    if (size === undefined) return;
    run.recorder.log(
      'info',
      `disk0:/${FIRMWARE_UPDATE_LOG} is on the ${unit}: ${target} may update its firmware (ROMMON) and reboot once more by itself. That second boot is part of this reload; nothing more is sent.`,
    );
  } catch {
    // Best effort: the unit is between states and may not answer; the second boot is recognised anyway.
  }
}

function timedOut(run: RunContext, unit: UnitRole, target: string, issuedAt: number, firmwareReboot: boolean): string {
  const seen = run.lastSeen();
  return (
    `Timed out after ${formatMs(Date.now() - issuedAt)} waiting for the ${unit} to come back on ${target} in Standby Ready` +
    `${firmwareReboot ? ' (after a firmware update reboot)' : ''}${seen ? ` (last seen: ${seen})` : ''}. ` +
    'Check the unit on its console; if it is only slow, raise the timeout and resume.'
  );
}

/** A unit that left a sync state as Failed does not rejoin by itself: stop now, with what to do. */
function syncFailed(run: RunContext, unit: UnitRole, u: UnitObservation, sync: { state: string; since: number }, issuedAt: number): Stop {
  const mate = otherRole(unit);
  const now = Date.now();
  const mateVersion = run.lastObservation?.units[mate].version;
  return new Stop(
    `The ${unit} went from ${sync.state} to Failed after ${formatMs(now - sync.since)} in ${sync.state} (${formatMs(now - issuedAt)} since its reload was sent): ` +
      `failover state progression failed (as in Cisco bug CSCvz54471, "HA state progression failed"), and a unit in that state does not rejoin by itself. ` +
      `Stopped instead of waiting to the reload limit; nothing else was sent.`,
    `The ${mate} is still active${mateVersion ? ` on ${mateVersion}` : ''} and was not touched; the ${unit}${u.version ? ` runs ${u.version} and` : ''} is Failed. ` +
      `Check the failover link (show failover and show interface of the failover link on the ${mate}), then clear the failure with \`failover reset mate\` on the ${mate} ` +
      `(or reload the ${unit}) and wait until it shows Standby Ready; then resume the upgrade. Do not reload or fail over the ${mate}.`,
  );
}
