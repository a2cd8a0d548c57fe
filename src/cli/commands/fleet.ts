// `asa-upgrade fleet`: many pairs from an Ansible YAML inventory, on the same engine as `upgrade`. Every
// pair is planned before any starts; canaries go first and alone, then K at a time; a failure or regression
// stops the fleet (unless --continue-on-failure); each pair keeps its own journal and lock, and the fleet's
// own record lets `fleet --resume` continue a stopped fleet.

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { asaDialect } from '../../asa/commands';
import { formatEndpoint, parseEndpoint } from '../../asa';
import { InvalidInputError } from '../../core/errors';
import { parseImageLocation } from '../../core/image-location';
import type { PairStatus, UpgradeRequest } from '../../core/model';
import type { CommandRecord } from '../../core/ports';
import { Redactor } from '../../core/redact';
import { limitHosts, parseInventory } from '../../core/fleet/inventory';
import { pairsFromInventory, type FleetPair } from '../../core/fleet/pairs';
import { fleetPlanProblems, planFleet } from '../../core/fleet/plan';
import { fleetEnd, runFleet } from '../../core/fleet/run';
import { defaultFleetStatePath, loadFleetState, pairDone, type FleetState } from '../../core/fleet/state';
import { assembleReport, writeReport } from '../../core/report/write';
import { PairReportRecorder } from '../../core/report/collect';
import { PHASE_TITLES } from '../../core/text';
import { withProbedSizes } from '../../asa/image-size';
import { lockDirectory } from '../../core/state-dir';
import { confirm } from '../confirm';
import { connectorFromFlags, type CliConnector } from '../connection';
import { eventsFormat, humanIo, JsonlEvents } from '../events';
import { EXIT, type CliIo } from '../io';
import { formatFleetPlan } from '../fleet-format';
import { checkThresholds, defaultJournalPath, jobOptions, pairKeyOf, recordOptions, runningJobMessage, waitOptions } from './upgrade';
import { hostname } from 'node:os';

const SIZE_PROBE_MS = 10_000;

export const fleetOptions = {
  inventory: { type: 'string' },
  limit: { type: 'string' },
  asa: { type: 'string' },
  asdm: { type: 'string' },
  'download-only': { type: 'boolean' },
  concurrency: { type: 'string' },
  canary: { type: 'string' },
  'continue-on-failure': { type: 'boolean' },
  plan: { type: 'boolean' },
  resume: { type: 'boolean' },
  state: { type: 'string' },
  'known-hosts': { type: 'string' },
  'accept-new-host-keys': { type: 'boolean' },
  'legacy-algorithms': { type: 'boolean' },
  verbose: { type: 'boolean' },
  ...recordOptions,
  ...jobOptions,
} as const;

function count(flag: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > 1000) throw new InvalidInputError(`--${flag} must be a whole number from ${min} to 1000, not "${text}".`);
  return n;
}

function requestOf(pair: FleetPair, flags: { asa?: string; asdm?: string; 'download-only'?: boolean }): UpgradeRequest {
  const asa = flags.asa ?? pair.asaImage;
  if (!asa) throw new InvalidInputError(`Host "${pair.name}" has no asa_image and --asa was not given: set asa_image in the inventory (host, group or all vars) or pass --asa.`);
  const asdm = flags.asdm ?? pair.asdmImage;
  try {
    parseImageLocation(asa);
    if (asdm) parseImageLocation(asdm);
  } catch (e) {
    throw new InvalidInputError(`Host "${pair.name}": ${(e as Error).message}`);
  }
  return { asa, ...(asdm ? { asdm } : {}), downloadOnly: flags['download-only'] === true };
}

export async function fleetCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: fleetOptions, strict: true });
  const events = eventsFormat(values.events);
  const human = humanIo(io, events);
  const jsonl = events ? new JsonlEvents(io.out) : undefined;
  if (!values.inventory) throw new InvalidInputError('--inventory FILE is required: an Ansible YAML inventory whose hosts are pairs (see asa-upgrade --help).');
  if (!values['known-hosts']) throw new InvalidInputError('--known-hosts is required (see asa-upgrade --help).');
  const settings = {
    concurrency: count('concurrency', values.concurrency, 1, 1),
    canary: count('canary', values.canary, 1, 0),
    continueOnFailure: values['continue-on-failure'] === true,
  };
  const options = waitOptions(values);
  const thresholds = checkThresholds(values);
  if (values.asa) parseImageLocation(values.asa);
  if (values.asdm) parseImageLocation(values.asdm);
  let text: string;
  try {
    text = readFileSync(values.inventory, 'utf8');
  } catch (e) {
    throw new InvalidInputError(`Cannot read the inventory ${values.inventory}: ${(e as Error).message}.`);
  }
  let hosts = parseInventory(text, `The inventory ${values.inventory}`);
  if (values.limit !== undefined) hosts = limitHosts(hosts, values.limit);
  const pairs = pairsFromInventory(hosts);
  const requests = new Map(pairs.map((p) => [p.name, requestOf(p, values)]));

  // Every password must be there before anything connects: a fleet never stops half-way to ask.
  const missing = [...new Set(pairs.flatMap((p) => [p.passwordEnv, p.enablePasswordEnv]))].filter((v) => !io.env[v]);
  if (missing.length) {
    throw new InvalidInputError(`Set ${missing.join(', ')} in the environment (the inventory names ${missing.length === 1 ? 'it' : 'them'} through asa_password_env / asa_enable_password_env, default ASA_PASSWORD and ASA_ENABLE_PASSWORD). Nothing was done.`);
  }
  const redactor = new Redactor();
  for (const p of pairs) for (const v of [p.passwordEnv, p.enablePasswordEnv]) redactor.add(io.env[v]);

  const statePath = values.state ?? defaultFleetStatePath(io.env, values.inventory, values.limit);
  const previous = values.resume ? loadFleetState(statePath) : undefined;
  if (values.resume && !previous) throw new InvalidInputError(`No fleet run to resume for this inventory and --limit (looked for ${statePath}). Start it without --resume.`);

  const connectors: CliConnector[] = [];
  const connectorOf = (p: FleetPair, onCommand?: (r: CommandRecord) => void): CliConnector => {
    const env = { ...io.env, ASA_PASSWORD: io.env[p.passwordEnv], ASA_ENABLE_PASSWORD: io.env[p.enablePasswordEnv] };
    const c = connectorFromFlags(
      { active: p.active, standby: p.standby, username: p.username, 'known-hosts': values['known-hosts'], 'accept-new-host-keys': values['accept-new-host-keys'], 'legacy-algorithms': values['legacy-algorithms'] },
      env,
      {
        onCommand: (r) => {
          onCommand?.(r);
          if (values.verbose) human.err.write(`[${p.name}] ${r.address}${r.via === 'mate' ? '/mate' : ''}# ${r.command}\n`);
        },
      },
    ).connector;
    connectors.push(c);
    return c;
  };
  // The pair's journal as single-pair upgrade and resume name it: after both units' serial numbers.
  const journalOf = (p: FleetPair, status: PairStatus): string => defaultJournalPath(status.identity?.key ?? pairKeyOf(p.active), io.env);

  const started = Date.now();
  // The image sizes first (the servers only, no unit): the plan of every pair then checks its flash space.
  const sized = new Map<string, Promise<UpgradeRequest>>();
  const probed = async (request: UpgradeRequest): Promise<UpgradeRequest> => {
    const key = JSON.stringify(request);
    if (!sized.has(key)) sized.set(key, withProbedSizes(request, { timeoutMs: SIZE_PROBE_MS }));
    return sized.get(key)!;
  };
  for (const p of pairs) requests.set(p.name, await probed(requests.get(p.name)!));
  try {
    const entries = await planFleet({
      entries: pairs.map((pair) => {
        const earlier = previous?.pairs[pair.name];
        return { pair, request: requests.get(pair.name)!, ...(pairDone(earlier) ? { done: earlier!.status } : {}) };
      }),
      connectorOf,
      dialect: asaDialect,
      concurrency: Math.max(4, settings.concurrency),
      journalOf,
      busy: (status) => runningJobMessage(status, io.env)?.trim(),
      redact: (s) => redactor.redact(s),
      timeoutMs: options.commandTimeoutMs,
      credentialKeyOf: (p) => `${p.username}\n${p.passwordEnv}\n${p.enablePasswordEnv}`,
    });
    human.out.write(formatFleetPlan(entries, settings, (s) => redactor.redact(s)));
    jsonl?.write(undefined, 'fleet-plan', {
      pairs: entries.map((e) => ({ pair: e.pair.name, active: e.pair.active, fromVersion: e.plan?.fromVersion, toVersion: e.plan?.toVersion, resume: e.resume, ...(e.done ? { done: e.done } : {}), ...(e.problem ? { problem: e.problem } : {}) })),
      ...settings,
    });
    if (fleetPlanProblems(entries).length) {
      // The refusal is a record too: which pairs could not be upgraded and why; the others were held back.
      if (values.report && !values.plan) {
        const pairsReport = entries.map((e) =>
          new PairReportRecorder({ name: e.pair.name, active: formatEndpoint(parseEndpoint(e.pair.active, 22)) }, redactor).finish(undefined, {
            outcome: e.problem ? 'refused' : e.done ? 'already-done' : 'not-started',
            message: e.problem ?? (e.done ? `Nothing to do (${e.doneNote ?? e.done}).` : 'Held back: another pair of the fleet cannot be upgraded, so no pair started.'),
          }),
        );
        const paths = writeReport(values.report, assembleReport({ kind: 'fleet', pairs: pairsReport, startedAt: started, env: io.env, rollout: { ...settings, stoppedBecause: 'the fleet plan refused: nothing was changed' } }));
        human.out.write(`Report written: ${paths.json}, ${paths.markdown}, ${paths.html}\n`);
      }
      return EXIT.refused;
    }
    if (values.plan) return EXIT.ok;
    const todo = entries.filter((e) => !e.done);
    if (todo.length === 0) {
      human.out.write('Every pair of this fleet is already done; nothing to do.\n');
      return EXIT.ok;
    }
    if (values.yes !== true && !(await confirm(`Run this fleet upgrade now (${todo.length} pair(s))?`, human))) {
      human.out.write('Not confirmed: nothing was changed. (Use --yes to run without asking.)\n');
      return EXIT.refused;
    }

    const state: FleetState = previous ?? { format: 1, inventory: values.inventory, ...(values.limit ? { limit: values.limit } : {}), startedAt: started, updatedAt: started, pairs: {} };
    // The connectors of the plan are done; each pair opens its own when it starts.
    await Promise.all(connectors.splice(0).map((c) => c.close().catch(() => undefined)));
    const controller = new AbortController();
    const onSigint = (): void => {
      human.err.write('\nStopping the fleet: no new pair starts, running pairs stop at their next safe point (Ctrl-C again to force quit)...\n');
      controller.abort();
      process.once('SIGINT', () => process.exit(130));
    };
    process.once('SIGINT', onSigint);
    let run;
    try {
      run = await runFleet({
        entries,
        settings,
        connectorOf,
        lockKeyOf: (p) => pairKeyOf(p.active),
        owner: 'asa-upgrade fleet',
        lockDirectory: lockDirectory(io.env),
        state,
        statePath,
        dialect: asaDialect,
        redactor,
        thresholds,
        options,
        signal: controller.signal,
        workstation: hostname(),
        addressOf: (a) => formatEndpoint(parseEndpoint(a, 22)),
        onPairStart: (name, role, e) => {
          human.out.write(`[${name}] starting${role === 'canary' ? ' (canary)' : ''}: ${e.plan!.fromVersion} -> ${e.plan!.toVersion}${e.resume ? ', resuming its journal' : ''}\n`);
          jsonl?.write(name, 'pair-start', { role, resume: e.resume });
        },
        onEvent: (name, ev) => {
          jsonl?.engine(name, ev);
          if (ev.type === 'phase' && ev.status !== 'pending') human.out.write(`[${name}] ${PHASE_TITLES[ev.phase]}: ${ev.status}\n`);
          if (ev.type === 'log' && (ev.level === 'warn' || ev.level === 'error')) human.out.write(`[${name}] ${ev.message}\n`);
        },
        onChecks: (name, stage, c) => jsonl?.checks(name, stage, c),
        onPairEnd: (name, end, checked) => {
          const regressions = checked.checks.comparison?.regressions ?? [];
          human.out.write(`[${name}] ${end === 'upgraded-with-regressions' ? `UPGRADED WITH REGRESSIONS: ${regressions.join('; ')}` : `${end}: ${checked.outcome.message}`}\n`);
          jsonl?.write(name, 'result', { outcome: end, message: checked.outcome.message, regressions });
        },
        onStop: (reason) => {
          human.out.write(`Fleet stopping: ${reason}. No new pair starts; running pairs stop at their next safe point.\n`);
          jsonl?.write(undefined, 'fleet-stopping', { reason });
        },
      });
    } finally {
      process.removeListener('SIGINT', onSigint);
    }

    const summary = new Map<string, number>();
    for (const s of Object.values(run.ends)) summary.set(s, (summary.get(s) ?? 0) + 1);
    human.out.write(`\nFleet ${run.stoppedBecause ? 'stopped' : 'finished'}: ${[...summary].map(([k, n]) => `${n} ${k}`).join(', ')}.\n`);
    if (run.notStarted.length) human.out.write(`Not started: ${run.notStarted.join(', ')}.\n`);
    const end = fleetEnd(run.ends);
    if (end === 'failed') {
      human.out.write(`Continue the fleet once the cause is fixed: asa-upgrade fleet --resume --inventory ${values.inventory}${values.limit ? ` --limit '${values.limit}'` : ''} ... (same flags)\n`);
    }
    jsonl?.write(undefined, 'fleet-finished', { stoppedBecause: run.stoppedBecause, notStarted: run.notStarted, pairs: run.ends });

    if (values.report) {
      const paths = writeReport(
        values.report,
        assembleReport({ kind: 'fleet', pairs: run.reports, startedAt: started, env: io.env, rollout: { ...settings, ...(run.stoppedBecause ? { stoppedBecause: run.stoppedBecause } : {}) } }),
      );
      human.out.write(`Report written: ${paths.json}, ${paths.markdown}, ${paths.html}\n`);
    }
    return end === 'ok' ? EXIT.ok : end === 'regressions' ? EXIT.regressions : EXIT.failed;
  } finally {
    await Promise.all(connectors.map((c) => c.close().catch(() => undefined)));
  }
}
