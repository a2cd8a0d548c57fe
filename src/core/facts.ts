// Facts read from an ASA unit. The device layer (src/asa) parses CLI output into these; the engine reasons
// only on them. Strings the device prints (failover states, versions) are kept as printed.

/** The configured failover role of a unit. Fixed by configuration, unlike active/standby. */
export type UnitRole = 'primary' | 'secondary';

/** A failover state as the device prints it: 'Active', 'Standby Ready', 'Cold Standby', 'Sync Config', ... */
export type FailoverStateName = string;

export interface FailoverPeer {
  role: UnitRole;
  state: FailoverStateName;
}

/** `show failover` (and `show failover state`). */
export interface FailoverStatus {
  /** `Failover On` / `Failover Off`. */
  enabled: boolean;
  /** `Failover unit Primary`: the role configured on the unit that answered. */
  configuredRole?: UnitRole;
  /** `This host: Primary - Active`; absent when failover is off. */
  thisHost?: FailoverPeer;
  /** `Other host: Secondary - Standby Ready`; absent when failover is off. */
  otherHost?: FailoverPeer;
  /** `Version: Ours 9.18(4)22, Mate 9.18(4)22`. */
  ourVersion?: string;
  mateVersion?: string;
  /** `Serial Number: Ours JAF1610APKQ, Mate JAF1610ALGM` (printed from 9.6 on). */
  ourSerial?: string;
  mateSerial?: string;
  /** `Last Failover at: 12:52:34 UTC Apr 26 2017`, as printed. */
  lastFailover?: string;
}

/** `show version`. */
export interface VersionInfo {
  /** `9.18(4)22`. */
  version: string;
  /** `7.18(1)152`; absent when no ASDM image is configured. */
  asdmVersion?: string;
  /** `disk0:/asa9-18-4-22-smp-k8.bin` from `System image file is "..."`. */
  systemImage?: string;
  hostname?: string;
  /** From `host up 41 days 19 hours`. */
  uptimeSeconds?: number;
  uptimeText?: string;
  /** `ASAv10`, `ASA5516`, `ISA-3000-2C2F` (from `Model Id:` or `Hardware:`). */
  model?: string;
  serial?: string;
  /** `system` or `context` when the unit runs in multiple-context mode (`Version 9.8(2) <system>`). */
  securityContext?: string;
}

export interface FlashFile {
  /** File name relative to the file system root, e.g. `asa9-20-2-smp-k8.bin`. */
  name: string;
  size: number;
  isDirectory: boolean;
}

/** `dir disk0:`. */
export interface FlashListing {
  fileSystem: string;
  files: FlashFile[];
  totalBytes: number;
  freeBytes: number;
}

/** `show running-config boot system` + `show running-config asdm image` (or `show bootvar`). */
export interface BootConfig {
  /** In order; the first bootable one wins. Full paths: `disk0:/asa9-20-2-smp-k8.bin`. */
  bootImages: string[];
  asdmImage?: string;
}

export type HashAlgorithm = 'md5' | 'sha-512';

/** Everything `status` shows for a unit. */
export interface UnitStatus {
  role: UnitRole;
  state: FailoverStateName;
  /** Whether this unit currently holds the active role. */
  isActive: boolean;
  version: string;
  asdmVersion?: string;
  model?: string;
  serial?: string;
  hostname?: string;
  uptimeSeconds?: number;
  systemImage?: string;
  /** Absent when the unit did not report it (refused the command): unknown, never "none". */
  bootImages?: string[];
  asdmImage?: string;
  flashFreeBytes?: number;
  flashTotalBytes?: number;
  /** Files on flash (top level, not directories). */
  flashFiles?: FlashFile[];
  /**
   * Why the unit's own (standby) address did not answer. What else is shown was then read through
   * `failover exec mate` as far as the mate answered, or comes from the mate's `show failover`.
   */
  addressUnreachable?: string;
}
