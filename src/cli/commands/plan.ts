import { parseArgs } from 'node:util';
import { asaDialect } from '../../asa/commands';
import { buildPlan } from '../../core/plan';
import { readPairStatus } from '../../core/status';
import { connectionOptions, connectorFromFlags } from '../connection';
import { formatPlan } from '../format';
import { EXIT, type CliIo } from '../io';
import { commandLogger } from '../command-log';
import { imageOptions, requestFromFlags } from '../request';
import { withImageFacts } from '../../asa/published-hash';

export async function planCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { ...connectionOptions, ...imageOptions, json: { type: 'boolean' } }, strict: true });
  const request = await withImageFacts(requestFromFlags(values), { fetchSidecars: false });
  const { connector, redactor } = connectorFromFlags(values, io.env, { onCommand: values.verbose ? commandLogger(io.err) : undefined });
  try {
    const status = await readPairStatus(connector);
    const plan = buildPlan(status, request, asaDialect, { hasStandbyAddress: connector.hasStandbyAddress });
    io.out.write(redactor.redact(values.json ? JSON.stringify(plan, null, 2) : formatPlan(plan)) + '\n');
    return EXIT.ok;
  } finally {
    await connector.close();
  }
}
