// The upgrade runner: CDO's active/standby sequence, driven by what the pair reports. Each phase first
// reads the real pair and skips what is already done, so a resumed job continues from where the pair is
// (it never repeats a reload of an upgraded unit nor re-copies a file that is there). Before every reload
// and switch-over it re-checks the invariants; on any stop it reports where the pair was left.
// Read top to bottom: preconditions, download, boot configuration, reload the secondary, switch over,
// reload the primary, switch back, final check. Each phase lives in its own module.

import { InvalidInputError, PairBusyError, PreconditionError } from '../errors';
import { requestHasMaskedCredentials, redactRequest, JOURNAL_FORMAT, type JournalRecord } from '../journal';
import type { PairStatus, UpgradeOutcome } from '../model';
import { describePair } from '../pair-identity';
import { busyMessage, PairLock } from '../pair-lock';
import { buildPlanDetailed, STEP } from '../plan';
import { resolveImages } from '../preconditions';
import { readPairStatus } from '../status';
import { isHealthyActive, isStandbyReady } from '../states';
import { sameVersion } from '../versions';
import { setBootConfig } from './boot-config';
import { downloadImages } from './download';
import type { RunUpgradeArgs } from './options';
import { pairAfterwards, pairFromStatus, stopMessage } from './outcome';
import { reloadPhase } from './reload-phase';
import { PHASE_DOING, RunContext, Stop } from './run-context';
import { switchOverPhase } from './switch-over';

export async function runUpgrade(args: RunUpgradeArgs): Promise<UpgradeOutcome> {
  const run = new RunContext(args);
  try {
    return await sequence(run);
  } catch (e) {
    return await stopped(run, e);
  } finally {
    run.lock?.release();
  }
}

async function sequence(run: RunContext): Promise<UpgradeOutcome> {
  const { connector, dialect, request } = run.args;
  const { recorder } = run;
  recorder.phase('preconditions', 'running');
  // A bad image name or URL is refused before anything connects to the pair.
  const inputProblems = resolveImages(request).problems;
  if (inputProblems.length) {
    const message = `The upgrade cannot start; nothing was changed on the pair:\n${inputProblems.map((p) => `  - ${p}`).join('\n')}`;
    recorder.phase('preconditions', 'failed', message);
    return recorder.finish({ outcome: 'refused', message });
  }
  const previous = run.args.resume ? run.args.journal?.load() : undefined;
  // What earlier jobs on this pair learnt about the files: rejected ones stay untrusted (never skipped, never
  // booted); complete copies and the hashes computed from them let a file on flash be proven to be the image.
  const earlier = run.args.resume ? previous : earlierRecord(run);
  const learnt = {
    ...(earlier?.untrusted?.length ? { untrusted: earlier.untrusted } : {}),
    ...(earlier?.copies?.length ? { copies: earlier.copies } : {}),
    ...(earlier?.sourceHashes?.length ? { sourceHashes: earlier.sourceHashes } : {}),
  };
  if (run.args.resume) await settle(run);
  const status = await readPairStatus(connector, { signal: run.signal, timeoutMs: run.limits.commandTimeoutMs });
  recorder.statusUnits(status);
  // One job per pair, as the devices identify it: taken now, after the first read and before any change
  // (and before the preconditions, so a second job hears about the first rather than about its effects).
  const refusal = takeLock(run, status, previous?.pairKey);
  if (refusal) {
    recorder.phase('preconditions', 'failed', refusal);
    return recorder.finish({ outcome: 'refused', message: refusal, pair: pairFromStatus(status, 'Nothing was changed.') });
  }
  const unreachable = status.units.find((u) => u.addressUnreachable !== undefined && !u.isActive);
  if (unreachable && isStandbyReady(unreachable.state)) run.useMateRoute(unreachable.addressUnreachable!);
  let built;
  try {
    built = buildPlanDetailed(status, request, dialect, {
      hasStandbyAddress: connector.hasStandbyAddress,
      resume: run.args.resume,
      fromVersion: previous?.fromVersion,
    });
  } catch (e) {
    if (e instanceof PreconditionError) {
      recorder.phase('preconditions', 'failed', e.message);
      return recorder.finish({ outcome: 'refused', message: e.message, pair: pairFromStatus(status, 'Nothing was changed. Fix the problems listed, then try again.') });
    }
    throw e;
  }
  if (run.args.lock && !status.identity) {
    const message =
      'The units do not report their serial numbers (show version, show failover), so this job could not be kept apart from another one on the same pair. Nothing was changed.';
    recorder.phase('preconditions', 'failed', message);
    return recorder.finish({ outcome: 'refused', message, pair: pairFromStatus(status) });
  }
  const { plan } = built;
  run.plan = plan;
  run.asaImage = built.asa;
  run.asdmImage = built.asdm;
  if (requestHasMaskedCredentials(request) && plan.steps.some((s) => s.phase === 'download' && s.id.startsWith('copy-') && !s.skip)) {
    const message =
      'A copy is still needed but the image URL has no password (the journal never keeps one). Give the image URL with its password again to resume; nothing was changed.';
    recorder.phase('preconditions', 'failed', message);
    return recorder.finish({ outcome: 'refused', message, pair: pairFromStatus(status) });
  }
  recorder.startJournal({
    format: JOURNAL_FORMAT,
    pairKey: status.identity?.key ?? run.args.pairKey ?? previous?.pairKey ?? 'pair',
    ...(run.args.lock?.addresses ? { addresses: { active: run.args.lock.addresses } } : {}),
    request: redactRequest(request),
    fromVersion: plan.fromVersion,
    toVersion: plan.toVersion,
    startedAt: previous?.startedAt ?? Date.now(),
    updatedAt: Date.now(),
    phases: previous?.phases ?? [],
    steps: previous?.steps ?? [],
    reloads: previous?.reloads ?? [],
    ...learnt,
  });
  recorder.emit({ type: 'plan', at: Date.now(), plan });
  recorder.phase('preconditions', 'done');

  await downloadImages(run, plan);
  if (plan.downloadOnly) {
    return recorder.finish({
      outcome: 'downloaded',
      message: `The images are on both units and checked; nothing else was changed (download only). Run the upgrade to install ${plan.toVersion}.`,
      pair: await pairAfterwards(run),
    });
  }
  await setBootConfig(run, plan, status);
  await reloadPhase(run, 'reload-secondary', 'secondary', STEP.reloadSecondary);
  await switchOverPhase(run, 'failover-to-secondary', 'secondary', STEP.failoverToSecondary);
  await reloadPhase(run, 'reload-primary', 'primary', STEP.reloadPrimary);
  await switchOverPhase(run, 'failover-to-primary', 'primary', STEP.failoverToPrimary);
  await finalCheck(run);
  const asdmNote = plan.toAsdmVersion ? ` and ASDM ${plan.toAsdmVersion}` : '';
  return recorder.finish({
    outcome: 'upgraded',
    message: `Upgraded the pair from ${plan.fromVersion} to ${plan.toVersion}${asdmNote}: the primary is active and the secondary Standby Ready.`,
    pair: await pairAfterwards(run, 'Nothing more is needed. The old image stays on flash as the fallback boot image.'),
  });
}

/**
 * Takes the pair's lock (when asked to) keyed on both serial numbers; returns why the job is refused, if it is.
 * A resumed journal must belong to the pair the addresses reach.
 */
function takeLock(run: RunContext, status: PairStatus, journalPair: string | undefined): string | undefined {
  const id = status.identity;
  if (id && journalPair !== undefined && journalPair !== id.key) {
    return `The journal belongs to the pair ${journalPair}, but the addresses reach ${describePair(id)}. Give the journal of this pair, or the addresses of that one. Nothing was changed.`;
  }
  const lock = run.args.lock;
  if (!lock) return undefined;
  if (!id) {
    // The mate's serial is not readable (it is reloading): a job holding a pair with the active unit in it is running.
    const serial = status.units.find((u) => u.role === status.activeRole)?.serial;
    const holder = serial ? PairLock.runningJobOn(serial, lock.directory) : undefined;
    return holder ? `${busyMessage(`the pair of unit ${serial}`, holder)} Nothing was changed.` : undefined;
  }
  try {
    run.lock = PairLock.acquire({ pairKey: id.key, pairName: describePair(id), owner: lock.owner, directory: lock.directory, addresses: lock.addresses, phase: PHASE_DOING.preconditions });
  } catch (e) {
    if (e instanceof PairBusyError || e instanceof InvalidInputError) return `${e.message} Nothing was changed.`;
    throw e;
  }
  return undefined;
}

/** The journal's earlier record of this pair (a finished or failed job), when it can be read. */
function earlierRecord(run: RunContext): JournalRecord | undefined {
  try {
    return run.args.journal?.load();
  } catch {
    return undefined;
  }
}

/** On resume, a unit may still be reloading: wait until one unit is Active and the other Standby Ready. */
async function settle(run: RunContext): Promise<void> {
  await run.waitFor(
    async () => {
      const obs = await run.observe();
      const p = obs.units.primary;
      const s = obs.units.secondary;
      const settled = (isHealthyActive(p.state) && isStandbyReady(s.state)) || (isHealthyActive(s.state) && isStandbyReady(p.state));
      return settled && p.version && s.version ? obs : undefined;
    },
    { what: 'the pair to settle (one unit Active, the other Standby Ready)', timeoutMs: run.limits.reloadTimeoutMs },
  );
}

async function finalCheck(run: RunContext): Promise<void> {
  const target = run.planned.toVersion;
  run.recorder.step(STEP.finalCheck, 'running');
  const obs = await run.settledObservation();
  const p = obs.units.primary;
  const s = obs.units.secondary;
  const problems: string[] = [];
  if (!isHealthyActive(p.state)) problems.push(`the primary is "${p.state}", not Active`);
  if (!isStandbyReady(s.state)) problems.push(`the secondary is "${s.state}", not Standby Ready`);
  if (!sameVersion(p.version, target)) problems.push(`the primary runs ${p.version}`);
  if (!sameVersion(s.version, target)) problems.push(`the secondary runs ${s.version}`);
  if (problems.length) {
    run.recorder.step(STEP.finalCheck, 'failed', problems.join('; '));
    throw new Stop(`The final check failed: ${problems.join('; ')}.`);
  }
  run.recorder.step(STEP.finalCheck, 'done');
}

async function stopped(run: RunContext, e: unknown): Promise<UpgradeOutcome> {
  const { kind, message, raw, nextSafeAction, hostKeyChange } = stopMessage(run, e);
  const { recorder } = run;
  if (recorder.statusOf(recorder.currentPhase) === 'running' || recorder.currentPhase === 'preconditions') recorder.phase(recorder.currentPhase, 'failed', message);
  const pair = await pairAfterwards(run, nextSafeAction ?? (e instanceof Stop ? e.nextSafeAction : undefined), raw);
  return recorder.finish({ outcome: kind, message, pair, ...(hostKeyChange ? { hostKeyChange } : {}) });
}
