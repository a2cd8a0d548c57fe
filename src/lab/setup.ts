// A lab pair's model, without its servers: the platform's units with their images, configuration, serials
// and uptime, and the settings their CLI reads. startLab() serves it over SSH; unit tests drive it directly.

import { randomBytes, randomInt } from 'node:crypto';
import type { UnitRole } from '../core/facts';
import type { LabSettings } from './context';
import { imageFromName, makeImageBytes } from './images';
import { PairModel } from './pair';
import { DEFAULT_PLATFORM, labPlatform, type LabPlatform } from './platforms';
import { uniqueSerial } from './serials';
import { cloneBoot, UnitState } from './unit';

export interface LabModelOptions {
  /** The model the units are (`asav`, `asa5516`, ...; default ASAv): its images, outputs and serial format. */
  platform?: string | LabPlatform;
  /**
   * Serial numbers of the units; fresh random ones in the platform's format (unique in the process) when
   * absent, so every lab instance and every pair of a multi-pair lab is a pair of its own (a fleet tells pairs
   * apart by them).
   */
  serials?: Partial<Record<UnitRole, string>>;
  /** Seconds from `reload` to Standby Ready (default 10); the intermediate states scale with it. */
  reloadSeconds?: number;
  hostname?: string;
  username?: string;
  password?: string;
  enablePassword?: string;
  /** The images the units run at start (default: the platform's `from` images). */
  initialAsa?: string;
  initialAsdm?: string;
  imageSizes?: { asa: number; asdm: number };
  /** Flash size of each unit (default: the platform's). */
  flashTotalBytes?: number;
  /** Write speed into flash of one copy; unthrottled when absent. */
  copyBytesPerSecond?: number;
  /** Seconds a switch-over takes until the new active unit shows `Active` (default 0.5). */
  failoverSeconds?: number;
  promptStyle?: 'priority-state' | 'plain';
  /** Units configured with `ssh scopy enable` (accept SCP pushes); off by default, as on real units. */
  sshScopy?: boolean;
  /**
   * `banner motd` lines shown at login. Default: a banner with prompt-like lines, as real units have
   * (asa-cli.md, "Banners"); `[]` for none.
   */
  banner?: string[];
  /** Syslog lines reach the sessions (`terminal monitor`): `%ASA-5-111008: ...` after commands. Default false. */
  terminalMonitor?: boolean;
  /** `ssh timeout` in seconds: how long a session left hanging keeps its place among the unit's 5 (default 300). */
  sshTimeoutSeconds?: number;
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

export interface LabModel {
  pair: PairModel;
  settings: LabSettings;
  platform: LabPlatform;
  credentials: { username: string; password: string; enablePassword: string };
  reloadSeconds: number;
}

/** A fixed draw per platform and role, so a lab's serials are stable across runs unless the caller sets them. */
function seededRandom(seed: string): () => number {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619) >>> 0;
  return () => {
    h = (h + 0x6d2b79f5) >>> 0;
    let t = h;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Serials in the platform's format drawn from `seed`: the same seed gives the same serials, another seed others. */
export function seededSerials(platform: LabPlatform, seed: string): Record<UnitRole, string> {
  return {
    primary: platform.serial(seededRandom(`${platform.name}/${seed}/primary`)),
    secondary: platform.serial(seededRandom(`${platform.name}/${seed}/secondary`)),
  };
}

/** A serial in the platform's format, drawn at random and never issued before in this process. */
function freshSerial(platform: LabPlatform): string {
  return uniqueSerial(() => platform.serial(() => randomInt(2 ** 30) / 2 ** 30));
}
/** Units that have been up for a while: a reload visibly resets the uptime. */
const INITIAL_UPTIME_MS = (41 * 24 + 19) * 3600 * 1000;

function strongSecret(): string {
  return randomBytes(12).toString('base64url');
}

export function buildLabModel(options: LabModelOptions = {}): LabModel {
  const platform = typeof options.platform === 'string' ? labPlatform(options.platform) : (options.platform ?? DEFAULT_PLATFORM);
  const asa = options.initialAsa ?? platform.from.asa;
  const asdm = options.initialAsdm ?? platform.from.asdm;
  const asaImage = imageFromName(asa);
  if (asaImage?.kind !== 'asa') throw new Error(`Lab initialAsa "${asa}" is not an ASA image name such as ${platform.from.asa}.`);
  const serialOf = (role: UnitRole): string => options.serials?.[role] ?? freshSerial(platform);
  const sizes = options.imageSizes ?? { asa: 2 * 1024 * 1024, asdm: 1024 * 1024 };
  const credentials = {
    username: options.username ?? 'admin',
    password: options.password ?? strongSecret(),
    enablePassword: options.enablePassword ?? strongSecret(),
  };
  const settings: LabSettings = {
    hostname: options.hostname ?? 'asa-lab',
    flashTotalBytes: options.flashTotalBytes ?? platform.flashTotalBytes,
    copyBytesPerSecond: options.copyBytesPerSecond,
    promptStyle: options.promptStyle ?? 'priority-state',
    enablePassword: credentials.enablePassword,
    banner: options.banner ?? defaultBanner(options.hostname ?? 'asa-lab'),
    terminalMonitor: options.terminalMonitor === true,
    ...(options.sshTimeoutSeconds !== undefined ? { sshTimeoutSeconds: options.sshTimeoutSeconds } : {}),
    platform,
  };
  const reloadSeconds = options.reloadSeconds ?? 10;
  const asaBytes = makeImageBytes(asa, sizes.asa);
  const asdmBytes = makeImageBytes(asdm, sizes.asdm);
  const installed = new Date(Date.now() - INITIAL_UPTIME_MS - 3600 * 1000);
  const makeUnit = (role: UnitRole): UnitState => {
    const u = new UnitState(role, serialOf(role));
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
  return { pair, settings, platform, credentials, reloadSeconds };
}
