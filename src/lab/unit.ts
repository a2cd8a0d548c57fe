// The state of one simulated ASA unit: its flash, running and saved configuration, what it booted and its
// failover state. The pair (pair.ts) drives the transitions; this file only holds and describes.

import type { UnitRole } from '../core/facts';
import { imageFromName } from './images';

export interface FlashEntry {
  data: Buffer;
  mtime: Date;
}

/** The parts of the configuration the lab models. Paths as configured: `disk0:/asa9-20-2-smp-k8.bin`. */
export interface BootSettings {
  bootImages: string[];
  asdmImage?: string;
  /** `ssh scopy enable`: the unit accepts SCP pushes to its flash (off by default, as on real units). */
  sshScopy?: boolean;
}

export function cloneBoot(b: BootSettings): BootSettings {
  return { bootImages: [...b.bootImages], asdmImage: b.asdmImage, sshScopy: b.sshScopy };
}

export function sameBoot(a: BootSettings, b: BootSettings): boolean {
  return a.asdmImage === b.asdmImage && a.bootImages.join('\n') === b.bootImages.join('\n') && (a.sshScopy === true) === (b.sshScopy === true);
}

/** `disk0:/x.bin`, `disk0:x.bin`, `flash:/x.bin`, `/x.bin`, `x.bin` -> `x.bin`; undefined for other file systems. */
export function flashFileName(path: string): string | undefined {
  const m = /^(?:(?:disk0|flash):\/?|\/)?([^/:\s]+)$/i.exec(path.trim());
  return m ? m[1] : undefined;
}

/** Read-only view of a unit for tests and tools. */
export interface LabUnit {
  readonly role: UnitRole;
  /** The failover state as `show failover` prints it (`Failed` while the unit is down in a reload). */
  readonly state: string;
  readonly isActive: boolean;
  /** Whether the unit runs (answers SSH); false during the first part of a reload. */
  readonly isUp: boolean;
  readonly version: string;
  readonly asdmVersion: string | undefined;
  /** `disk0:/asa9-18-4-22-smp-k8.bin`. */
  readonly runningImage: string;
  readonly bootImages: string[];
  readonly asdmImage: string | undefined;
  readonly savedBootImages: string[];
  readonly savedAsdmImage: string | undefined;
  readonly serial: string;
  files(): Map<string, number>;
  readFile(name: string): Buffer | undefined;
  readonly reloadCount: number;
  /** ms since the epoch. */
  readonly bootedAt: number;
}

export class UnitState implements LabUnit {
  readonly flash = new Map<string, FlashEntry>();
  running: BootSettings = { bootImages: [] };
  saved: BootSettings = { bootImages: [] };
  version = '';
  runningImage = '';
  state = 'Standby Ready';
  up = true;
  bootedAt = Date.now();
  reloadCount = 0;
  /** Increases at every reload: work started before it (copies, timers) sees it and stops. */
  epoch = 0;
  /** Increases whenever a new state sequence starts, so stale scheduled steps do nothing. */
  sequence = 0;
  abort = new AbortController();
  activeSince: number | undefined;
  activeMsBefore = 0;
  /** Set by the pair. */
  isActive = false;
  readonly configCommands: string[] = [];
  /** Files on flash whose digital signature the unit found not valid (fault signature-invalid). */
  readonly badSignatures = new Set<string>();
  /** Interfaces whose link is down on this unit (fault interface-down-after-upgrade), by name. */
  readonly downInterfaces = new Set<string>();

  constructor(
    readonly role: UnitRole,
    readonly serial: string,
  ) {}

  /** ASDM takes a new `asdm image` at once (no reload), so the version follows the running configuration. */
  get asdmVersion(): string | undefined {
    const name = this.running.asdmImage ? flashFileName(this.running.asdmImage) : undefined;
    const parsed = name ? imageFromName(name) : undefined;
    return name && parsed?.kind === 'asdm' && this.flash.has(name) ? parsed.version : undefined;
  }

  get isUp(): boolean {
    return this.up;
  }

  get bootImages(): string[] {
    return [...this.running.bootImages];
  }

  get asdmImage(): string | undefined {
    return this.running.asdmImage;
  }

  get savedBootImages(): string[] {
    return [...this.saved.bootImages];
  }

  get savedAsdmImage(): string | undefined {
    return this.saved.asdmImage;
  }

  get short(): 'pri' | 'sec' {
    return this.role === 'primary' ? 'pri' : 'sec';
  }

  get roleTitle(): 'Primary' | 'Secondary' {
    return this.role === 'primary' ? 'Primary' : 'Secondary';
  }

  files(): Map<string, number> {
    return new Map([...this.flash].map(([name, e]) => [name, e.data.length]));
  }

  readFile(name: string): Buffer | undefined {
    return this.flash.get(name)?.data;
  }

  usedBytes(): number {
    let n = 0;
    for (const e of this.flash.values()) n += e.data.length;
    return n;
  }

  activeSeconds(now = Date.now()): number {
    const current = this.activeSince !== undefined ? now - this.activeSince : 0;
    return Math.floor((this.activeMsBefore + current) / 1000);
  }

  /**
   * Chooses what a boot runs: the first `boot system` entry of the saved configuration that is on flash,
   * else the image that ran before (if still there), else any ASA image on flash.
   */
  chooseBootImage(ignoreBootSystem: boolean): { image: string; version: string } | undefined {
    const candidates = [
      ...(ignoreBootSystem ? [] : this.saved.bootImages),
      this.runningImage,
      ...[...this.flash.keys()].sort().map((n) => `disk0:/${n}`),
    ];
    for (const path of candidates) {
      const name = flashFileName(path);
      const parsed = name ? imageFromName(name) : undefined;
      if (name && parsed?.kind === 'asa' && this.flash.has(name)) return { image: `disk0:/${name}`, version: parsed.version };
    }
    return undefined;
  }
}
