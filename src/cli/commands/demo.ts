import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startLab } from '../../lab';
import { connectorFromFlags } from '../connection';
import { EXIT, type CliIo } from '../io';
import { startLabImageServer } from '../../lab/lab-images';
import { planConfirmAndRun } from './upgrade';

/** `npm run demo`: a lab pair, an image server, and a complete upgrade through the CLI's own code path. */
export async function demoCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { 'reload-seconds': { type: 'string', default: '3' } }, strict: true });
  const reloadSeconds = Number(values['reload-seconds']);
  // NaN would reach the lab's timers as 0 and make every reload instant: refuse it as `lab` does.
  if (!Number.isFinite(reloadSeconds) || reloadSeconds <= 0) {
    io.err.write(`--reload-seconds must be a positive number of seconds, not "${values['reload-seconds']}".\n`);
    return EXIT.refused;
  }
  const lab = await startLab({ reloadSeconds });
  const images = await startLabImageServer();
  const dir = mkdtempSync(join(tmpdir(), 'asa-demo-'));
  const knownHosts = join(dir, 'known_hosts');
  writeFileSync(knownHosts, lab.knownHostsLines());
  io.out.write(`Lab pair on ${lab.activeEndpoint.host}:${lab.activeEndpoint.port} (active) and :${lab.standbyEndpoint.port} (standby); images on ${new URL(images.asaUrl).host}\n\n`);
  const { connector, redactor } = connectorFromFlags(
    {
      active: `${lab.activeEndpoint.host}:${lab.activeEndpoint.port}`,
      standby: `${lab.standbyEndpoint.host}:${lab.standbyEndpoint.port}`,
      username: lab.credentials.username,
      'known-hosts': knownHosts,
    },
    { ASA_PASSWORD: lab.credentials.password, ASA_ENABLE_PASSWORD: lab.credentials.enablePassword },
  );
  try {
    return await planConfirmAndRun({ connector, redactor, request: { asa: images.asaUrl, asdm: images.asdmUrl }, yes: true, io });
  } catch (e) {
    io.err.write(`demo failed: ${(e as Error).message}\n`);
    return EXIT.failed;
  } finally {
    await connector.close();
    await Promise.all([lab.stop(), images.server.stop()]);
    rmSync(dir, { recursive: true, force: true });
  }
}
