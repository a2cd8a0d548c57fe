// Phases 3 and 5: reload a standby unit (`failover reload-standby` on its active mate), after re-checking
// the invariants on fresh state, and journal it before anything else; a reload this job already sent is
// waited for, never sent again. reload-watch.ts then waits for the unit to come back.

import { CommandRejectedError, CommandTimeoutError } from '../errors';
import type { UnitRole } from '../facts';
import type { PhaseId } from '../model';
import { isTransient, type PairObservation } from '../snapshot';
import { isHealthyActive, isStandbyReady, otherRole } from '../states';
import { sameVersion } from '../versions';
import { throwIfCancelled } from '../waits';
import { proofOfReboot, waitForReload } from './reload-watch';
import { Stop, type RunContext } from './run-context';

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
export async function issueReload(run: RunContext, unit: UnitRole, obs: PairObservation): Promise<number> {
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
  // The reloading unit leaves its sessions hanging: give up the one to the standby address now.
  await run.abandonSessions('standby');
  run.recorder.log('info', `Reloading the ${unit} (failover reload-standby on the ${mate}).`);
  return issuedAt;
}

