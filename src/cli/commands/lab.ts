import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { labPlatform, parseFaultSpec, startLab, type LabPair, type LabPlatform } from '../../lab';
import { EXIT, type CliIo } from '../io';
import { startLabImageServer } from '../../lab/lab-images';
import { randomBytes } from 'node:crypto';

/** Most pairs one `lab` process runs (each pair is two SSH servers; more is a load test, not a lab). */
const MAX_PAIRS = 200;

export async function labCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      platform: { type: 'string', default: 'asav' },
      'reload-seconds': { type: 'string', default: '10' },
      'copy-rate': { type: 'string' },
      json: { type: 'boolean' },
      fault: { type: 'string', multiple: true },
      pairs: { type: 'string', default: '1' },
      'terminal-monitor': { type: 'boolean' },
    },
    strict: true,
  });
  const reloadSeconds = Number(values['reload-seconds']);
  if (!Number.isFinite(reloadSeconds) || reloadSeconds <= 0) {
    io.err.write(`--reload-seconds must be a positive number of seconds, not "${values['reload-seconds']}".\n`);
    return EXIT.refused;
  }
  const count = Number(values.pairs);
  if (!Number.isInteger(count) || count < 1 || count > MAX_PAIRS) {
    io.err.write(`--pairs must be a whole number from 1 to ${MAX_PAIRS}, not "${values.pairs}".\n`);
    return EXIT.refused;
  }
  let platform: LabPlatform;
  try {
    platform = labPlatform(values.platform!);
  } catch (err) {
    io.err.write(`--platform: ${(err as Error).message}\n`);
    return EXIT.refused;
  }
  // --copy-rate KB/s: how fast a unit writes a copied image to flash (unthrottled when absent), so a rehearsal
  // can show progress moving as it would on a real unit.
  const copyRate = values['copy-rate'] === undefined ? undefined : Number(values['copy-rate']);
  if (copyRate !== undefined && (!Number.isFinite(copyRate) || copyRate <= 0)) {
    io.err.write(`--copy-rate must be a positive number of kilobytes per second (e.g. 1024 for about 1 MB/s), not "${values['copy-rate']}".\n`);
    return EXIT.refused;
  }
  const faults = (values.fault ?? []).map(parseFaultSpec);

  // One user and one pair of passwords for every pair, as a fleet usually has: one environment serves them all.
  const shared = { password: randomBytes(12).toString('base64url'), enablePassword: randomBytes(12).toString('base64url') };
  const labs: LabPair[] = [];
  try {
    for (let i = 1; i <= count; i++) {
      // Every pair draws serial numbers of its own (random per lab instance), so pairs of two lab processes never collide.
      labs.push(await startLab({ reloadSeconds, platform, copyBytesPerSecond: copyRate === undefined ? undefined : copyRate * 1024, terminalMonitor: values['terminal-monitor'] === true, ...shared, ...(count > 1 ? { hostname: `asa-lab${i}` } : {}) }));
    }
  } catch (e) {
    await Promise.all(labs.map((l) => l.stop()));
    throw e;
  }
  // Faults apply to the first pair: a fleet rehearsal needs one pair that misbehaves, not all of them.
  for (const f of faults) labs[0].faults.inject(f);
  const images = await startLabImageServer(undefined, platform);
  const dir = mkdtempSync(join(tmpdir(), 'asa-lab-'));
  const knownHosts = join(dir, 'known_hosts');
  writeFileSync(knownHosts, labs.map((l) => l.knownHostsLines()).join(''));

  const { username, password, enablePassword } = labs[0].credentials;
  const describe = (lab: LabPair, i: number) => ({
    ...(count > 1 ? { name: `lab${i + 1}` } : {}),
    platform: platform.name,
    model: platform.model,
    active: `${lab.activeEndpoint.host}:${lab.activeEndpoint.port}`,
    standby: `${lab.standbyEndpoint.host}:${lab.standbyEndpoint.port}`,
    username,
    password,
    enablePassword,
    knownHosts,
    hostKeyFingerprint: lab.hostKeyFingerprint,
    images: { asa: images.asaUrl, asdm: images.asdmUrl },
  });
  if (values.json) {
    const all = labs.map(describe);
    io.out.write(`${JSON.stringify(count > 1 ? all : all[0])}\n`);
  } else {
    const first = describe(labs[0], 0);
    const lines =
      count === 1
        ? [
            `ASA lab pair (${platform.title}, ${platform.model}) running on 127.0.0.1 (a reload takes ${reloadSeconds} s${copyRate ? `, copies run at ${copyRate} KB/s` : ''}). Press Ctrl-C to stop.`,
            `  active address:   ${first.active}`,
            `  standby address:  ${first.standby}`,
          ]
        : [
            `${count} ASA lab pairs (${platform.title}, ${platform.model}) running on 127.0.0.1 (a reload takes ${reloadSeconds} s). Press Ctrl-C to stop.`,
            ...labs.map((l, i) => {
              const d = describe(l, i);
              return `  ${d.name!.padEnd(6)} active ${d.active}  standby ${d.standby}  serials ${l.units.primary.serial}/${l.units.secondary.serial}`;
            }),
          ];
    io.out.write(
      [
        ...lines,
        `  username:         ${username}`,
        `  password:         ${password}`,
        `  enable password:  ${enablePassword}`,
        `  host key:         ${labs.length === 1 ? first.hostKeyFingerprint : 'one per pair'}  (written to ${knownHosts})`,
        `  new images:       ${images.asaUrl}`,
        `                    ${images.asdmUrl}`,
        ...(faults.length ? [`  faults:           ${values.fault!.join(', ')}${count > 1 ? ' (on lab1)' : ''}`] : []),
        '',
        'Try, in another terminal:',
        `  export ASA_PASSWORD='${password}' ASA_ENABLE_PASSWORD='${enablePassword}'`,
        `  asa-upgrade status --active ${first.active} --standby ${first.standby} --username ${username} --known-hosts ${knownHosts}`,
        `  asa-upgrade upgrade --active ${first.active} --standby ${first.standby} --username ${username} --known-hosts ${knownHosts} \\`,
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
  await Promise.all([...labs.map((l) => l.stop()), images.server.stop()]);
  rmSync(dir, { recursive: true, force: true });
  return EXIT.ok;
}
