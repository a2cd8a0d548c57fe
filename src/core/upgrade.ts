// The upgrade runner: CDO's active/standby sequence, driven by what the pair reports. Each phase first
// reads the real pair and skips what is already done, so a resumed job continues from where the pair is
// (it never repeats a reload of an upgraded unit nor re-copies a file that is there). Before every reload
// and switch-over it re-checks the invariants; on any stop it reports where the pair was left.

import { AsaUpgradeError, CommandRejectedError, CommandTimeoutError, ConnectError, PairBusyError, PreconditionError, UpgradeStoppedError } from './errors';
import type { UnitRole } from './facts';
import { requestHasMaskedCredentials, redactRequest, type Journal, type JournalRecord, JOURNAL_FORMAT } from './journal';
import type { PairStatus, PhaseId, PhaseStatus, PlanStep, UpgradeEvent, UpgradeOutcome, UpgradeOutcomeKind, UpgradePlan, UpgradeRequest } from './model';
import { PairLock } from './pair-lock';
import { asdmImageFor, bootListFor, buildPlanDetailed, flashPathFor, normalizeImagePath, STEP } from './plan';
import { resolveImages, type ResolvedImage } from './preconditions';
import type { CommandDialect, PairConnector, UnitSession } from './ports';
import { Redactor } from './redact';
import { adviseNextAction, describeObservation, dropIfWedged, isTransient, observePair, snapshotOf, type PairObservation } from './snapshot';
import { readPairStatus, optional } from './status';
import { capitalised, isActiveState, isHealthyActive, isStandbyReady, otherRole } from './states';
import { toCopySource } from './image-location';
import { watchCopy } from './copy-progress';
import { CancelledError, pollUntil, throwIfCancelled, WaitTimeoutError } from './waits';
import { sameVersion } from './versions';

export interface UpgradeOptions {
  /** How often a waiting engine polls the devices (default 2000 ms; the lab uses 100). */
  pollIntervalMs: number;
  /** Per-command limit for ordinary commands (default: the session's own). */
  commandTimeoutMs?: number;
  /** Limit for one `copy` and one `verify` (hashing a large image takes minutes). Default 60 min. */
  copyTimeoutMs: number;
  /** From reload to back in Standby Ready. Default 30 min. */
  reloadTimeoutMs: number;
  /** From the switch-over command to both roles confirmed; also how long a reload may take to start. Default 5 min. */
  failoverTimeoutMs: number;
}

export const DEFAULT_UPGRADE_OPTIONS: UpgradeOptions = {
  pollIntervalMs: 2000,
  copyTimeoutMs: 60 * 60_000,
  reloadTimeoutMs: 30 * 60_000,
  failoverTimeoutMs: 5 * 60_000,
};

export interface RunUpgradeArgs {
  connector: PairConnector;
  dialect: CommandDialect;
  request: UpgradeRequest;
  signal?: AbortSignal;
  onEvent?: (e: UpgradeEvent) => void;
  journal?: Journal;
  options?: Partial<UpgradeOptions>;
  /** Continue a job from its journal: mixed versions are accepted when this upgrade explains them. */
  resume?: boolean;
  lock?: { directory?: string; owner: string; pairKey: string };
  /** Names the pair in the journal when no lock is given. */
  pairKey?: string;
  /** Masks secrets the caller knows of in every message and event (URL credentials are always masked). */
  redactor?: Redactor;
}

/** Per-command limit while polling a pair in transition, unless the caller sets commandTimeoutMs. */
const POLL_COMMAND_MS = 30_000;
/** How long a copy waits for its watcher to read the destination first (a slow second login must not hold it). */
const COPY_WATCH_START_MS = 5_000;

/** A stop with a message for the user, raised inside the runner and turned into an outcome. */
class Stop extends UpgradeStoppedError {}

const PHASE_DOING: Record<PhaseId, string> = {
  preconditions: 'checking the preconditions',
  download: 'downloading the images',
  'boot-config': 'setting the boot images',
  'reload-secondary': 'reloading the secondary',
  'failover-to-secondary': 'failing over to the secondary',
  'reload-primary': 'reloading the primary',
  'failover-to-primary': 'failing over back to the primary',
};

export async function runUpgrade(args: RunUpgradeArgs): Promise<UpgradeOutcome> {
  return new UpgradeRun(args).run();
}

class UpgradeRun {
  private readonly o: UpgradeOptions;
  private readonly redactor: Redactor;
  private record?: JournalRecord;
  private currentPhase: PhaseId = 'preconditions';
  private readonly phaseStatus = new Map<PhaseId, PhaseStatus>();
  private plan?: UpgradePlan;
  private asa?: ResolvedImage;
  private asdm?: ResolvedImage;
  private touched = { copied: false, configured: false, reloaded: false };
  private lastObservation?: PairObservation;
  /** The last failover reload-standby timed out unanswered (the device may still carry it out). */
  private reloadUnanswered = false;

  constructor(private readonly a: RunUpgradeArgs) {
    this.o = { ...DEFAULT_UPGRADE_OPTIONS, ...stripUndefined(a.options ?? {}) };
    this.redactor = a.redactor ?? new Redactor();
  }

  // ---- events, journal ---------------------------------------------------------------------------

  private emit(e: UpgradeEvent): void {
    try {
      this.a.onEvent?.(e);
    } catch {
      /* a consumer's bug must not stop an upgrade half-way */
    }
  }

  private log(level: 'debug' | 'info' | 'warn' | 'error', message: string): void {
    this.emit({ type: 'log', at: Date.now(), level, message: this.redactor.redact(message) });
  }

  private phase(phase: PhaseId, status: PhaseStatus, message?: string): void {
    if (status === 'running') this.currentPhase = phase;
    this.phaseStatus.set(phase, status);
    this.emit({ type: 'phase', at: Date.now(), phase, status, message: message && this.redactor.redact(message) });
    if (this.record) {
      const now = Date.now();
      const existing = this.record.phases.find((p) => p.phase === phase);
      const entry = existing ?? { phase, status };
      entry.status = status;
      if (status === 'running') entry.startedAt = now;
      else entry.endedAt = now;
      if (message) entry.message = this.redactor.redact(message);
      if (!existing) this.record.phases.push(entry);
      this.saveJournal();
    }
  }

  private step(stepId: string, status: PhaseStatus, message?: string): void {
    this.emit({ type: 'step', at: Date.now(), stepId, status, message: message && this.redactor.redact(message) });
    if (this.record && status !== 'running') {
      this.record.steps.push({ id: stepId, status, at: Date.now(), ...(message ? { message: this.redactor.redact(message) } : {}) });
      this.saveJournal();
    }
  }

  private saveJournal(): void {
    if (!this.a.journal || !this.record) return;
    this.record.updatedAt = Date.now();
    try {
      this.a.journal.save(this.record);
    } catch (e) {
      this.log('warn', `Could not write the journal: ${(e as Error).message}. The upgrade goes on; resume will rely on the pair's state alone.`);
    }
  }

  private emitUnits(obs: PairObservation): void {
    this.lastObservation = obs;
    for (const role of ['primary', 'secondary'] as const) {
      const u = obs.units[role];
      if (u.state === undefined && u.version === undefined) continue;
      this.emit({ type: 'unit', at: Date.now(), unit: { role, state: u.state ?? 'Unknown', version: u.version ?? 'unknown', isActive: u.isActive === true } });
    }
  }

  // ---- the run -----------------------------------------------------------------------------------

  async run(): Promise<UpgradeOutcome> {
    let lock: PairLock | undefined;
    try {
      if (this.a.lock) lock = PairLock.acquire(this.a.lock.pairKey, this.a.lock.owner, this.a.lock.directory);
    } catch (e) {
      if (e instanceof PairBusyError) return this.finish({ outcome: 'refused', message: e.message });
      throw e;
    }
    try {
      return await this.sequence();
    } catch (e) {
      return await this.stopped(e);
    } finally {
      lock?.release();
    }
  }

  private async sequence(): Promise<UpgradeOutcome> {
    const { connector, dialect, request } = this.a;
    this.phase('preconditions', 'running');
    // A bad image name or URL is refused before anything connects to the pair.
    const inputProblems = resolveImages(request).problems;
    if (inputProblems.length) {
      const message = `The upgrade cannot start; nothing was changed on the pair:\n${inputProblems.map((p) => `  - ${p}`).join('\n')}`;
      this.phase('preconditions', 'failed', message);
      return this.finish({ outcome: 'refused', message });
    }
    const previous = this.a.resume ? this.a.journal?.load() : undefined;
    if (this.a.resume) await this.settle();
    const status = await readPairStatus(connector, { signal: this.a.signal, timeoutMs: this.o.commandTimeoutMs });
    this.emitStatusUnits(status);
    let built;
    try {
      built = buildPlanDetailed(status, request, dialect, {
        hasStandbyAddress: connector.hasStandbyAddress,
        resume: this.a.resume,
        fromVersion: previous?.fromVersion,
      });
    } catch (e) {
      if (e instanceof PreconditionError) {
        this.phase('preconditions', 'failed', e.message);
        return this.finish({ outcome: 'refused', message: e.message, pair: this.snapshotFromStatus(status, 'Nothing was changed. Fix the problems listed, then try again.') });
      }
      throw e;
    }
    const { plan, asa, asdm } = built;
    this.plan = plan;
    this.asa = asa;
    this.asdm = asdm;
    if (requestHasMaskedCredentials(request) && plan.steps.some((s) => s.phase === 'download' && s.id.startsWith('copy-') && !s.skip)) {
      const message =
        'A copy is still needed but the image URL has no password (the journal never keeps one). Give the image URL with its password again to resume; nothing was changed.';
      this.phase('preconditions', 'failed', message);
      return this.finish({ outcome: 'refused', message, pair: this.snapshotFromStatus(status) });
    }
    this.record = {
      format: JOURNAL_FORMAT,
      pairKey: this.a.lock?.pairKey ?? this.a.pairKey ?? previous?.pairKey ?? 'pair',
      request: redactRequest(request),
      fromVersion: plan.fromVersion,
      toVersion: plan.toVersion,
      startedAt: previous?.startedAt ?? Date.now(),
      updatedAt: Date.now(),
      phases: previous?.phases ?? [],
      steps: previous?.steps ?? [],
      reloads: previous?.reloads ?? [],
    };
    this.emit({ type: 'plan', at: Date.now(), plan });
    this.phase('preconditions', 'done');

    await this.download(plan);
    if (plan.downloadOnly) {
      return this.finish({
        outcome: 'downloaded',
        message: `The images are on both units and checked; nothing else was changed (download only). Run the upgrade to install ${plan.toVersion}.`,
        pair: await this.snapshot(),
      });
    }
    await this.bootConfig(plan, status);
    await this.reloadPhase('reload-secondary', 'secondary', STEP.reloadSecondary);
    await this.failoverPhase('failover-to-secondary', 'secondary', STEP.failoverToSecondary);
    await this.reloadPhase('reload-primary', 'primary', STEP.reloadPrimary);
    await this.failoverPhase('failover-to-primary', 'primary', STEP.failoverToPrimary);
    await this.finalCheck();
    const asdmNote = plan.toAsdmVersion ? ` and ASDM ${plan.toAsdmVersion}` : '';
    return this.finish({
      outcome: 'upgraded',
      message: `Upgraded the pair from ${plan.fromVersion} to ${plan.toVersion}${asdmNote}: the primary is active and the secondary Standby Ready.`,
      pair: await this.snapshot('Nothing more is needed. The old image stays on flash as the fallback boot image.'),
    });
  }

  private emitStatusUnits(status: PairStatus): void {
    for (const u of status.units) this.emit({ type: 'unit', at: Date.now(), unit: { role: u.role, state: u.state, version: u.version, isActive: u.isActive } });
  }

  /** On resume, a unit may still be reloading: wait until one unit is Active and the other Standby Ready. */
  private async settle(): Promise<void> {
    await pollUntil(
      async () => {
        const obs = await this.observe();
        const p = obs.units.primary;
        const s = obs.units.secondary;
        const settled = (isHealthyActive(p.state) && isStandbyReady(s.state)) || (isHealthyActive(s.state) && isStandbyReady(p.state));
        return settled && p.version && s.version ? obs : undefined;
      },
      { what: 'the pair to settle (one unit Active, the other Standby Ready)', timeoutMs: this.o.reloadTimeoutMs, intervalMs: this.o.pollIntervalMs, signal: this.a.signal, lastSeen: () => this.lastSeen() },
    );
  }

  private async observe(): Promise<PairObservation> {
    const obs = await observePair(this.a.connector, { timeoutMs: this.pollCommandMs(), signal: this.a.signal });
    this.emitUnits(obs);
    return obs;
  }

  /** While polling a pair in transition, a show command that hangs is better abandoned and retried. */
  private pollCommandMs(): number {
    return this.o.commandTimeoutMs ?? POLL_COMMAND_MS;
  }

  private lastSeen(): string | undefined {
    return this.lastObservation && describeObservation(this.lastObservation);
  }

  private co(timeoutMs?: number): { timeoutMs?: number; signal?: AbortSignal } {
    return { timeoutMs: timeoutMs ?? this.o.commandTimeoutMs, signal: this.a.signal };
  }

  /** A session on `role`, by the route the plan shows, checked to really reach that unit. */
  private async sessionOn(role: UnitRole): Promise<UnitSession> {
    const { connector } = this.a;
    const active = await connector.connect('active', this.co());
    const fo = await active.showFailover(this.co());
    const activeRole = fo.thisHost?.role;
    if (activeRole === role) return active;
    if (activeRole === undefined) throw new Stop('The unit at the active address does not report its failover role (show failover); stopped before changing anything more.');
    if (!connector.hasStandbyAddress) return active.mate();
    let standby: UnitSession;
    try {
      standby = await connector.connect('standby', this.co());
    } catch (e) {
      if (!(e instanceof ConnectError)) throw e;
      // The standby address may be unreachable from here while the unit itself is fine: go through its mate.
      this.log('warn', `The standby address does not answer (${e.message}); reaching the ${role} through failover exec mate instead.`);
      return active.mate();
    }
    const sfo = await standby.showFailover(this.co());
    if (sfo.thisHost?.role !== role) {
      throw new Stop(`The standby address does not reach the ${role} (it reports ${sfo.thisHost?.role ?? 'no role'}); check the standby address. Stopped before changing anything more.`);
    }
    return standby;
  }

  // ---- 1. download -------------------------------------------------------------------------------

  private async download(plan: UpgradePlan): Promise<void> {
    this.phase('download', 'running');
    const images = [this.asa!, this.asdm].filter((i): i is ResolvedImage => i !== undefined);
    const copies = plan.steps.filter((s) => s.phase === 'download' && s.id.startsWith('copy-'));
    for (const s of copies.filter((c) => c.skip)) this.step(s.id, 'skipped', s.skip);
    const results = new Map<string, number>();
    const perUnit = (['primary', 'secondary'] as const).map(async (role) => {
      const todo = copies.filter((s) => s.unit === role && !s.skip);
      if (!todo.length) return;
      const session = await this.sessionOn(role);
      for (const s of todo) {
        throwIfCancelled(this.a.signal, `before copying to the ${role}`);
        const image = images.find((i) => s.id === STEP.copy(role, i.kind))!;
        results.set(s.id, await this.copyOne(session, role, image, s));
      }
    });
    const settled = await Promise.allSettled(perUnit);
    const failure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
    throwIfCancelled(this.a.signal, 'after the copies');
    await this.verifyImages(images, results);
    this.phase('download', 'done');
  }

  private async copyOne(session: UnitSession, role: UnitRole, image: ResolvedImage, s: PlanStep): Promise<number> {
    const dest = flashPathFor(image.source.file);
    this.step(s.id, 'running');
    // Bytes come from the destination's size on flash, read over a second session while this one copies.
    let bytes = 0;
    const progress = (marks?: number): void =>
      this.emit({ type: 'copy', at: Date.now(), unit: role, file: image.source.file, bytes, ...(image.bytes !== undefined ? { totalBytes: image.bytes } : {}), ...(marks !== undefined ? { marks } : {}) });
    progress();
    const watch = watchCopy({
      connector: this.a.connector,
      copySession: session,
      file: image.source.file,
      intervalMs: this.o.pollIntervalMs,
      commandTimeoutMs: this.pollCommandMs(),
      signal: this.a.signal,
      onBytes: (n) => {
        bytes = n;
        progress();
      },
    });
    await watch.ready(COPY_WATCH_START_MS);
    this.touched.copied = true;
    try {
      const result = await session.copy(toCopySource(image.source), dest, (p) => progress(p.marks), this.co(this.o.copyTimeoutMs));
      await watch.stop();
      this.emit({ type: 'copy', at: Date.now(), unit: role, file: image.source.file, bytes: result.bytes, totalBytes: image.bytes ?? result.bytes });
      this.step(s.id, 'done', `${result.bytes} bytes`);
      return result.bytes;
    } catch (e) {
      await watch.stop();
      this.step(s.id, 'failed', (e as Error).message);
      if (e instanceof CancelledError || this.a.signal?.aborted) throw new CancelledError(`Cancelled while copying ${image.source.file} to the ${role}.`);
      throw new Stop(`Copying ${image.source.file} to the ${role} failed: ${(e as Error).message}`);
    }
  }

  /** Both units must hold the same, complete image: same size (and copy count), same MD5 (the known one when given). */
  private async verifyImages(images: ResolvedImage[], copied: Map<string, number>): Promise<void> {
    const sessions = { primary: await this.sessionOn('primary'), secondary: await this.sessionOn('secondary') };
    const listings = {
      primary: await optional(() => sessions.primary.listFlash(this.co())),
      secondary: await optional(() => sessions.secondary.listFlash(this.co())),
    };
    for (const image of images) {
      const dest = flashPathFor(image.source.file);
      const sizes: Partial<Record<UnitRole, number>> = {};
      for (const role of ['primary', 'secondary'] as const) {
        const listing = listings[role];
        if (!listing) continue;
        const f = listing.files.find((x) => x.name === image.source.file);
        if (!f) throw new Stop(`${dest} is not on the ${role}'s flash after the download. Check the copy output (--verbose) and run again.`);
        sizes[role] = f.size;
        const c = copied.get(STEP.copy(role, image.kind));
        if (c !== undefined && c !== f.size) throw new Stop(`${dest} on the ${role} is ${f.size} bytes but ${c} bytes were copied: the copy is incomplete. Delete it (delete ${dest}) and run again.`);
        if (image.bytes !== undefined && f.size !== image.bytes) {
          throw new Stop(`${dest} on the ${role} is ${f.size} bytes, not the expected ${image.bytes}. Delete it (delete ${dest}) and run again.`);
        }
      }
      if (sizes.primary !== undefined && sizes.secondary !== undefined && sizes.primary !== sizes.secondary) {
        throw new Stop(`${dest} differs in size between the units (primary ${sizes.primary}, secondary ${sizes.secondary} bytes). Delete the wrong copy (delete ${dest}) and run again; nothing was reloaded.`);
      }
      const hashes: Partial<Record<UnitRole, string>> = {};
      for (const role of ['primary', 'secondary'] as const) {
        const id = STEP.verify(role, image.kind);
        this.step(id, 'running');
        try {
          hashes[role] = await sessions[role].verify(dest, 'md5', this.co(this.o.copyTimeoutMs));
          this.step(id, 'done', `MD5 ${hashes[role]}`);
        } catch (e) {
          if (e instanceof CommandRejectedError) {
            this.step(id, 'skipped', `the ${role} cannot hash files: ${(e as Error).message}`);
            this.log('warn', `The ${role} refused verify /md5 for ${dest}; only its size was checked.`);
            continue;
          }
          this.step(id, 'failed', (e as Error).message);
          throw e;
        }
        if (image.md5 && hashes[role] !== image.md5) {
          this.step(id, 'failed', 'MD5 mismatch');
          throw new Stop(
            `${dest} on the ${role} does not match the known MD5 (device ${hashes[role]}, expected ${image.md5}): the transfer was corrupted. ` +
              `Delete it on that unit (delete ${dest}) and run the upgrade again. Nothing was reloaded.`,
          );
        }
      }
      if (!image.md5 && hashes.primary && hashes.secondary && hashes.primary !== hashes.secondary) {
        this.step(STEP.verify('secondary', image.kind), 'failed', 'MD5 differs between units');
        throw new Stop(
          `${dest} has a different MD5 on each unit (primary ${hashes.primary}, secondary ${hashes.secondary}): one transfer was corrupted. ` +
            `Delete the file on both units (delete ${dest}) and run the upgrade again, ideally with the MD5 from Cisco's download page. Nothing was reloaded.`,
        );
      }
    }
  }

  // ---- 2. boot configuration ---------------------------------------------------------------------

  private async bootConfig(plan: UpgradePlan, status: PairStatus): Promise<void> {
    const setStep = plan.steps.find((s) => s.id === STEP.bootConfig)!;
    const checkStep = plan.steps.find((s) => s.id === STEP.checkStandbyBoot)!;
    if (setStep.skip) {
      this.phase('boot-config', 'skipped', setStep.skip);
      this.step(setStep.id, 'skipped', setStep.skip);
      this.step(checkStep.id, 'skipped', checkStep.skip);
      return;
    }
    throwIfCancelled(this.a.signal, 'before setting the boot images');
    this.phase('boot-config', 'running');
    const activeRole = setStep.unit;
    const active = status.units.find((u) => u.role === activeRole)!;
    const bootList = bootListFor(active, this.asa!.source);
    const asdmImage = asdmImageFor(active, this.asdm?.source);
    const session = await this.sessionOn(activeRole);
    this.step(setStep.id, 'running');
    const current = await optional(() => session.bootConfig(this.co()));
    const matches = (b: { bootImages: string[]; asdmImage?: string } | undefined): boolean =>
      b !== undefined &&
      b.bootImages.length === bootList.length &&
      b.bootImages.every((x, i) => normalizeImagePath(x) === bootList[i]) &&
      (asdmImage === undefined || normalizeImagePath(b.asdmImage) === asdmImage);
    this.touched.configured = true;
    if (!matches(current)) await session.setBootImages(bootList, asdmImage, this.co());
    else this.log('info', 'The boot images are already set; saving the configuration again.');
    await session.writeMemory(this.co(this.o.copyTimeoutMs));
    this.step(setStep.id, 'done');

    const other = otherRole(activeRole);
    this.step(checkStep.id, 'running');
    let seen: { bootImages: string[]; asdmImage?: string } | undefined;
    let readable = true;
    await pollUntil(
      async () => {
        const s = await this.sessionOn(other);
        try {
          seen = await s.bootConfig(this.co());
        } catch (e) {
          if (e instanceof CommandRejectedError) {
            readable = false;
            return true;
          }
          if (isTransient(e)) return undefined;
          throw e;
        }
        return matches(seen) ? true : undefined;
      },
      {
        what: `the ${other} to show the same boot configuration`,
        timeoutMs: this.o.failoverTimeoutMs,
        intervalMs: this.o.pollIntervalMs,
        signal: this.a.signal,
        lastSeen: () => (seen ? `boot system ${seen.bootImages.join(', ') || '(none)'}` : undefined),
      },
    ).catch((e) => {
      if (e instanceof WaitTimeoutError) {
        throw new Stop(
          `The ${other} did not get the new boot configuration (it shows ${seen?.bootImages.join(', ') || 'no boot system entries'}). ` +
            'Check configuration replication (show failover), then run the upgrade again; nothing was reloaded.',
        );
      }
      throw e;
    });
    if (!readable) {
      this.step(checkStep.id, 'skipped', `the ${other} refused to show its boot configuration; its version is checked after its reload`);
      this.log('warn', `Could not read the ${other}'s boot configuration; the version it boots is checked after its reload.`);
    } else this.step(checkStep.id, 'done');
    this.phase('boot-config', 'done');
  }

  // ---- 3 and 5. reloads --------------------------------------------------------------------------

  private async reloadPhase(phase: PhaseId, unit: UnitRole, stepId: string): Promise<void> {
    const target = this.plan!.toVersion;
    const mate = otherRole(unit);
    throwIfCancelled(this.a.signal, `before reloading the ${unit}`);
    let obs = await this.settledObservation();
    const u = obs.units[unit];
    if (sameVersion(u.version, target) && isStandbyReady(u.state) && !u.isActive) {
      this.phase(phase, 'skipped', `the ${unit} already runs ${target}`);
      this.step(stepId, 'skipped', `the ${unit} already runs ${target}`);
      return;
    }
    if (sameVersion(u.version, target) && u.isActive) {
      // Already upgraded and active: this phase is behind us (resume after the switch-over).
      this.phase(phase, 'skipped', `the ${unit} already runs ${target}`);
      this.step(stepId, 'skipped', `the ${unit} already runs ${target}`);
      return;
    }
    this.phase(phase, 'running');
    this.step(stepId, 'running');
    const beforeVersion = u.version;
    const issued = this.record?.reloads.filter((r) => r.unit === unit).at(-1);
    const proofSince = issued && issued.issuedAt > (this.record?.startedAt ?? 0) ? issued.issuedAt : undefined;
    let issuedAt: number;
    if (proofSince !== undefined && u.uptimeSeconds !== undefined && u.uptimeSeconds * 1000 < Date.now() - proofSince) {
      // This job reloaded the unit before, and it came back on the old version: reloading again would not help.
      throw new Stop(
        `The ${unit} was reloaded by this job but runs ${u.version}, not ${target}: it did not boot the new image. ` +
          `Check \`show running-config boot system\` and disk0:/${this.asa!.source.file} on it; the ${mate} is still active and was not touched.`,
      );
    }
    if (proofSince !== undefined) {
      // A reload was already sent by this job and the unit has not rebooted since: wait for it instead of sending another.
      issuedAt = proofSince;
      this.log('info', `A reload of the ${unit} was already sent at ${new Date(issuedAt).toISOString()}; waiting for it.`);
    } else {
      issuedAt = await this.issueReload(unit, obs);
    }
    obs = await this.waitForReload(unit, mate, issuedAt, beforeVersion);
    void obs;
    this.step(stepId, 'done', `the ${unit} runs ${target} and is Standby Ready`);
    this.phase(phase, 'done');
  }

  /** An observation in which both units answer and neither is between states. */
  private async settledObservation(): Promise<PairObservation> {
    return pollUntil(
      async () => {
        const obs = await this.observe();
        const p = obs.units.primary;
        const s = obs.units.secondary;
        const ok = [p, s].every((x) => x.reachable && (isHealthyActive(x.state) || isStandbyReady(x.state))) && (p.isActive === true) !== (s.isActive === true);
        return ok ? obs : undefined;
      },
      { what: 'both units to answer, one Active and one Standby Ready', timeoutMs: this.o.reloadTimeoutMs, intervalMs: this.o.pollIntervalMs, signal: this.a.signal, lastSeen: () => this.lastSeen() },
    );
  }

  /** Checks the invariants on fresh state, sends `failover reload-standby` on the mate, and journals it. */
  private async issueReload(unit: UnitRole, obs: PairObservation): Promise<number> {
    const mate = otherRole(unit);
    const u = obs.units[unit];
    const m = obs.units[mate];
    if (u.isActive) throw new Stop(`Refusing to reload the ${unit}: it is the active unit. Nothing was reloaded.`);
    if (!isHealthyActive(m.state)) throw new Stop(`Refusing to reload the ${unit}: its mate (the ${mate}) is "${m.state ?? 'not answering'}", not Active. Nothing was reloaded.`);
    if (!isStandbyReady(u.state)) throw new Stop(`Refusing to reload the ${unit}: it is "${u.state ?? 'not answering'}", not Standby Ready. Nothing was reloaded.`);
    const session = await this.a.connector.connect('active', this.co());
    const fo = await session.showFailover(this.co());
    if (fo.thisHost?.role !== mate || !isHealthyActive(fo.thisHost.state)) {
      throw new Stop(`Refusing to reload the ${unit}: the active address does not reach the ${mate} as Active (it reports ${fo.thisHost ? `${fo.thisHost.role} - ${fo.thisHost.state}` : 'no failover state'}). Nothing was reloaded.`);
    }
    if (fo.otherHost && (fo.otherHost.role !== unit || !isStandbyReady(fo.otherHost.state))) {
      throw new Stop(`Refusing to reload the ${unit}: the ${mate} sees it as "${fo.otherHost.state}". Nothing was reloaded.`);
    }
    throwIfCancelled(this.a.signal, `before reloading the ${unit}`);
    const issuedAt = Date.now();
    this.reloadUnanswered = false;
    try {
      await session.reloadStandby(this.co());
      this.touched.reloaded = true;
    } catch (e) {
      // A dropped session may or may not have delivered the command; the wait below tells which.
      if (!isTransient(e) || e instanceof CommandRejectedError) throw e;
      this.touched.reloaded = true;
      // A command that timed out may still be carried out by the device later: it must never be sent twice.
      this.reloadUnanswered = e instanceof CommandTimeoutError;
      this.log('warn', `The session dropped while sending failover reload-standby (${(e as Error).message}); checking whether the ${unit} is reloading.`);
    }
    this.record?.reloads.push({ unit, issuedAt });
    this.saveJournal();
    this.log('info', `Reloading the ${unit} (failover reload-standby on the ${mate}).`);
    return issuedAt;
  }

  /**
   * Waits until the unit is back in Standby Ready on the target version, with proof it rebooted after
   * `issuedAt`: it was seen down or not ready, or its uptime is shorter than the time since, or its version
   * changed. The mate must stay Active throughout.
   */
  private async waitForReload(unit: UnitRole, mate: UnitRole, issuedAt: number, beforeVersion: string | undefined): Promise<PairObservation> {
    const target = this.plan!.toVersion;
    let seenDown = false;
    let retried = false;
    let startDeadline = issuedAt + this.o.failoverTimeoutMs;
    const rebootedSince = (x: { uptimeSeconds?: number; version?: string }, since: number): boolean =>
      (x.uptimeSeconds !== undefined && x.uptimeSeconds * 1000 < Date.now() - since) ||
      (beforeVersion !== undefined && x.version !== undefined && !sameVersion(x.version, beforeVersion));
    const check = async (): Promise<PairObservation | undefined> => {
      const obs = await this.observe();
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
      const proof = seenDown || rebootedSince(u, issuedAt);
      if (!proof) {
        // An unanswered reload command may still be carried out: wait for it (up to reloadTimeoutMs), never resend.
        if (Date.now() > startDeadline && !this.reloadUnanswered) {
          if (!retried && this.record) {
            retried = true;
            // Waiting for the pair to settle may span a late reload: re-check for it before sending another.
            const settled = await this.settledObservation();
            if (rebootedSince(settled.units[unit], issuedAt)) return undefined;
            this.log('warn', `The ${unit} shows no sign of reloading; sending failover reload-standby again after re-checking the pair.`);
            issuedAt = await this.issueReload(unit, settled);
            startDeadline = issuedAt + this.o.failoverTimeoutMs;
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
            `Check \`show running-config boot system\` and that disk0:/${this.asa!.source.file} is intact on it; the ${mate} is still active and was not touched.`,
        );
      }
      return obs;
    };
    try {
      return await pollUntil(check, {
        what: `the ${unit} to come back on ${target} in Standby Ready`,
        timeoutMs: Math.max(0, issuedAt + this.o.reloadTimeoutMs - Date.now()),
        intervalMs: this.o.pollIntervalMs,
        signal: this.a.signal,
        lastSeen: () => this.lastSeen(),
      });
    } catch (e) {
      if (e instanceof WaitTimeoutError) throw new Stop(e.message);
      throw e;
    }
  }

  // ---- 4 and 6. switch-overs ---------------------------------------------------------------------

  private async failoverPhase(phase: PhaseId, toActive: UnitRole, stepId: string): Promise<void> {
    const target = this.plan!.toVersion;
    const from = otherRole(toActive);
    throwIfCancelled(this.a.signal, `before making the ${toActive} active`);
    const obs = await this.settledObservation();
    const n = obs.units[toActive];
    const o = obs.units[from];
    if (isHealthyActive(n.state) && isStandbyReady(o.state)) {
      this.phase(phase, 'skipped', `the ${toActive} is already active`);
      this.step(stepId, 'skipped', `the ${toActive} is already active`);
      return;
    }
    if (toActive === 'secondary' && sameVersion(o.version, target) && sameVersion(n.version, target)) {
      // Both units already upgraded: the switch-over to the secondary is behind us.
      this.phase(phase, 'skipped', `both units already run ${target}`);
      this.step(stepId, 'skipped', `both units already run ${target}`);
      return;
    }
    this.phase(phase, 'running');
    this.step(stepId, 'running');
    if (!isStandbyReady(n.state) || !sameVersion(n.version, target)) {
      throw new Stop(`Refusing to fail over: the ${toActive} is "${n.state ?? 'not answering'}" on ${n.version ?? 'an unknown version'}, not Standby Ready on ${target}. Nothing was switched.`);
    }
    if (!isHealthyActive(o.state)) throw new Stop(`Refusing to fail over: the ${from} is "${o.state}", not Active. Nothing was switched.`);
    const session = await this.a.connector.connect('active', this.co());
    const fo = await session.showFailover(this.co());
    if (fo.thisHost?.role !== from || !isHealthyActive(fo.thisHost.state) || fo.otherHost?.role !== toActive || !isStandbyReady(fo.otherHost.state)) {
      throw new Stop(
        `Refusing to fail over: show failover on the active address says ${fo.thisHost ? `${fo.thisHost.role} ${fo.thisHost.state}` : 'no state'}, mate ${fo.otherHost ? `${fo.otherHost.role} ${fo.otherHost.state}` : 'unknown'}. Nothing was switched.`,
      );
    }
    if (fo.mateVersion && !sameVersion(fo.mateVersion, target)) {
      throw new Stop(`Refusing to fail over: the ${from} sees its mate on ${fo.mateVersion}, not ${target}. Nothing was switched.`);
    }
    throwIfCancelled(this.a.signal, `before making the ${toActive} active`);
    try {
      await session.noFailoverActive(this.co());
    } catch (e) {
      if (!isTransient(e) || e instanceof CommandRejectedError) throw e;
      // The session drops when the address moves to the other unit: expected.
    }
    this.log('info', `Switching over: the ${toActive} becomes active (no failover active on the ${from}).`);
    await this.waitForRoles(toActive);
    this.step(stepId, 'done', `${capitalised(toActive)} - Active, ${capitalised(from)} - Standby Ready`);
    this.phase(phase, 'done');
  }

  /** Waits until `show failover` through the active address says `toActive` Active and its mate Standby Ready. */
  private async waitForRoles(toActive: UnitRole): Promise<void> {
    const from = otherRole(toActive);
    let last: string | undefined;
    try {
      await pollUntil(
        async () => {
          let session: UnitSession | undefined;
          try {
            session = await this.a.connector.connect('active', this.co(this.pollCommandMs()));
            const fo = await session.showFailover(this.co(this.pollCommandMs()));
            last = fo.thisHost ? `${fo.thisHost.role} ${fo.thisHost.state}, mate ${fo.otherHost?.state ?? 'unknown'}` : 'no failover state';
            if (fo.thisHost?.role === from && !isActiveState(fo.thisHost.state)) {
              // This session still reaches the unit that just gave up the role: the next one will reach the new active unit.
              await session.close().catch(() => undefined);
              return undefined;
            }
            const done = fo.thisHost?.role === toActive && isHealthyActive(fo.thisHost.state) && fo.otherHost?.role === from && isStandbyReady(fo.otherHost.state);
            if (fo.thisHost?.role === toActive) await this.observe();
            return done ? true : undefined;
          } catch (e) {
            if (!isTransient(e)) throw e;
            // After a switch-over the old session may hang instead of closing (its address moved away).
            await dropIfWedged(session, e);
            last = (e as Error).message;
            return undefined;
          }
        },
        { what: `the ${toActive} to be Active and the ${from} Standby Ready`, timeoutMs: this.o.failoverTimeoutMs, intervalMs: this.o.pollIntervalMs, signal: this.a.signal, lastSeen: () => last },
      );
    } catch (e) {
      if (e instanceof WaitTimeoutError) throw new Stop(e.message);
      throw e;
    }
  }

  private async finalCheck(): Promise<void> {
    const target = this.plan!.toVersion;
    this.step(STEP.finalCheck, 'running');
    const obs = await this.settledObservation();
    const p = obs.units.primary;
    const s = obs.units.secondary;
    const problems: string[] = [];
    if (!isHealthyActive(p.state)) problems.push(`the primary is "${p.state}", not Active`);
    if (!isStandbyReady(s.state)) problems.push(`the secondary is "${s.state}", not Standby Ready`);
    if (!sameVersion(p.version, target)) problems.push(`the primary runs ${p.version}`);
    if (!sameVersion(s.version, target)) problems.push(`the secondary runs ${s.version}`);
    if (problems.length) {
      this.step(STEP.finalCheck, 'failed', problems.join('; '));
      throw new Stop(`The final check failed: ${problems.join('; ')}.`);
    }
    this.step(STEP.finalCheck, 'done');
  }

  // ---- outcomes ----------------------------------------------------------------------------------

  private async snapshot(advice?: string, stopReason?: string) {
    try {
      const obs = await observePair(this.a.connector, { timeoutMs: this.pollCommandMs() });
      this.lastObservation = obs;
      return snapshotOf(obs, advice ?? adviseNextAction(obs, this.plan?.fromVersion, this.plan?.toVersion, this.touched));
    } catch (e) {
      const obs = this.lastObservation;
      const why = (e as Error).message;
      const note = why === stopReason ? 'The pair could not be read after the stop (for the same reason).' : `The pair could not be read after the stop (${why}).`;
      return obs ? snapshotOf(obs, `${note} Last seen: ${describeObservation(obs)}. Check both units before doing anything else.`) : { units: [], mixedVersions: false, nextSafeAction: `${note} Check both units before doing anything else.` };
    }
  }

  private snapshotFromStatus(status: PairStatus, advice?: string) {
    const units = status.units.map((u) => ({ role: u.role, state: u.state, version: u.version, isActive: u.isActive }));
    return {
      units,
      ...(status.activeRole ? { activeRole: units.find((u) => u.isActive)?.role ?? status.activeRole } : {}),
      mixedVersions: units.length === 2 && !sameVersion(units[0].version, units[1].version),
      ...(advice ? { nextSafeAction: advice } : {}),
    };
  }

  private async stopped(e: unknown): Promise<UpgradeOutcome> {
    const cancelled = e instanceof CancelledError || (this.a.signal?.aborted === true && !(e instanceof Stop));
    const phaseTitle = this.currentPhase;
    const raw = e instanceof Error ? e.message : String(e);
    let kind: UpgradeOutcomeKind = cancelled ? 'cancelled' : 'failed';
    let message: string;
    if (cancelled) message = `Cancelled while ${PHASE_DOING[phaseTitle]}; the engine stopped at a safe point and sent nothing more.`;
    else if (e instanceof PreconditionError && !this.touched.copied && !this.touched.configured && !this.touched.reloaded) {
      kind = 'refused';
      message = raw;
    } else if (e instanceof Stop) message = raw;
    else if (e instanceof AsaUpgradeError) message = `Stopped while ${PHASE_DOING[phaseTitle]}: ${raw}`;
    else message = `Unexpected error while ${PHASE_DOING[phaseTitle]}: ${raw}`;
    if (this.phaseStatus.get(this.currentPhase) === 'running' || this.currentPhase === 'preconditions') this.phase(this.currentPhase, 'failed', message);
    const pair = await this.snapshot(undefined, raw);
    return this.finish({ outcome: kind, message, pair });
  }

  private finish(outcome: UpgradeOutcome): UpgradeOutcome {
    const out: UpgradeOutcome = { ...outcome, message: this.redactor.redact(outcome.message) };
    if (out.pair?.nextSafeAction) out.pair = { ...out.pair, nextSafeAction: this.redactor.redact(out.pair.nextSafeAction) };
    this.emit({ type: 'finished', at: Date.now(), outcome: out.outcome, message: out.message, pair: out.pair });
    if (this.a.journal && this.record) {
      try {
        this.a.journal.finish(out);
      } catch {
        /* the outcome matters more than its record */
      }
    }
    return out;
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

