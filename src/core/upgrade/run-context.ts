// What every phase of one run shares: the caller's arguments, the limits, the recorder, the plan and images
// once known, what the run has changed so far, and the ways to reach and observe the pair.

import { ConnectError, UpgradeStoppedError } from '../errors';
import type { UnitRole } from '../facts';
import type { PhaseId, UpgradeEvent, UpgradePlan } from '../model';
import type { PairLock } from '../pair-lock';
import type { CommandOptions, PairAddress, PairConnector, UnitSession } from '../ports';
import type { ResolvedImage } from '../preconditions';
import { Redactor } from '../redact';
import { describeObservation, observePair, type PairObservation } from '../snapshot';
import { isHealthyActive, isStandbyReady, otherRole } from '../states';
import { formatMs, HEARTBEAT_MS, pollUntil, type PollOptions } from '../waits';
import { resolveOptions, type RunUpgradeArgs, type UpgradeOptions } from './options';
import { Recorder } from './recorder';

/** What the job is doing, as a stop message and a refused second job name it. */
export const PHASE_DOING: Record<PhaseId, string> = {
  preconditions: 'checking the preconditions',
  download: 'downloading the images',
  'boot-config': 'setting the boot images',
  'reload-secondary': 'reloading the secondary',
  'failover-to-secondary': 'failing over to the secondary',
  'reload-primary': 'reloading the primary',
  'failover-to-primary': 'failing over back to the primary',
};

/** A stop with a message for the user, raised inside the runner and turned into an outcome. */
export class Stop extends UpgradeStoppedError {
  /** What to do next, when the stop knows better than the general advice drawn from the pair's state. */
  constructor(
    message: string,
    readonly nextSafeAction?: string,
  ) {
    super(message);
  }
}

/** A command answered by nothing for this long, on a session whose address just moved, is taken as stranded. */
export const STRANDED_AFTER_MS = 10_000;

/** Per-command limit while polling a pair in transition, unless the caller sets commandTimeoutMs. */
const POLL_COMMAND_MS = 30_000;

/** What the run changed on the pair so far; the advice after a stop depends on it. */
export interface Touched {
  copied: boolean;
  configured: boolean;
  reloaded: boolean;
  /** Files a unit rejected in this run (deleted, journalled as untrusted). */
  rejected?: string[];
}

export class RunContext {
  readonly limits: UpgradeOptions;
  readonly recorder: Recorder;
  readonly touched: Touched = { copied: false, configured: false, reloaded: false };
  plan?: UpgradePlan;
  asaImage?: ResolvedImage;
  asdmImage?: ResolvedImage;
  lastObservation?: PairObservation;
  /** The last failover reload-standby timed out unanswered (the device may still carry it out). */
  reloadUnanswered = false;
  /**
   * How the unit behind the standby address is reached for the whole run: its address, or `failover exec
   * mate` once that address did not answer while the unit was up (said once in the log).
   */
  private otherRoute: 'standby' | 'mate';

  /** This job's hold on the pair (taken after the first read); its phase is kept current for a refused second job. */
  lock?: PairLock;

  constructor(readonly args: RunUpgradeArgs) {
    this.limits = resolveOptions(args.options);
    const onEvent = (e: UpgradeEvent): void => {
      if (e.type === 'phase' && e.status === 'running') this.lock?.setPhase(PHASE_DOING[e.phase]);
      args.onEvent?.(e);
    };
    this.recorder = new Recorder(onEvent, args.journal, args.redactor ?? new Redactor());
    this.otherRoute = args.connector.hasStandbyAddress ? 'standby' : 'mate';
  }

  /** Gives up the shared sessions to these addresses (they moved, or their unit went down). */
  async abandonSessions(...addresses: PairAddress[]): Promise<void> {
    for (const address of addresses.length ? addresses : (['active', 'standby'] as const)) {
      if (address === 'standby' && !this.connector.hasStandbyAddress) continue;
      await this.connector.abandon?.(address).catch(() => undefined);
    }
  }

  /** How the standby unit is read now: its address, or through its mate. */
  get standbyRoute(): 'standby' | 'mate' {
    return this.otherRoute;
  }

  /** From now on every read of the standby unit goes through its mate. */
  useMateRoute(why: string): void {
    if (this.otherRoute === 'mate') return;
    this.otherRoute = 'mate';
    this.recorder.log(
      'warn',
      `The standby address does not answer (${why}) while the unit behind it is up: from now on every read of that unit, including the reload waits, goes through failover exec mate on the active unit.`,
    );
  }

  get connector(): PairConnector {
    return this.args.connector;
  }

  get signal(): AbortSignal | undefined {
    return this.args.signal;
  }

  /** The plan; phases run only after preconditions set it. */
  get planned(): UpgradePlan {
    return this.plan!;
  }

  /** The ASA image; phases run only after preconditions resolved it. */
  get asa(): ResolvedImage {
    return this.asaImage!;
  }

  /** Options for one command: the given limit (else the caller's per-command limit) and the run's signal. */
  commandOptions(timeoutMs?: number): CommandOptions {
    return { timeoutMs: timeoutMs ?? this.limits.commandTimeoutMs, signal: this.signal };
  }

  /** While polling a pair in transition, a show command that hangs is better abandoned and retried. */
  pollCommandMs(): number {
    return this.limits.commandTimeoutMs ?? POLL_COMMAND_MS;
  }

  /** Reads the pair (with `activeOnly`, only the active unit and what it says of its mate). */
  async observe(options: { activeOnly?: boolean } = {}): Promise<PairObservation> {
    let obs = await observePair(this.connector, { timeoutMs: this.pollCommandMs(), signal: this.signal, otherVia: this.otherRoute, activeOnly: options.activeOnly });
    const standby = obs.activeAddressRole && obs.units[otherRole(obs.activeAddressRole)];
    if (obs.standbyAddressFailed !== undefined && standby && isStandbyReady(standby.state)) {
      // The active unit sees its mate Standby Ready, yet its address does not answer: the address is the problem.
      this.useMateRoute(obs.standbyAddressFailed);
      obs = await observePair(this.connector, { timeoutMs: this.pollCommandMs(), signal: this.signal, otherVia: this.otherRoute });
    }
    this.lastObservation = obs;
    this.recorder.observedUnits(obs);
    return obs;
  }

  lastSeen(): string | undefined {
    return this.lastObservation && describeObservation(this.lastObservation);
  }

  /** How often a wait says what it waits for (never less often than every 20 s). */
  heartbeatMs(): number {
    return Math.min(this.limits.heartbeatMs ?? HEARTBEAT_MS, HEARTBEAT_MS);
  }

  /** Runs one long command (a hash over a large image), saying every heartbeat that it is still running. */
  async saying<T>(what: string, work: () => Promise<T>): Promise<T> {
    const startedAt = Date.now();
    const timer = setInterval(() => this.recorder.log('info', `Still waiting for ${what} (${formatMs(Date.now() - startedAt)} so far).`), this.heartbeatMs());
    try {
      return await work();
    } finally {
      clearInterval(timer);
    }
  }

  /**
   * Polls `check` at the run's interval until it returns a value, saying at least every heartbeat what it
   * waits for and what it last saw (by default, the last observation of the pair).
   */
  waitFor<T>(check: () => Promise<T | undefined>, wait: { what: string; timeoutMs: number; lastSeen?: () => string | undefined }): Promise<T> {
    const lastSeen = wait.lastSeen ?? (() => this.lastSeen());
    const options: PollOptions = {
      what: wait.what,
      timeoutMs: wait.timeoutMs,
      intervalMs: this.limits.pollIntervalMs,
      signal: this.signal,
      lastSeen,
      heartbeatMs: this.heartbeatMs(),
      onStillWaiting: (text) => this.recorder.log('info', text),
    };
    return pollUntil(check, options);
  }

  /** An observation in which both units answer and neither is between states. */
  async settledObservation(): Promise<PairObservation> {
    return this.waitFor(
      async () => {
        const obs = await this.observe();
        const p = obs.units.primary;
        const s = obs.units.secondary;
        const ok = [p, s].every((x) => x.reachable && (isHealthyActive(x.state) || isStandbyReady(x.state))) && (p.isActive === true) !== (s.isActive === true);
        return ok ? obs : undefined;
      },
      { what: 'both units to answer, one Active and one Standby Ready', timeoutMs: this.limits.reloadTimeoutMs },
    );
  }

  /** A session on `role`, by the route the plan shows, checked to really reach that unit. */
  async sessionOn(role: UnitRole): Promise<UnitSession> {
    const connector = this.connector;
    const active = await connector.connect('active', this.commandOptions());
    const fo = await active.showFailover(this.commandOptions());
    const activeRole = fo.thisHost?.role;
    if (activeRole === role) return active;
    if (activeRole === undefined) throw new Stop('The unit at the active address does not report its failover role (show failover); stopped before changing anything more.');
    if (this.otherRoute === 'mate') return active.mate();
    let standby: UnitSession;
    try {
      standby = await connector.connect('standby', this.commandOptions());
    } catch (e) {
      if (!(e instanceof ConnectError)) throw e;
      // The standby address may be unreachable from here while the unit itself is fine: go through its mate.
      this.useMateRoute(e.message);
      return active.mate();
    }
    const sfo = await standby.showFailover(this.commandOptions());
    if (sfo.thisHost?.role !== role) {
      throw new Stop(`The standby address does not reach the ${role} (it reports ${sfo.thisHost?.role ?? 'no role'}); check the standby address. Stopped before changing anything more.`);
    }
    return standby;
  }
}
