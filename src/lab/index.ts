// A simulated ASA failover pair on 127.0.0.1, faithful enough that passing against it means something:
// two SSH addresses that follow the active/standby roles, the real CLI's prompts, paging and outputs,
// reloads that take (scaled) time and pass through the real states, real file transfers, and faults on demand.

import { randomBytes } from 'node:crypto';
import type { UnitRole } from '../core/facts';
import type { PairAddress } from '../core/ports';
import type { LabSettings } from './context';
import type { FaultSpec } from './faults';
import type { LabHistory } from './history';
import { imageFromName, makeImageBytes } from './images';
import { PairModel } from './pair';
import { randomHardwareSerial } from './serials';
import { PairSshServers } from './ssh-server';
import { cloneBoot, UnitState, type LabUnit } from './unit';

export { makeImageBytes, imageFromName } from './images';
export { parseFaultSpec, formatFaultSpec, FAULT_KINDS, type FaultSpec, type FaultKind } from './faults';
export { LabHistory, type LabEvent, type LabEventKind, type Transition } from './history';
export type { LabUnit } from './unit';

export interface LabOptions {
  /** Seconds from `reload` to Standby Ready (default 10); the intermediate states scale with it. */
  reloadSeconds?: number;
  hostname?: string;
  username?: string;
  password?: string;
  /** More local users besides `username` (each logs in with its own password; the history names who sent what). */
  users?: Array<{ username: string; password: string }>;
  enablePassword?: string;
  initialAsa?: string;
  initialAsdm?: string;
  imageSizes?: { asa: number; asdm: number };
  /** Flash size of each unit (default 8 GiB). */
  flashTotalBytes?: number;
  /** Write speed into flash of one copy; unthrottled when absent. */
  copyBytesPerSecond?: number;
  /** Seconds a switch-over takes until the new active unit shows `Active` (default 0.5). */
  failoverSeconds?: number;
  algorithms?: 'default' | 'legacy';
  promptStyle?: 'priority-state' | 'plain';
  /**
   * Serial numbers of the units; fresh random ones (unique in the process) when absent, so every lab
   * instance and every pair of a multi-pair lab is a pair of its own (a fleet tells pairs apart by them).
   */
  serials?: Partial<Record<UnitRole, string>>;
  /** Units configured with `ssh scopy enable` (accept SCP pushes); off by default, as on real units. */
  sshScopy?: boolean;
  /**
   * `banner motd` lines shown at login. Default: a banner with prompt-like lines, as real units have
   * (asa-cli.md, "Banners"); `[]` for none.
   */
  banner?: string[];
  /** Syslog lines reach the sessions (`terminal monitor`): `%ASA-5-111008: ...` after commands. Default false. */
  terminalMonitor?: boolean;
}

/**
 * Banner text is free-form and may end lines in `#` or `>`; these lines look like this lab's own prompts, so a
 * client that takes the first prompt-like line for the prompt is caught. The lab's host name is filled in.
 */
export function defaultBanner(hostname: string): string[] {
  return [
    '*****************************************************',
    `${hostname}# Authorized access only #`,
    `${hostname}-maint> change window Sat 02:00-04:00 UTC`,
    '*****************************************************',
  ];
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
  /** Which unit answers on an address now (undefined while nobody does). */
  unitAt(address: PairAddress): LabUnit | undefined;
  /** Resolves when `predicate` holds (checked every 20 ms); rejects after timeoutMs. For tests. */
  waitFor(predicate: (lab: LabPair) => boolean, timeoutMs?: number, what?: string): Promise<void>;
  /** Puts a file on a unit's flash directly (test set-up). */
  putFile(unit: UnitRole, name: string, data: Buffer): void;
  stop(): Promise<void>;
}

const DEFAULT_ASA = 'asa9-18-4-22-smp-k8.bin';
const DEFAULT_ASDM = 'asdm-7181-152.bin';
/** Units that have been up for a while: a reload visibly resets the uptime. */
const INITIAL_UPTIME_MS = (41 * 24 + 19) * 3600 * 1000;

function strongSecret(): string {
  return randomBytes(12).toString('base64url');
}

export async function startLab(options: LabOptions = {}): Promise<LabPair> {
  const asa = options.initialAsa ?? DEFAULT_ASA;
  const asdm = options.initialAsdm ?? DEFAULT_ASDM;
  const asaImage = imageFromName(asa);
  if (asaImage?.kind !== 'asa') throw new Error(`Lab initialAsa "${asa}" is not an ASA image name such as ${DEFAULT_ASA}.`);
  const sizes = options.imageSizes ?? { asa: 2 * 1024 * 1024, asdm: 1024 * 1024 };
  const credentials = {
    username: options.username ?? 'admin',
    password: options.password ?? strongSecret(),
    enablePassword: options.enablePassword ?? strongSecret(),
  };
  const settings: LabSettings = {
    hostname: options.hostname ?? 'asa-lab',
    flashTotalBytes: options.flashTotalBytes ?? 8 * 1024 * 1024 * 1024,
    copyBytesPerSecond: options.copyBytesPerSecond,
    promptStyle: options.promptStyle ?? 'priority-state',
    enablePassword: credentials.enablePassword,
    banner: options.banner ?? defaultBanner(options.hostname ?? 'asa-lab'),
    terminalMonitor: options.terminalMonitor === true,
  };
  const reloadSeconds = options.reloadSeconds ?? 10;
  const asaBytes = makeImageBytes(asa, sizes.asa);
  const asdmBytes = makeImageBytes(asdm, sizes.asdm);
  const installed = new Date(Date.now() - INITIAL_UPTIME_MS - 3600 * 1000);
  const makeUnit = (role: UnitRole): UnitState => {
    const u = new UnitState(role, options.serials?.[role] ?? randomHardwareSerial());
    u.flash.set(asa, { data: asaBytes, mtime: installed });
    u.flash.set(asdm, { data: asdmBytes, mtime: installed });
    u.running = { bootImages: [`disk0:/${asa}`], asdmImage: `disk0:/${asdm}`, ...(options.sshScopy ? { sshScopy: true } : {}) };
    u.saved = cloneBoot(u.running);
    u.runningImage = `disk0:/${asa}`;
    u.version = asaImage.version;
    u.bootedAt = Date.now() - INITIAL_UPTIME_MS;
    return u;
  };
  const pair = new PairModel(
    { reloadSeconds, failoverSeconds: options.failoverSeconds ?? 0.5 },
    makeUnit('primary'),
    makeUnit('secondary'),
  );
  pair.lastFailoverAt = new Date(Date.now() - INITIAL_UPTIME_MS + 60_000);
  pair.formedAt = pair.lastFailoverAt;
  pair.units.primary.activeSince = pair.lastFailoverAt.getTime();
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
