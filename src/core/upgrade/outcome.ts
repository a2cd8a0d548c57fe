// How a run ends for the user: the message for a stop (what the engine was doing, why it stopped) and the
// pair as it stands afterwards with the next safe action.

import { AsaUpgradeError, PreconditionError } from '../errors';
import type { UnitRole } from '../facts';
import { hostKeyChangeByUpgrade, type HostKeyChange } from '../host-key-change';
import { capitalised, otherRole } from '../states';
import type { PairSnapshot, PairStatus, UpgradeOutcomeKind } from '../model';
import type { PairConnector, UnitSession } from '../ports';
import { adviseNextAction, describeObservation, observePair, snapshotOf } from '../snapshot';
import { sameVersion } from '../versions';
import { CancelledError } from '../waits';
import { PHASE_DOING, Stop, type RunContext } from './run-context';


/**
 * Sessions of their own for the read after a cancel: a shared session may still be busy with the command the
 * cancel abandoned (a copy goes on on the unit; a switch-over leaves a session to an address that moved), and
 * reading through it would wait in silence, or report units as not answering when they do.
 */
function freshSessions(connector: PairConnector): { connector: PairConnector; close(): Promise<void> } {
  const opened: UnitSession[] = [];
  return {
    connector: {
      hasStandbyAddress: connector.hasStandbyAddress,
      connect: async (address, options) => {
        const session = await connector.connect(address, { ...options, dedicated: true });
        opened.push(session);
        return session;
      },
    },
    close: async () => {
      await Promise.all(opened.map((s) => s.close().catch(() => undefined)));
    },
  };
}

/** The pair read afresh, with `advice` or the advice its state calls for; the last observation when it cannot be read. */
export async function pairAfterwards(run: RunContext, advice?: string, stopReason?: string): Promise<PairSnapshot> {
  const cancelled = run.signal?.aborted === true;
  const fresh = cancelled ? freshSessions(run.connector) : undefined;
  if (cancelled) run.recorder.log('info', `Reading both units over new sessions to report where the pair stands (at most ${Math.round(run.pollCommandMs() / 1000)} s per command)...`);
  try {
    const obs = await observePair(fresh?.connector ?? run.connector, { timeoutMs: run.pollCommandMs(), otherVia: run.standbyRoute });
    run.lastObservation = obs;
    return snapshotOf(obs, advice ?? adviseNextAction(obs, run.plan?.fromVersion, run.plan?.toVersion, run.touched));
  } catch (e) {
    const obs = run.lastObservation;
    const why = (e as Error).message;
    const note = why === stopReason ? 'The pair could not be read after the stop (for the same reason).' : `The pair could not be read after the stop (${why}).`;
    const then = advice ?? 'Check both units before doing anything else.';
    return obs ? snapshotOf(obs, `${note} Last seen: ${describeObservation(obs)}. ${then}`) : { units: [], mixedVersions: false, nextSafeAction: `${note} ${then}` };
  } finally {
    await fresh?.close();
  }
}

/** The pair as the first status read showed it (for a refusal before anything was changed). */
export function pairFromStatus(status: PairStatus, advice?: string): PairSnapshot {
  const units = status.units.map((u) => ({ role: u.role, state: u.state, version: u.version, isActive: u.isActive }));
  return {
    units,
    ...(status.activeRole ? { activeRole: units.find((u) => u.isActive)?.role ?? status.activeRole } : {}),
    mixedVersions: units.length === 2 && !sameVersion(units[0].version, units[1].version),
    ...(advice ? { nextSafeAction: advice } : {}),
  };
}

/** The unit this job reloaded last (this run or, resumed, the job's journal). */
function lastReloaded(run: RunContext): UnitRole | undefined {
  return run.recorder.journalRecord?.reloads.at(-1)?.unit;
}

/** The outcome kind and message for an error that ended the run. */
export function stopMessage(run: RunContext, e: unknown): { kind: UpgradeOutcomeKind; message: string; raw: string; nextSafeAction?: string; hostKeyChange?: HostKeyChange } {
  const change = hostKeyChangeByUpgrade(e, { fromVersion: run.plan?.fromVersion, toVersion: run.plan?.toVersion, lastReloaded: lastReloaded(run) });
  if (change && !(run.signal?.aborted === true)) {
    const mate = otherRole(change.unit);
    const message =
      `The host key of ${change.host} has changed with the upgrade: the ${change.unit}, just reloaded into ${change.toVersion}, presents ${change.presentedFingerprint}; ` +
      `the trusted key is ${change.knownFingerprint}. ${capitalised(change.why)}, so this change is expected; a changed key is still refused until you accept it, ` +
      `because an intercepted connection looks the same. Stopped; the ${mate} is still active and nothing else was sent.`;
    const nextSafeAction =
      `Compare ${change.presentedFingerprint} with the key the ${change.unit} shows on its console (show crypto key mypubkey rsa, or show ssh on newer releases); ` +
      `if they match, resume accepting exactly that key: asa-upgrade resume ... --accept-changed-host-key ${change.presentedFingerprint} (in VS Code: trust the new key when asked). ` +
      `The pair is safe as it is: the ${mate} is active; do not reload it.`;
    return { kind: 'failed', message, raw: e instanceof Error ? e.message : String(e), nextSafeAction, hostKeyChange: change };
  }
  const cancelled = e instanceof CancelledError || (run.signal?.aborted === true && !(e instanceof Stop));
  const doing = PHASE_DOING[run.recorder.currentPhase];
  const raw = e instanceof Error ? e.message : String(e);
  const { touched } = run;
  if (cancelled) return { kind: 'cancelled', message: `Cancelled while ${doing}; the engine stopped at a safe point and sent nothing more.`, raw };
  if (e instanceof PreconditionError && !touched.copied && !touched.configured && !touched.reloaded) return { kind: 'refused', message: raw, raw };
  if (e instanceof Stop) return { kind: 'failed', message: raw, raw };
  if (e instanceof AsaUpgradeError) return { kind: 'failed', message: `Stopped while ${doing}: ${raw}`, raw };
  return { kind: 'failed', message: `Unexpected error while ${doing}: ${raw}`, raw };
}
