import { parseArgs } from 'node:util';
import { asaDialect } from '../../asa/commands';
import { PreconditionError } from '../../core/errors';
import { buildPlan } from '../../core/plan';
import { compatibilityOf } from '../../core/preconditions';
import { readPairStatus } from '../../core/status';
import { connectionOptions, connectorFromFlags } from '../connection';
import { formatCompatibility, formatPlan } from '../format';
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
    const ctx = { hasStandbyAddress: connector.hasStandbyAddress };
    let plan;
    try {
      plan = buildPlan(status, request, asaDialect, ctx);
    } catch (e) {
      // A refusal still shows every compatibility check with its verdict; the reasons follow on stderr (exit 2).
      if (e instanceof PreconditionError) {
        const checks = compatibilityOf(status, request, ctx);
        if (!checks.some((c) => c.verdict === 'refuse')) throw e;
        if (values.json) io.out.write(`${JSON.stringify({ refused: true, compatibility: checks }, null, 2)}\n`);
        else io.out.write(`${redactor.redact(formatCompatibility(checks, request.skipCompatibilityCheck === true))}\n`);
      }
      throw e;
    }
    io.out.write(redactor.redact(values.json ? JSON.stringify(plan, null, 2) : formatPlan(plan)) + '\n');
    return EXIT.ok;
  } finally {
    await connector.close();
  }
}
