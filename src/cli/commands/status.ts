import { parseArgs } from 'node:util';
import { readPairStatus } from '../../core/status';
import { connectionOptions, connectorFromFlags } from '../connection';
import { formatStatus, statusJson } from '../format';
import { EXIT, type CliIo } from '../io';
import { commandLogger } from '../command-log';

export async function statusCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { ...connectionOptions, json: { type: 'boolean' } }, strict: true });
  const { connector } = connectorFromFlags(values, io.env, { onCommand: values.verbose ? commandLogger(io.err) : undefined });
  try {
    const status = await readPairStatus(connector);
    const route = connector.route;
    io.out.write(values.json ? `${JSON.stringify({ ...statusJson(status), ...(route ? { route } : {}) })}\n` : `${formatStatus(status)}\n${route ? `Reached ${route}\n` : ''}`);
    return EXIT.ok;
  } finally {
    await connector.close();
  }
}
