// Phases 3 and 5: reload a standby unit (`failover reload-standby` on its active mate) and watch it come
// back in Standby Ready on the new version. A reload is proven (never assumed from a reconnect): the same
// proof decides whether a journalled reload already happened and when the wait is over.

import { CommandRejectedError, CommandTimeoutError } from '../errors';
import type { UnitRole } from '../facts';
import type { PhaseId } from '../model';
import { isTransient, type PairObservation } from '../snapshot';
import { isActiveState, isHealthyActive, isStandbyReady, otherRole } from '../states';
import { sameVersion } from '../versions';
import { throwIfCancelled, WaitTimeoutError } from '../waits';
import { Stop, type RunContext } from './run-context';

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

export async function reloadPhase(run: RunContext, phase: PhaseId, unit: UnitRole, stepId: string): Promise<void> {
  const { recorder } = run;
  const target = run.planned.toVersion;
  const mate = otherRole(unit);
  throwIfCancelled(run.signal, `before reloading the ${unit}`);
  const obs = await run.settledObservation();
  const u = obs.units[unit];
  if (sameVersion(u.version, target) && isStandbyReady(u.state) && !u.isActive) {
    recorder.phase(phase, 'skipped', `the ${unit} already runs ${target}`);
    recorder.step(stepId, 'skipped', `the ${unit} already runs ${target}`);
    return;
  }
  if (sameVersion(u.version, target) && u.isActive) {
    // Already upgraded and active: this phase is behind us (resume after the switch-over).
    recorder.phase(phase, 'skipped', `the ${unit} already runs ${target}`);
    recorder.step(stepId, 'skipped', `the ${unit} already runs ${target}`);
    return;
  }
  recorder.phase(phase, 'running');
  recorder.step(stepId, 'running');
  const beforeVersion = u.version;
  const journalled = recorder.reloadsOf(unit).at(-1);
  const journalledAt = journalled && journalled.issuedAt > (recorder.journalRecord?.startedAt ?? 0) ? journalled.issuedAt : undefined;
  let issuedAt: number;
  if (journalledAt !== undefined && proofOfReboot({ issuedAt: journalledAt, now: Date.now(), uptimeSeconds: u.uptimeSeconds }) !== undefined) {
    // This job reloaded the unit before, and it came back on the old version: reloading again would not help.
    throw new Stop(
      `The ${unit} was reloaded by this job but runs ${u.version}, not ${target}: it did not boot the new image. ` +
        `Check \`show running-config boot system\` and disk0:/${run.asa.source.file} on it; the ${mate} is still active and was not touched.`,
    );
  }
  if (journalledAt !== undefined) {
    // A reload was already sent by this job and the unit has not rebooted since: wait for it instead of sending another.
    issuedAt = journalledAt;
    recorder.log('info', `A reload of the ${unit} was already sent at ${new Date(issuedAt).toISOString()}; waiting for it.`);
  } else {
    issuedAt = await issueReload(run, unit, obs);
  }
  await waitForReload(run, unit, issuedAt, beforeVersion);
  recorder.step(stepId, 'done', `the ${unit} runs ${target} and is Standby Ready`);
  recorder.phase(phase, 'done');
}

/** Checks the invariants on fresh state, sends `failover reload-standby` on the mate, and journals it. */
async function issueReload(run: RunContext, unit: UnitRole, obs: PairObservation): Promise<number> {
  const mate = otherRole(unit);
  const u = obs.units[unit];
  const m = obs.units[mate];
  if (u.isActive) throw new Stop(`Refusing to reload the ${unit}: it is the active unit. Nothing was reloaded.`);
  if (!isHealthyActive(m.state)) throw new Stop(`Refusing to reload the ${unit}: its mate (the ${mate}) is "${m.state ?? 'not answering'}", not Active. Nothing was reloaded.`);
  if (!isStandbyReady(u.state)) throw new Stop(`Refusing to reload the ${unit}: it is "${u.state ?? 'not answering'}", not Standby Ready. Nothing was reloaded.`);
  const session = await run.connector.connect('active', run.commandOptions());
  const fo = await session.showFailover(run.commandOptions());
  if (fo.thisHost?.role !== mate || !isHealthyActive(fo.thisHost.state)) {
    throw new Stop(`Refusing to reload the ${unit}: the active address does not reach the ${mate} as Active (it reports ${fo.thisHost ? `${fo.thisHost.role} - ${fo.thisHost.state}` : 'no failover state'}). Nothing was reloaded.`);
  }
  if (fo.otherHost && (fo.otherHost.role !== unit || !isStandbyReady(fo.otherHost.state))) {
    throw new Stop(`Refusing to reload the ${unit}: the ${mate} sees it as "${fo.otherHost.state}". Nothing was reloaded.`);
  }
  throwIfCancelled(run.signal, `before reloading the ${unit}`);
  const issuedAt = Date.now();
  run.reloadUnanswered = false;
  try {
    await session.reloadStandby(run.commandOptions());
    run.touched.reloaded = true;
  } catch (e) {
    // A dropped session may or may not have delivered the command; the wait below tells which.
    if (!isTransient(e) || e instanceof CommandRejectedError) throw e;
    run.touched.reloaded = true;
    // A command that timed out may still be carried out by the device later: it must never be sent twice.
    run.reloadUnanswered = e instanceof CommandTimeoutError;
    run.recorder.log('warn', `The session dropped while sending failover reload-standby (${(e as Error).message}); checking whether the ${unit} is reloading.`);
  }
  run.recorder.reloadIssued(unit, issuedAt);
  run.recorder.log('info', `Reloading the ${unit} (failover reload-standby on the ${mate}).`);
  return issuedAt;
}

/**
 * Waits until the unit is back in Standby Ready on the target version, with proof it rebooted after
 * `issuedAt` (proofOfReboot). The mate must stay Active throughout.
 */
async function waitForReload(run: RunContext, unit: UnitRole, issuedAt: number, versionBefore: string | undefined): Promise<PairObservation> {
  const target = run.planned.toVersion;
  const mate = otherRole(unit);
  let seenDown = false;
  let resent = false;
  let startDeadline = issuedAt + run.limits.failoverTimeoutMs;
  const check = async (): Promise<PairObservation | undefined> => {
    const obs = await run.observe();
    const u = obs.units[unit];
    const m = obs.units[mate];
    if (m.reachable && obs.activeAddressRole === mate && !isActiveState(m.state)) {
      throw new Stop(`The ${mate} stopped being active (it shows "${m.state}") while the ${unit} reloaded. Stopped; check show failover on both units.`);
    }
    if (u.isActive && obs.activeAddressRole !== mate) {
      throw new Stop(`The ${unit} became active while it was expected to come back as standby. Stopped; check show failover on both units.`);
    }
    if (!u.reachable || !isStandbyReady(u.state)) {
      seenDown = true;
      return undefined;
    }
    const proof = proofOfReboot({ issuedAt, now: Date.now(), uptimeSeconds: u.uptimeSeconds, version: u.version, versionBefore, seenDown });
    if (!proof) {
      // An unanswered reload command may still be carried out: wait for it (up to reloadTimeoutMs), never resend.
      if (Date.now() > startDeadline && !run.reloadUnanswered) {
        if (!resent && run.recorder.journalRecord) {
          resent = true;
          // Waiting for the pair to settle may span a late reload: re-check for it before sending another.
          const settled = await run.settledObservation();
          const late = settled.units[unit];
          if (proofOfReboot({ issuedAt, now: Date.now(), uptimeSeconds: late.uptimeSeconds, version: late.version, versionBefore })) return undefined;
          run.recorder.log('warn', `The ${unit} shows no sign of reloading; sending failover reload-standby again after re-checking the pair.`);
          issuedAt = await issueReload(run, unit, settled);
          startDeadline = issuedAt + run.limits.failoverTimeoutMs;
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
      timeoutMs: Math.max(0, issuedAt + run.limits.reloadTimeoutMs - Date.now()),
    });
  } catch (e) {
    if (e instanceof WaitTimeoutError) throw new Stop(e.message);
    throw e;
  }
}
