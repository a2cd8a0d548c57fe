import { parseArgs } from 'node:util';
import { asaDialect } from '../../asa/commands';
import type { UpgradeEvent, UpgradeOutcome, UpgradeRequest } from '../../core/model';
import { buildPlan } from '../../core/plan';
import { readPairStatus } from '../../core/status';
import { runUpgrade } from '../../core/upgrade';
import { FileJournal } from '../../core/journal';
import type { Redactor } from '../../core/redact';
import { commandLogger } from '../command-log';
import { confirm } from '../confirm';
import { connectionOptions, connectorFromFlags, type CliConnector } from '../connection';
import { formatDuration, formatPlan } from '../format';
import { EXIT, type CliIo } from '../io';
import { LiveView, PHASE_TITLES } from '../live-view';
import { imageOptions, requestFromFlags } from '../request';

export async function upgradeCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { ...connectionOptions, ...imageOptions, yes: { type: 'boolean' }, journal: { type: 'string' } },
    strict: true,
  });
  const request = requestFromFlags(values);
  const { connector, redactor } = connectorFromFlags(values, io.env, { onCommand: values.verbose ? commandLogger(io.err) : undefined });
  try {
    return await planConfirmAndRun({ connector, redactor, request, yes: values.yes === true, journalPath: values.journal, io });
  } finally {
    await connector.close();
  }
}

/** The upgrade as the CLI runs it; `demo` goes through here too, so the demo proves the real path. */
export async function planConfirmAndRun(args: {
  connector: CliConnector;
  redactor: Redactor;
  request: UpgradeRequest;
  yes: boolean;
  journalPath?: string;
  io: CliIo;
  onEvent?: (e: UpgradeEvent) => void;
}): Promise<number> {
  const { connector, redactor, request, io } = args;
  const status = await readPairStatus(connector);
  const plan = buildPlan(status, request, asaDialect, { hasStandbyAddress: connector.hasStandbyAddress });
  io.out.write(`${redactor.redact(formatPlan(plan))}\n\n`);
  if (!args.yes && !(await confirm('Run this upgrade now?', io))) {
    io.out.write('Not confirmed: nothing was changed. (Use --yes to run without asking.)\n');
    return EXIT.refused;
  }

  const view = new LiveView(io.out);
  const controller = new AbortController();
  const onSigint = (): void => {
    io.err.write('\nCancelling at the next safe point (press Ctrl-C again to force quit)...\n');
    controller.abort();
    process.once('SIGINT', () => process.exit(130));
  };
  process.once('SIGINT', onSigint);
  const started = Date.now();
  let outcome: UpgradeOutcome;
  try {
    outcome = await runUpgrade({
      connector,
      dialect: asaDialect,
      request,
      signal: controller.signal,
      journal: args.journalPath ? new FileJournal(args.journalPath) : undefined,
      onEvent: (e) => {
        view.onEvent(e);
        args.onEvent?.(e);
      },
    });
  } finally {
    view.stop();
    process.removeListener('SIGINT', onSigint);
  }

  io.out.write(`\n${redactor.redact(outcome.message)}\n`);
  if (outcome.pair) {
    for (const u of outcome.pair.units) io.out.write(`  ${u.role}: ${u.state}, ${u.version}${u.isActive ? ' (active)' : ''}\n`);
    if (outcome.pair.nextSafeAction) io.out.write(`Next safe action: ${redactor.redact(outcome.pair.nextSafeAction)}\n`);
  }
  io.out.write(`Timeline (total ${formatDuration(Date.now() - started)}):\n`);
  for (const t of view.timeline.filter((t) => t.status !== 'running')) {
    const start = view.timeline.find((s) => s.phase === t.phase && s.status === 'running');
    io.out.write(`  ${PHASE_TITLES[t.phase].padEnd(34)} ${t.status.padEnd(8)} ${start ? formatDuration(t.at - start.at) : ''}\n`);
  }
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
