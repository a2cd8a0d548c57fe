// A lab pair, an HTTP image server and a connector to the pair over real SSH, as a user would set them up,
// plus checks of the upgrade invariants read from the lab's own history.

import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { createPairConnector, KnownHostsFile, type AsaPairConnector } from '../../../src/asa';
import type { UnitRole } from '../../../src/core/facts';
import type { UpgradeEvent, UpgradeOutcome, UpgradeRequest } from '../../../src/core/model';
import { runUpgrade, type RunUpgradeArgs } from '../../../src/core/upgrade';
import { asaDialect } from '../../../src/asa/commands';
import { startLab, makeImageBytes, type LabOptions, type LabPair } from '../../../src/lab';
import { startFileServer } from '../../../src/lab/servers';
import type { FileServer } from '../../../src/lab/servers/types';

export const NEW_ASA = 'asa9-20-2-smp-k8.bin';
export const NEW_ASDM = 'asdm-7201.bin';
export const OLD_VERSION = '9.18(4)22';
export const NEW_VERSION = '9.20(2)';
export const NEW_ASDM_VERSION = '7.20(1)';
export const SIZES = { asa: 3 * 1024 * 1024 + 17, asdm: 1024 * 1024 + 5 };

export interface Bench {
  lab: LabPair;
  images: FileServer;
  files: Map<string, Buffer>;
  connector: AsaPairConnector;
  /** A second connector on the active address only (the standby reached through failover exec mate). */
  mateConnector(): AsaPairConnector;
  request(over?: Partial<UpgradeRequest>): UpgradeRequest;
  md5(file: string): string;
  run(over?: Partial<RunUpgradeArgs>): Promise<{ outcome: UpgradeOutcome; events: UpgradeEvent[] }>;
  stop(): Promise<void>;
}

export async function startBench(options: LabOptions = {}): Promise<Bench> {
  const lab = await startLab({ reloadSeconds: 2, failoverSeconds: 0.3, ...options });
  const files = new Map<string, Buffer>([
    [NEW_ASA, makeImageBytes(NEW_ASA, SIZES.asa)],
    [NEW_ASDM, makeImageBytes(NEW_ASDM, SIZES.asdm)],
  ]);
  const images = await startFileServer('http', files);
  const dir = mkdtempSync(join(tmpdir(), 'engine-it-'));
  const knownHosts = join(dir, 'known_hosts');
  writeFileSync(knownHosts, lab.knownHostsLines());
  const connectors: AsaPairConnector[] = [];
  const make = (withStandby: boolean): AsaPairConnector => {
    const c = createPairConnector({
      active: lab.activeEndpoint,
      standby: withStandby ? lab.standbyEndpoint : undefined,
      username: lab.credentials.username,
      auth: { method: 'password' },
      credentials: async () => ({ password: lab.credentials.password, enablePassword: lab.credentials.enablePassword }),
      hostKeys: KnownHostsFile.verifier(knownHosts, { acceptNew: false }),
      timeouts: { connectMs: 5000, commandMs: 10_000 },
    });
    connectors.push(c);
    return c;
  };
  const connector = make(true);
  const bench: Bench = {
    lab,
    images,
    files,
    connector,
    mateConnector: () => make(false),
    request: (over = {}) => ({ asa: images.url(NEW_ASA), asdm: images.url(NEW_ASDM), ...over }),
    md5: (file) => createHash('md5').update(files.get(file)!).digest('hex'),
    run: async (over = {}) => {
      const events: UpgradeEvent[] = [];
      const outcome = await runUpgrade({
        connector,
        dialect: asaDialect,
        request: bench.request(),
        options: { pollIntervalMs: 100, reloadTimeoutMs: 30_000, failoverTimeoutMs: 10_000, copyTimeoutMs: 30_000 },
        ...over,
        onEvent: (e) => {
          events.push(e);
          over.onEvent?.(e);
        },
      });
      return { outcome, events };
    },
    stop: async () => {
      await Promise.all(connectors.map((c) => c.close()));
      await Promise.all([lab.stop(), images.stop()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return bench;
}

/** Commands that change a unit: copies, configuration, saves, reloads, switch-overs. */
export const CHANGING = /^(failover exec mate )?(copy|configure|clear configure|boot system|no boot|asdm image|no asdm|write|reload|failover reload-standby|failover active|no failover|delete)\b/;

export function changingCommands(lab: LabPair, since = 0): string[] {
  return lab.history.events.filter((e) => e.kind === 'command' && e.at >= since && CHANGING.test(e.command ?? '')).map((e) => `${e.unit}: ${e.command}`);
}

/**
 * The invariants, from the lab's history: no unit reloaded while active or while its mate was not Active,
 * always an active unit once the pair settled, and (for a full upgrade) the secondary reloaded before the primary.
 */
export function assertInvariants(lab: LabPair, options: { secondaryFirst?: boolean } = {}): void {
  const state: Record<UnitRole, string> = { primary: 'Active', secondary: 'Standby Ready' };
  const active = (s: string): boolean => /^(Just )?Active/.test(s);
  let lastNoActive: number | undefined;
  const reloads: UnitRole[] = [];
  const events = [...lab.history.events].sort((a, b) => a.at - b.at);
  for (const [i, e] of events.entries()) {
    if (e.kind === 'state' && e.to !== undefined) {
      state[e.unit] = e.to;
      // A switch-over is one instant: both units' transitions carry the same time, so check once all are in.
      const instantOver = events[i + 1]?.at !== e.at;
      if (instantOver && !active(state.primary) && !active(state.secondary)) lastNoActive = e.at;
    }
    if (e.kind === 'reload-start') {
      const mate: UnitRole = e.unit === 'primary' ? 'secondary' : 'primary';
      assert.ok(!active(state[e.unit]), `the ${e.unit} was reloaded while ${state[e.unit]}`);
      assert.equal(state[mate], 'Active', `the ${e.unit} was reloaded while its mate was ${state[mate]}`);
      reloads.push(e.unit);
    }
  }
  assert.equal(lastNoActive, undefined, `there was a moment with no active unit (at ${lastNoActive})`);
  if (options.secondaryFirst) assert.deepEqual(reloads, ['secondary', 'primary'], `reload order: ${reloads.join(', ')}`);
}

export function phasesOf(events: UpgradeEvent[]): string[] {
  return events.filter((e) => e.type === 'phase' && e.status !== 'running').map((e) => (e.type === 'phase' ? `${e.phase}:${e.status}` : ''));
}
