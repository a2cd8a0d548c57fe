// Phases 4 and 6: make the upgraded standby active (`no failover active` on the active unit), only when
// it is Standby Ready on the new version, then wait until the active address reports the new roles.

import { CommandRejectedError } from '../errors';
import type { UnitRole } from '../facts';
import type { PhaseId } from '../model';
import type { UnitSession } from '../ports';
import { dropIfWedged, isTransient } from '../snapshot';
import { capitalised, isHealthyActive, isStandbyReady, otherRole } from '../states';
import { sameVersion } from '../versions';
import { throwIfCancelled, WaitTimeoutError } from '../waits';
import { STRANDED_AFTER_MS, Stop, type RunContext } from './run-context';

export async function switchOverPhase(run: RunContext, phase: PhaseId, toActive: UnitRole, stepId: string): Promise<void> {
  const { recorder } = run;
  const target = run.planned.toVersion;
  const from = otherRole(toActive);
  throwIfCancelled(run.signal, `before making the ${toActive} active`);
  const obs = await run.settledObservation();
  const next = obs.units[toActive];
  const current = obs.units[from];
  if (isHealthyActive(next.state) && isStandbyReady(current.state)) {
    recorder.phase(phase, 'skipped', `the ${toActive} is already active`);
    recorder.step(stepId, 'skipped', `the ${toActive} is already active`);
    return;
  }
  if (toActive === 'secondary' && sameVersion(current.version, target) && sameVersion(next.version, target)) {
    // Both units already upgraded: the switch-over to the secondary is behind us.
    recorder.phase(phase, 'skipped', `both units already run ${target}`);
    recorder.step(stepId, 'skipped', `both units already run ${target}`);
    return;
  }
  recorder.phase(phase, 'running');
  recorder.step(stepId, 'running');
  if (!isStandbyReady(next.state) || !sameVersion(next.version, target)) {
    throw new Stop(`Refusing to fail over: the ${toActive} is "${next.state ?? 'not answering'}" on ${next.version ?? 'an unknown version'}, not Standby Ready on ${target}. Nothing was switched.`);
  }
  if (!isHealthyActive(current.state)) throw new Stop(`Refusing to fail over: the ${from} is "${current.state}", not Active. Nothing was switched.`);
  const session = await run.connector.connect('active', run.commandOptions());
  const fo = await session.showFailover(run.commandOptions());
  if (fo.thisHost?.role !== from || !isHealthyActive(fo.thisHost.state) || fo.otherHost?.role !== toActive || !isStandbyReady(fo.otherHost.state)) {
    throw new Stop(
      `Refusing to fail over: show failover on the active address says ${fo.thisHost ? `${fo.thisHost.role} ${fo.thisHost.state}` : 'no state'}, mate ${fo.otherHost ? `${fo.otherHost.role} ${fo.otherHost.state}` : 'unknown'}. Nothing was switched.`,
    );
  }
  if (fo.mateVersion && !sameVersion(fo.mateVersion, target)) {
    throw new Stop(`Refusing to fail over: the ${from} sees its mate on ${fo.mateVersion}, not ${target}. Nothing was switched.`);
  }
  throwIfCancelled(run.signal, `before making the ${toActive} active`);
  try {
    // The address moves at once: the answer may never come (the session is left hanging), so no long wait.
    await session.noFailoverActive(run.commandOptions(Math.min(run.limits.commandTimeoutMs ?? STRANDED_AFTER_MS, STRANDED_AFTER_MS)));
  } catch (e) {
    if (!isTransient(e) || e instanceof CommandRejectedError) throw e;
    // The session drops or hangs when the address moves to the other unit: expected.
  }
  // Both addresses moved: sessions to them are stranded, not closed. Give them up before anything reads the pair.
  await run.abandonSessions();
  recorder.log('info', `Switching over: the ${toActive} becomes active (no failover active on the ${from}).`);
  await waitForRoles(run, toActive);
  recorder.step(stepId, 'done', `${capitalised(toActive)} - Active, ${capitalised(from)} - Standby Ready`);
  recorder.phase(phase, 'done');
}

/** Waits until `show failover` through the active address says `toActive` Active and its mate Standby Ready. */
async function waitForRoles(run: RunContext, toActive: UnitRole): Promise<void> {
  const from = otherRole(toActive);
  let last: string | undefined;
  try {
    await run.waitFor(
      async () => {
        let session: UnitSession | undefined;
        try {
          session = await run.connector.connect('active', run.commandOptions(run.pollCommandMs()));
          const fo = await session.showFailover(run.commandOptions(run.pollCommandMs()));
          last = fo.thisHost ? `${fo.thisHost.role} ${fo.thisHost.state}, mate ${fo.otherHost?.state ?? 'unknown'}` : 'no failover state';
          if (fo.thisHost?.role === from) {
            // This session still reaches the unit giving up the role: when the address moves it is left
            // hanging, so the next poll opens a fresh one (which will reach the new active unit).
            await run.abandonSessions('active');
            return undefined;
          }
          const done = fo.thisHost?.role === toActive && isHealthyActive(fo.thisHost.state) && fo.otherHost?.role === from && isStandbyReady(fo.otherHost.state);
          if (fo.thisHost?.role === toActive) await run.observe();
          return done ? true : undefined;
        } catch (e) {
          if (!isTransient(e)) throw e;
          // After a switch-over the old session may hang instead of closing (its address moved away).
          await dropIfWedged(session, e);
          last = (e as Error).message;
          return undefined;
        }
      },
      { what: `the ${toActive} to be Active and the ${from} Standby Ready`, timeoutMs: run.limits.failoverTimeoutMs, lastSeen: () => last },
    );
  } catch (e) {
    if (e instanceof WaitTimeoutError) throw new Stop(e.message);
    throw e;
  }
}
