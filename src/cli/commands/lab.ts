import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseFaultSpec, startLab } from '../../lab';
import { EXIT, type CliIo } from '../io';
import { startLabImageServer } from '../../lab/lab-images';

export async function labCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'reload-seconds': { type: 'string', default: '10' },
      json: { type: 'boolean' },
      fault: { type: 'string', multiple: true },
    },
    strict: true,
  });
  const reloadSeconds = Number(values['reload-seconds']);
  if (!Number.isFinite(reloadSeconds) || reloadSeconds <= 0) {
    io.err.write(`--reload-seconds must be a positive number of seconds, not "${values['reload-seconds']}".\n`);
    return EXIT.refused;
  }
  const faults = (values.fault ?? []).map(parseFaultSpec);

  const lab = await startLab({ reloadSeconds });
  for (const f of faults) lab.faults.inject(f);
  const images = await startLabImageServer();
  const dir = mkdtempSync(join(tmpdir(), 'asa-lab-'));
  const knownHosts = join(dir, 'known_hosts');
  writeFileSync(knownHosts, lab.knownHostsLines());

  const active = `${lab.activeEndpoint.host}:${lab.activeEndpoint.port}`;
  const standby = `${lab.standbyEndpoint.host}:${lab.standbyEndpoint.port}`;
  const { username, password, enablePassword } = lab.credentials;
  if (values.json) {
    io.out.write(
      `${JSON.stringify({ active, standby, username, password, enablePassword, knownHosts, hostKeyFingerprint: lab.hostKeyFingerprint, images: { asa: images.asaUrl, asdm: images.asdmUrl } })}\n`,
    );
  } else {
    io.out.write(
      [
        `ASA lab pair running on 127.0.0.1 (a reload takes ${reloadSeconds} s). Press Ctrl-C to stop.`,
        `  active address:   ${active}`,
        `  standby address:  ${standby}`,
        `  username:         ${username}`,
        `  password:         ${password}`,
        `  enable password:  ${enablePassword}`,
        `  host key:         ${lab.hostKeyFingerprint}  (written to ${knownHosts})`,
        `  new images:       ${images.asaUrl}`,
        `                    ${images.asdmUrl}`,
        ...(faults.length ? [`  faults:           ${values.fault!.join(', ')}`] : []),
        '',
        'Try, in another terminal:',
        `  export ASA_PASSWORD='${password}' ASA_ENABLE_PASSWORD='${enablePassword}'`,
        `  asa-upgrade status --active ${active} --standby ${standby} --username ${username} --known-hosts ${knownHosts}`,
        `  asa-upgrade upgrade --active ${active} --standby ${standby} --username ${username} --known-hosts ${knownHosts} \\`,
        `      --asa ${images.asaUrl} --asdm ${images.asdmUrl}`,
        '',
      ].join('\n'),
    );
  }

  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await Promise.all([lab.stop(), images.server.stop()]);
  rmSync(dir, { recursive: true, force: true });
  return EXIT.ok;
}
