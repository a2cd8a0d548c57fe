// The ports through which the engine reaches devices. src/asa implements them over SSH; nothing in core
// knows about SSH, prompts or CLI text beyond the exact command strings a plan shows (CommandDialect).

import type { UnitHealthReadings } from './checks/readings';
import type { BootConfig, FailoverStatus, FlashListing, HashAlgorithm, VersionInfo } from './facts';

/** The two management addresses of a failover pair. Whichever unit holds a role answers on its address. */
export type PairAddress = 'active' | 'standby';

/** One command sent and its answer, for the log. Both are already redacted. */
export interface CommandRecord {
  address: PairAddress;
  /** 'mate' when sent through `failover exec mate`. */
  via: 'self' | 'mate';
  command: string;
  output: string;
  startedAt: number;
  durationMs: number;
  error?: string;
}

export interface CopyProgress {
  /** `!` marks printed so far (each is a chunk written on flash). */
  marks: number;
}

export interface CopyResult {
  bytes: number;
  seconds?: number;
}

export interface CommandOptions {
  /** Overrides the default per-command timeout. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * A privileged CLI session on one unit (or, through `mate()`, on its mate via `failover exec mate`).
 * Every method sends exactly the command(s) CommandDialect prints for it, and throws the typed errors of
 * core/errors.ts: ConnectionLostError when the session drops, CommandTimeoutError, CommandRejectedError,
 * ParseError for output it cannot read.
 */
export interface UnitSession {
  readonly address: PairAddress;
  readonly via: 'self' | 'mate';
  showFailover(options?: CommandOptions): Promise<FailoverStatus>;
  showVersion(options?: CommandOptions): Promise<VersionInfo>;
  listFlash(options?: CommandOptions): Promise<FlashListing>;
  /**
   * `dir disk0:/FILE`: the file's current size, undefined when it is not there. Optional: without it the
   * engine reads the whole listing. Used to watch a copy's destination grow.
   */
  fileSize?(file: string, options?: CommandOptions): Promise<number | undefined>;
  bootConfig(options?: CommandOptions): Promise<BootConfig>;
  /**
   * `show interface ip brief`, `show conn count`, `show route`, `show running-config` read into the pre/post
   * check facts. Optional: a session without it gives a pair no health checks (the upgrade itself does not need them).
   */
  readHealth?(options?: CommandOptions): Promise<UnitHealthReadings>;
  /** `copy /noconfirm SOURCE disk0:/FILE`; `source` is already in the form the ASA accepts. */
  copy(source: string, destination: string, onProgress?: (p: CopyProgress) => void, options?: CommandOptions): Promise<CopyResult>;
  /** `verify /md5 FILE` or `verify /sha-512 FILE`: returns the hash, lower-case hex. */
  verify(file: string, algorithm: HashAlgorithm, options?: CommandOptions): Promise<string>;
  /** `delete /noconfirm disk0:/FILE` (e.g. a file the unit rejected). Optional: without it nothing is deleted. */
  deleteFile?(file: string, options?: CommandOptions): Promise<void>;
  /**
   * Plain `verify disk0:/FILE`: the unit's own check of a signed image's digital signature (`.SPA` images);
   * 'unsigned' when the unit printed no signature verdict. Optional.
   */
  verifySignature?(file: string, options?: CommandOptions): Promise<'valid' | 'invalid' | 'unsigned'>;
  /** `configure terminal`, `clear configure boot system`, `boot system ...` in order, `asdm image ...`, `end`. */
  setBootImages(bootImages: string[], asdmImage: string | undefined, options?: CommandOptions): Promise<void>;
  /** `write memory` (on the active unit it also saves on the standby). */
  writeMemory(options?: CommandOptions): Promise<void>;
  /** `show running-config ssh scopy`: whether the unit accepts SCP pushes. Optional (only pushes need it). */
  scpServerEnabled?(options?: CommandOptions): Promise<boolean>;
  /** `failover reload-standby` (on the active unit). */
  reloadStandby(options?: CommandOptions): Promise<void>;
  /** `reload noconfirm` on this unit. The session drops. */
  reload(options?: CommandOptions): Promise<void>;
  /** `failover active`: make this unit active. */
  failoverActive(options?: CommandOptions): Promise<void>;
  /** `no failover active`: make this unit standby (its mate becomes active). The session may drop. */
  noFailoverActive(options?: CommandOptions): Promise<void>;
  /** The same operations run on the mate through `failover exec mate CMD` (not reload or failover). */
  mate(): UnitSession;
  /** Whether the underlying SSH session is still open. */
  readonly isOpen: boolean;
  close(): Promise<void>;
}

/** Opens sessions to a pair's addresses. Host-key trust and credentials live behind it. */
export interface PairConnector {
  /** Whether a standby address is configured (otherwise the standby is reached through `failover exec mate`). */
  readonly hasStandbyAddress: boolean;
  /**
   * The open session for that address, shared and owned by the connector. With `dedicated`, a new session of
   * its own that the caller closes (e.g. to watch a copy while the shared session is busy running it).
   */
  connect(address: PairAddress, options?: { signal?: AbortSignal; timeoutMs?: number; dedicated?: boolean }): Promise<UnitSession>;
  /**
   * Gives up the shared session to `address` at once, without waiting for an answer: the address just moved
   * (switch-over) or its unit went down (reload), so the session is stranded. The next connect opens afresh.
   */
  abandon?(address: PairAddress): Promise<void>;
}

/** The exact command strings, so a plan can show what the runner will send. Implemented by src/asa. */
export interface CommandDialect {
  showFailover(): string;
  showVersion(): string;
  listFlash(): string;
  copy(source: string, destination: string): string;
  verify(file: string, algorithm: HashAlgorithm): string;
  setBootImages(bootImages: string[], asdmImage: string | undefined): string[];
  writeMemory(): string;
  reloadStandby(): string;
  reload(): string;
  failoverActive(): string;
  noFailoverActive(): string;
  /** Wraps a command to run on the mate: `failover exec mate CMD`. */
  onMate(command: string): string;
}

/** A file on this workstation, as the runner hands it to a LocalImageDelivery. */
export interface LocalImageFile {
  path: string;
  /** The file name on flash. */
  file: string;
  bytes?: number;
}

/**
 * Makes files on this workstation reach the units for the duration of the copies only: served over HTTP
 * (the units run their ordinary `copy` from the URL given) or pushed over SCP on the SSH route.
 */
export interface LocalImageDelivery {
  readonly mode: 'http' | 'scp';
  /** (http) The URL the unit reached on `address` copies the file from; serving starts on first use. */
  urlFor?(image: LocalImageFile, address: PairAddress): Promise<string>;
  /** (scp) Pushes the file to the unit on `address`; `deviceLines` is text the unit wrote into the channel. */
  push?(image: LocalImageFile, address: PairAddress, onBytes: (sent: number) => void, options?: CommandOptions): Promise<CopyResult & { deviceLines?: string[] }>;
  /** Stops serving (when the copies end or the job stops); idempotent. */
  close(): Promise<void>;
}
