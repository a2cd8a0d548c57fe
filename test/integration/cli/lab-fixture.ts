// A lab pair started in the test process (so the test can read the lab's own history of what was done to it),
// the user's own HTTP image server (node:http, not the lab's), and the CLI flags a user would type for both.

import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { makeImageBytes, startLab, type LabOptions, type LabPair } from '../../../src/lab';
import { connectionArgs, scratchDir } from '../../support/cli-run';

export const NEW_ASA = 'asa9-20-2-smp-k8.bin';
export const NEW_ASDM = 'asdm-7201.bin';
export const OLD_VERSION = '9.18(4)22';
export const NEW_VERSION = '9.20(2)';

/** A plain HTTP server on 127.0.0.1 serving image bytes by file name; anything else is a 404. */
export interface ImageServer {
  port: number;
  url(file: string): string;
  /** Every request, in order: path, the status answered and the method (HEAD only asks for the size). */
  requests: Array<{ path: string; status: number; method: string }>;
  stop(): Promise<void>;
}

export async function startImageServer(files: Record<string, number>): Promise<ImageServer> {
  const bodies = new Map(Object.entries(files).map(([name, size]) => [name, makeImageBytes(name, size)]));
  const requests: ImageServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    const name = decodeURIComponent((req.url ?? '/').split('?')[0].replace(/^\/+/, ''));
    const body = bodies.get(name);
    requests.push({ path: `/${name}`, status: body ? 200 : 404, method: req.method ?? 'GET' });
    if (!body) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found\n');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: (file) => `http://127.0.0.1:${port}/${file}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface CliLab {
  lab: LabPair;
  images: ImageServer;
  home: string;
  knownHosts: string;
  /** The environment a user exports before running the CLI (passwords; a HOME of its own for journals). */
  env: NodeJS.ProcessEnv;
  /** --active/--standby/--username/--known-hosts for this lab. */
  connection(options?: { standby?: boolean }): string[];
  /** Commands the lab received that change something (copy, configuration, save, reload, failover). */
  changingCommands(since?: number): string[];
  stop(): Promise<void>;
}

const CHANGING = /^(copy|del|conf|clear|boot|no |asdm|write|wr |reload|failover (active|reload)|failover exec \S+ (copy|del|conf|boot|write|reload))/;

export async function startCliLab(options: LabOptions = {}, imageSizes = { asa: 300 * 1024, asdm: 100 * 1024 }): Promise<CliLab> {
  const lab = await startLab({ reloadSeconds: 1, failoverSeconds: 0.3, ...options });
  const images = await startImageServer({ [NEW_ASA]: imageSizes.asa, [NEW_ASDM]: imageSizes.asdm });
  const scratch = scratchDir('cli-e2e-lab-');
  const knownHosts = join(scratch.dir, 'known_hosts');
  writeFileSync(knownHosts, lab.knownHostsLines());
  return {
    lab,
    images,
    home: scratch.dir,
    knownHosts,
    env: { HOME: scratch.dir, ASA_PASSWORD: lab.credentials.password, ASA_ENABLE_PASSWORD: lab.credentials.enablePassword },
    connection: (o = {}) =>
      connectionArgs({
        active: `127.0.0.1:${lab.activeEndpoint.port}`,
        standby: o.standby === false ? undefined : `127.0.0.1:${lab.standbyEndpoint.port}`,
        username: lab.credentials.username,
        knownHosts,
      }),
    changingCommands: (since = 0) =>
      lab.history.events
        .slice(since)
        .filter((e) => e.kind === 'command' && CHANGING.test(e.command ?? ''))
        .map((e) => `${e.unit}: ${e.command}`),
    stop: async () => {
      await Promise.all([lab.stop(), images.stop()]);
      scratch.remove();
    },
  };
}
