// A simulated ASA failover pair on 127.0.0.1, faithful enough that passing against it means something:
// two SSH addresses that follow the active/standby roles, the real CLI's prompts, paging and outputs,
// reloads that take (scaled) time and pass through the real states, real file transfers, and faults on demand.

import type { UnitRole } from '../core/facts';
import type { PairAddress } from '../core/ports';
import type { FaultSpec } from './faults';
import type { LabHistory } from './history';
import type { LabPlatform } from './platforms';
import { buildLabModel, type LabModelOptions } from './setup';
import { PairSshServers } from './ssh-server';
import type { LabUnit } from './unit';

export { makeImageBytes, imageFromName } from './images';
export { parseFaultSpec, formatFaultSpec, FAULT_KINDS, type FaultSpec, type FaultKind } from './faults';
export { LabHistory, type LabEvent, type LabEventKind, type Transition } from './history';
export type { LabUnit } from './unit';
export { buildLabModel, defaultBanner, seededSerials, type LabModel, type LabModelOptions } from './setup';
export { LAB_PLATFORMS, DEFAULT_PLATFORM, labPlatform, platformNames, type LabPlatform, type LabPlatformSummary, type LabPlatformName } from './platforms';

export interface LabOptions extends LabModelOptions {
  /** More local users besides `username` (each logs in with its own password; the history names who sent what). */
  users?: Array<{ username: string; password: string }>;
  algorithms?: 'default' | 'legacy';
}

export interface LabEndpoint {
  host: '127.0.0.1';
  port: number;
}

export interface LabPair {
  readonly activeEndpoint: LabEndpoint;
  readonly standbyEndpoint: LabEndpoint;
  readonly credentials: { username: string; password: string; enablePassword: string };
  /** `SHA256:...` of the host key both addresses present now. */
  readonly hostKeyFingerprint: string;
  /** OpenSSH known_hosts lines for both ports (current host key). */
  knownHostsLines(): string;
  readonly units: { primary: LabUnit; secondary: LabUnit };
  readonly history: LabHistory;
  readonly faults: { inject(f: FaultSpec): void; clear(): void; list(): FaultSpec[] };
  readonly reloadSeconds: number;
  /** The model the units are. */
  readonly platform: LabPlatform;
  /** Which unit answers on an address now (undefined while nobody does). */
  unitAt(address: PairAddress): LabUnit | undefined;
  /** Resolves when `predicate` holds (checked every 20 ms); rejects after timeoutMs. For tests. */
  waitFor(predicate: (lab: LabPair) => boolean, timeoutMs?: number, what?: string): Promise<void>;
  /** Both addresses present a new host key from the next connection on (as after `crypto key generate`). */
  rotateHostKey(): void;
  /** Puts a file on a unit's flash directly (test set-up). */
  putFile(unit: UnitRole, name: string, data: Buffer): void;
  stop(): Promise<void>;
}

export async function startLab(options: LabOptions = {}): Promise<LabPair> {
  const { pair, settings, platform, credentials, reloadSeconds } = buildLabModel(options);
  const servers = new PairSshServers(pair, settings, {
    username: credentials.username,
    password: credentials.password,
    ...(options.users ? { users: options.users } : {}),
    algorithms: options.algorithms ?? 'default',
  });
  await servers.start();

  const lab: LabPair = {
    activeEndpoint: { host: '127.0.0.1', port: servers.port('active') },
    standbyEndpoint: { host: '127.0.0.1', port: servers.port('standby') },
    credentials,
    get hostKeyFingerprint() {
      return servers.hostKey.fingerprint;
    },
    knownHostsLines: () => servers.knownHostsLines(),
    units: pair.units,
    history: pair.history,
    faults: {
      inject: (f) => pair.faults.inject(f),
      clear: () => pair.faults.clear(),
      list: () => pair.faults.list(),
    },
    reloadSeconds,
    platform,
    unitAt: (address) => pair.unitAt(address),
    waitFor: (predicate, timeoutMs = 30_000, what = 'lab condition') =>
      new Promise<void>((resolve, reject) => {
        const started = Date.now();
        const tick = (): void => {
          if (predicate(lab)) return resolve();
          if (Date.now() - started > timeoutMs) return reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`));
          setTimeout(tick, 20);
        };
        tick();
      }),
    rotateHostKey: () => servers.rotateHostKey(),
    putFile: (unit, name, data) => {
      pair.units[unit].flash.set(name, { data, mtime: new Date() });
    },
    stop: async () => {
      pair.stop();
      await servers.stop();
    },
  };
  return lab;
}
