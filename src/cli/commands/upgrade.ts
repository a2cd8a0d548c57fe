import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { asaDialect } from '../../asa/commands';
import { formatEndpoint, parseEndpoint } from '../../asa';
import { InvalidInputError, PreconditionError } from '../../core/errors';
import { compatibilityOf } from '../../core/preconditions';
import type { UpgradeEvent, UpgradeOutcome, UpgradeRequest } from '../../core/model';
import { buildPlan } from '../../core/plan';
import { readPairStatus } from '../../core/status';
import type { UpgradeOptions } from '../../core/upgrade';
import { runUpgrade } from '../../core/upgrade';
import { runUpgradeWithChecks, type CheckedOutcome } from '../../core/checks/with-checks';
import { DEFAULT_CHECK_THRESHOLDS, type CheckThresholds } from '../../core/checks/compare';
import type { PairChecks } from '../../core/checks/read';
import { PairReportRecorder, pairRoute, publishedHashes } from '../../core/report/collect';
import { hostname } from 'node:os';
import { assembleReport, checkReportDirectory, writeReport } from '../../core/report/write';
import { eventsFormat, humanIo, JsonlEvents } from '../events';
import { FileJournal, type JournalRecord } from '../../core/journal';
import type { PairStatus } from '../../core/model';
import { describePair } from '../../core/pair-identity';
import { busyMessage, PairLock } from '../../core/pair-lock';
import { journalDirectory, lockDirectory } from '../../core/state-dir';
import type { Redactor } from '../../core/redact';
import { commandLogger } from '../command-log';
import { confirm } from '../confirm';
import { connectionOptions, connectorFromFlags, type CliConnector } from '../connection';
import { formatCompatibility, formatDuration, formatPlan } from '../format';
import { EXIT, type CliIo } from '../io';
import { LiveView, PHASE_TITLES } from '../live-view';
import { imageOptions, requestFromFlags } from '../request';
import { withProbedSizes } from '../../asa/image-size';
import { hasLocalImage, withImageFacts, withSidecarHashes } from '../../asa/published-hash';
import { createLocalDelivery } from '../../asa/local-delivery';
import { serveAddressOf } from '../request';

/** How long the image servers may take to say how big the images are (unknown after that). */
const SIZE_PROBE_MS = 10_000;

/** Flags shared by upgrade and resume. */
export const jobOptions = {
  yes: { type: 'boolean' },
  journal: { type: 'string' },
  'poll-ms': { type: 'string' },
  'copy-timeout-minutes': { type: 'string' },
  'copy-no-progress-minutes': { type: 'string' },
  'reload-timeout-minutes': { type: 'string' },
  'failover-timeout-minutes': { type: 'string' },
} as const;

/** Flags of the pre/post checks and the change record, shared by upgrade and fleet. */
export const recordOptions = {
  report: { type: 'string' },
  events: { type: 'string' },
  'routes-tolerance-percent': { type: 'string' },
  'connections-tolerance-percent': { type: 'string' },
} as const;

function percentFlag(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0 || n > 1000) throw new InvalidInputError(`--${flag} must be a percentage from 0 to 1000, not "${text}".`);
  return n;
}

/** The regression tolerances as the flags set them (routes 10 %, connections 50 % by default). */
export function checkThresholds(values: { 'routes-tolerance-percent'?: string; 'connections-tolerance-percent'?: string }): CheckThresholds {
  return {
    routesPercent: percentFlag('routes-tolerance-percent', values['routes-tolerance-percent'], DEFAULT_CHECK_THRESHOLDS.routesPercent),
    connectionsPercent: percentFlag('connections-tolerance-percent', values['connections-tolerance-percent'], DEFAULT_CHECK_THRESHOLDS.connectionsPercent),
  };
}

/** The active address as typed, normalised: how reports and events name the pair. */
export function pairKeyOf(active: string | undefined): string {
  return formatEndpoint(parseEndpoint(active ?? '', 22));
}

/**
 * Where a job's journal lives when --journal is not given: one file per pair, named by both units' serial
 * numbers, in the user's state directory (shared by every process of the user), so a crashed or killed
 * upgrade can be resumed however the pair is addressed, without having planned for it.
 */
export function defaultJournalPath(pairKey: string, env: NodeJS.ProcessEnv): string {
  return join(journalDirectory(env), `${pairKey.replace(/[^A-Za-z0-9+._-]/g, '_')}.json`);
}

/** Refuses to start a new job over one that was cut off (its journal has no end): resuming is the only safe way on. */
export function interruptedJobMessage(previous: JournalRecord | undefined, journalPath: string): string | undefined {
  if (!previous || previous.outcome) return undefined;
  return (
    `An upgrade of ${previous.pairKey} to ${previous.toVersion ?? 'a new version'} was interrupted (journal ${journalPath}, last written ${new Date(previous.updatedAt).toISOString()}).\n` +
    `Continue it with: asa-upgrade resume --journal ${journalPath} CONNECTION\n` +
    `or, if you are sure it no longer applies, delete ${journalPath} and run the upgrade again. Nothing was changed.\n`
  );
}

/**
 * A job on this pair running now in another process (or window), as a refusal; undefined when there is none.
 * Without the mate's serial (it is reloading), a job holding any pair with the active unit in it is the one.
 */
export function runningJobMessage(status: PairStatus, env: NodeJS.ProcessEnv): string | undefined {
  const identity = status.identity;
  if (identity) {
    const holder = PairLock.runningJob(identity.key, lockDirectory(env));
    return holder ? `${busyMessage(describePair(identity), holder)} Nothing was changed.\n` : undefined;
  }
  const serial = status.units.find((u) => u.role === status.activeRole)?.serial;
  const holder = serial ? PairLock.runningJobOn(serial, lockDirectory(env)) : undefined;
  return holder ? `${busyMessage(`the pair of unit ${serial}`, holder)} Nothing was changed.\n` : undefined;
}

/** After a read of the pair failed: the running job on the active unit's pair, from its serial alone, if any. */
export async function runningJobAfterFailedRead(connector: CliConnector, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  try {
    const session = await connector.connect('active', { timeoutMs: 15_000 });
    const serial = (await session.showVersion({ timeoutMs: 15_000 })).serial;
    const holder = serial ? PairLock.runningJobOn(serial, lockDirectory(env)) : undefined;
    return holder ? `${busyMessage(`the pair of unit ${serial}`, holder)} Nothing was changed.\n` : undefined;
  } catch {
    return undefined;
  }
}

function minutes(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const m = Number(text);
  if (!Number.isFinite(m) || m <= 0 || m > 24 * 60) throw new InvalidInputError(`--${flag} must be a number of minutes from 0 to 1440, not "${text}".`);
  return m * 60_000;
}

/** The engine's waits as the flags set them; what is not given keeps the engine's defaults. */
export function waitOptions(values: {
  'poll-ms'?: string;
  'copy-timeout-minutes'?: string;
  'copy-no-progress-minutes'?: string;
  'reload-timeout-minutes'?: string;
  'failover-timeout-minutes'?: string;
}): Partial<UpgradeOptions> {
  const options: Partial<UpgradeOptions> = {};
  const text = values['poll-ms'];
  if (text !== undefined) {
    const ms = Number(text);
    if (!Number.isInteger(ms) || ms < 50 || ms > 60_000) throw new InvalidInputError(`--poll-ms must be a whole number of milliseconds from 50 to 60000, not "${text}".`);
    options.pollIntervalMs = ms;
  }
  const copy = minutes('copy-timeout-minutes', values['copy-timeout-minutes']);
  const stalled = minutes('copy-no-progress-minutes', values['copy-no-progress-minutes']);
  if (stalled !== undefined) options.copyNoProgressMs = stalled;
  const reload = minutes('reload-timeout-minutes', values['reload-timeout-minutes']);
  const failover = minutes('failover-timeout-minutes', values['failover-timeout-minutes']);
  if (copy !== undefined) options.copyTimeoutMs = copy;
  if (reload !== undefined) options.reloadTimeoutMs = reload;
  if (failover !== undefined) options.failoverTimeoutMs = failover;
  return options;
}

export async function upgradeCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { ...connectionOptions, ...imageOptions, ...jobOptions, ...recordOptions },
    strict: true,
  });
  // Local files are read (size, SHA-512) and published hashes found before anything connects to the pair.
  const request = await withImageFacts(requestFromFlags(values), { fetchSidecars: false });
  if (request.localDelivery === 'scp' && hasLocalImage(request) && !values.standby) {
    throw new InvalidInputError('--push scp needs --standby (the standby unit\'s own address): SCP cannot reach the standby through failover exec mate.');
  }
  const options = waitOptions(values);
  const events = eventsFormat(values.events);
  const thresholds = checkThresholds(values);
  const pairKey = pairKeyOf(values.active);
  const human = humanIo(io, events);
  // Output paths that cannot be used are refused before anything connects: a --journal that is not a regular
  // file or not a journal, a --report that is not a directory.
  if (values.report) checkReportDirectory(values.report);
  const journalPath = values.journal;
  if (journalPath !== undefined) {
    const journal = new FileJournal(journalPath);
    journal.check();
    const interrupted = interruptedJobMessage(journal.load(), journalPath);
    if (interrupted) {
      human.err.write(interrupted);
      return EXIT.refused;
    }
  }
  let recorder: PairReportRecorder | undefined;
  const verbose = values.verbose ? commandLogger(io.err) : undefined;
  const { connector, redactor } = connectorFromFlags(values, io.env, {
    onCommand: (r) => {
      verbose?.(r);
      recorder?.onCommand(r);
    },
  });
  if (connector.route && hasLocalImage(request) && request.localDelivery !== 'scp' && !values['serve-address']) {
    // Units behind jump hosts seldom reach the workstation back; say so before anything runs.
    human.err.write(`The units are reached ${connector.route}: they may not reach this workstation to fetch the local image over HTTP. Use --push scp to push it through the jump hosts, or --serve-address with an address they can reach.\n`);
  }
  const standby = values.standby ? formatEndpoint(parseEndpoint(values.standby, 22)) : undefined;
  if (values.report) recorder = new PairReportRecorder({ name: pairKey, active: pairKey, standby, route: pairRoute(hostname(), connector.route, pairKey, standby) }, redactor, publishedHashes(request));
  const jsonl = events ? new JsonlEvents(io.out) : undefined;
  const started = Date.now();
  let result: CheckedOutcome | undefined;
  let stoppedBy: string | undefined;
  try {
    const code = await planConfirmAndRun({
      connector,
      redactor,
      request,
      yes: values.yes === true,
      journalPath,
      defaultJournal: true,
      pairKey,
      options,
      io: human,
      env: io.env,
      thresholds,
      ...(values['serve-address'] ? { serveAddress: serveAddressOf(values['serve-address']) } : {}),
      onEvent: (e) => {
        recorder?.onEvent(e);
        jsonl?.engine(pairKey, e);
      },
      onChecks: (stage, c) => jsonl?.checks(pairKey, stage, c),
      onResult: (r) => {
        result = r;
        if (jsonl) jsonl.write(pairKey, 'result', { outcome: r.withRegressions ? 'upgraded-with-regressions' : r.outcome.outcome, message: r.outcome.message, regressions: r.checks.comparison?.regressions ?? [] });
      },
    });
    if (!result) stoppedBy = code === EXIT.refused ? 'The upgrade did not start: not confirmed, or refused before running (see the output).' : undefined;
    return code;
  } catch (e) {
    // A refusal before the run (a precondition, bad input) is part of the record too.
    stoppedBy = redactor.redact((e as Error).message);
    throw e;
  } finally {
    await connector.close();
    if (recorder && values.report) {
      const pair = recorder.finish(result, result ? undefined : { outcome: 'refused', message: stoppedBy ?? 'The upgrade did not start.' });
      const paths = writeReport(values.report, assembleReport({ kind: 'pair', pairs: [pair], startedAt: started, env: io.env }));
      human.out.write(`Report written: ${paths.json}, ${paths.markdown}, ${paths.html}\n`);
    }
  }
}

/** The upgrade as the CLI runs it; `demo` goes through here too, so the demo proves the real path. */
export async function planConfirmAndRun(args: {
  connector: CliConnector;
  redactor: Redactor;
  request: UpgradeRequest;
  yes: boolean;
  journalPath?: string;
  /** Without --journal, keep the journal in the user's state directory, named by the pair's serial numbers. */
  defaultJournal?: boolean;
  pairKey?: string;
  options?: Partial<UpgradeOptions>;
  io: CliIo;
  /** Where the user's state directory is found (default: io.env). */
  env?: NodeJS.ProcessEnv;
  onEvent?: (e: UpgradeEvent) => void;
  thresholds?: CheckThresholds;
  onChecks?: (stage: 'before' | 'after', checks: PairChecks) => void;
  onResult?: (r: CheckedOutcome) => void;
  /** --serve-address for local image files. */
  serveAddress?: { host: string; port?: number };
}): Promise<number> {
  const { connector, redactor, request, io } = args;
  const env = args.env ?? io.env;
  let status: PairStatus;
  try {
    status = await readPairStatus(connector);
  } catch (e) {
    // A pair being reloaded or switched over by another job may not answer a whole read: that job is named.
    const running = await runningJobAfterFailedRead(connector, env);
    if (running) {
      io.err.write(running);
      return EXIT.refused;
    }
    throw e;
  }
  // A job already running on this pair (however it is addressed there) is named before anything else.
  const running = runningJobMessage(status, env);
  if (running) {
    io.err.write(running);
    return EXIT.refused;
  }
  let journalPath = args.journalPath;
  if (journalPath === undefined && status.identity && args.defaultJournal === true) {
    journalPath = defaultJournalPath(status.identity.key, env);
    const journal = new FileJournal(journalPath);
    const interrupted = interruptedJobMessage(journal.load(), journalPath);
    if (interrupted) {
      io.err.write(interrupted);
      return EXIT.refused;
    }
  }
  const ctx = { hasStandbyAddress: connector.hasStandbyAddress };
  let plan;
  try {
    plan = buildPlan(status, request, asaDialect, ctx);
  } catch (e) {
    // Refused after only the read: every compatibility verdict, then the reasons (stderr, exit 2).
    if (e instanceof PreconditionError) {
      const checks = compatibilityOf(status, request, ctx);
      if (checks.some((c) => c.verdict === 'refuse')) io.out.write(`${redactor.redact(formatCompatibility(checks, request.skipCompatibilityCheck === true))}\n`);
    }
    throw e;
  }
  io.out.write(`${redactor.redact(formatPlan(plan))}\n\n`);
  if (!args.yes && !(await confirm('Run this upgrade now?', io))) {
    io.out.write('Not confirmed: nothing was changed. (Use --yes to run without asking.)\n');
    return EXIT.refused;
  }
  // Asked only once confirmed (nothing reaches the image server before); the sizes give the live view its
  // percentages and keep a partial file left on flash by an earlier copy from passing for the image.
  // Likewise the published SHA-512 beside an HTTP(S) image (IMAGE.sha512), when the server has one.
  const [sized, hashed] = await Promise.all([withProbedSizes(request, { timeoutMs: SIZE_PROBE_MS }), withSidecarHashes(request)]);
  if (hashed.asaSha512 !== request.asaSha512 || hashed.asdmSha512 !== request.asdmSha512) {
    for (const kind of ['asa', 'asdm'] as const) {
      const hash = kind === 'asa' ? hashed.asaSha512 : hashed.asdmSha512;
      if (hash && hash !== (kind === 'asa' ? request.asaSha512 : request.asdmSha512)) io.out.write(`Found the published SHA-512 of the ${kind.toUpperCase()} image beside it on the server; both units will be checked against ${hash}.\n`);
    }
  }
  return runWithLiveView({ ...args, journalPath, request: { ...sized, ...pickHashes(hashed) }, resume: false, owner: 'asa-upgrade upgrade' });
}

/** Runs (or resumes) the job with the live view, prints the outcome and timeline, and returns the exit code. */
export async function runWithLiveView(args: {
  connector: CliConnector;
  redactor: Redactor;
  request: UpgradeRequest;
  journalPath?: string;
  pairKey?: string;
  options?: Partial<UpgradeOptions>;
  resume: boolean;
  owner: string;
  io: CliIo;
  env?: NodeJS.ProcessEnv;
  onEvent?: (e: UpgradeEvent) => void;
  /** Pre/post checks around the upgrade (not on resume: the pair is no longer as it was before the first change). */
  thresholds?: CheckThresholds;
  onChecks?: (stage: 'before' | 'after', checks: PairChecks) => void;
  onResult?: (r: CheckedOutcome) => void;
  serveAddress?: { host: string; port?: number };
}): Promise<number> {
  const { connector, redactor, request, io } = args;
  const view = new LiveView(io.out);
  // Local image files are served (or pushed) only while the copies run; the runner closes this after them.
  const localImages = hasLocalImage(request)
    ? createLocalDelivery({
        mode: request.localDelivery ?? 'http',
        connector,
        ...(args.serveAddress ? { serveAddress: args.serveAddress } : {}),
        unitHost: (address) => (address === 'standby' ? connector.endpoints?.standby ?? connector.endpoints?.active : connector.endpoints?.active)?.host ?? '127.0.0.1',
      })
    : undefined;
  const controller = new AbortController();
  const onSigint = (): void => {
    io.err.write('\nCancelling at the next safe point (press Ctrl-C again to force quit)...\n');
    controller.abort();
    process.once('SIGINT', () => process.exit(130));
  };
  process.once('SIGINT', onSigint);
  const started = Date.now();
  let outcome: UpgradeOutcome;
  let checked: CheckedOutcome;
  try {
    const run = {
      connector,
      dialect: asaDialect,
      request,
      signal: controller.signal,
      journal: args.journalPath ? new FileJournal(args.journalPath) : undefined,
      resume: args.resume,
      redactor,
      options: args.options,
      ...(localImages ? { localImages } : {}),
      // One job per pair across every process of the user, keyed by the engine on the units' serial numbers.
      lock: { owner: args.owner, directory: lockDirectory(args.env ?? io.env), ...(args.pairKey ? { addresses: args.pairKey } : {}) },
      ...(args.pairKey ? { pairKey: args.pairKey } : {}),
      onEvent: (e: UpgradeEvent) => {
        view.onEvent(e);
        args.onEvent?.(e);
      },
    };
    checked = args.resume
      ? { outcome: await runUpgrade(run), checks: { notes: ['No checks on a resumed job: the pair was read before the first change by the run that was interrupted.'] }, withRegressions: false }
      : await runUpgradeWithChecks({ ...run, thresholds: args.thresholds, onChecks: args.onChecks });
    outcome = checked.outcome;
  } finally {
    view.stop();
    process.removeListener('SIGINT', onSigint);
    await localImages?.close();
  }

  args.onResult?.(checked);
  io.out.write(`\n${redactor.redact(outcome.message)}\n`);
  if (checked.withRegressions) {
    io.out.write(`Upgraded with regressions (checks before and after):\n${(checked.checks.comparison?.regressions ?? []).map((r) => `  - ${redactor.redact(r)}\n`).join('')}`);
  }
  if (outcome.pair) {
    for (const u of outcome.pair.units) io.out.write(`  ${u.role}: ${u.state}, ${u.version}${u.isActive ? ' (active)' : ''}\n`);
    if (outcome.pair.nextSafeAction) io.out.write(`Next safe action: ${redactor.redact(outcome.pair.nextSafeAction)}\n`);
  }
  if (args.journalPath && outcome.outcome !== 'upgraded' && outcome.outcome !== 'downloaded' && outcome.outcome !== 'refused') {
    io.out.write(`The job is recorded in ${args.journalPath}; continue it with: asa-upgrade resume --journal ${args.journalPath} CONNECTION\n`);
  }
  io.out.write(`Timeline (total ${formatDuration(Date.now() - started)}):\n`);
  for (const t of view.timeline.filter((t) => t.status !== 'running')) {
    const start = view.timeline.find((s) => s.phase === t.phase && s.status === 'running');
    io.out.write(`  ${PHASE_TITLES[t.phase].padEnd(34)} ${t.status.padEnd(8)} ${start ? formatDuration(t.at - start.at) : ''}\n`);
  }
  if (checked.withRegressions) return EXIT.regressions;
  switch (outcome.outcome) {
    case 'upgraded':
    case 'downloaded':
      return EXIT.ok;
    case 'refused':
      return EXIT.refused;
    default:
      return EXIT.failed;
  }
}

function pickHashes(r: UpgradeRequest): Partial<UpgradeRequest> {
  return Object.fromEntries(Object.entries(r).filter(([k, v]) => /Sha512/.test(k) && v !== undefined));
}
