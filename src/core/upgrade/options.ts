// What a caller hands the runner: the pair, the request, the limits of every wait, and where events and
// the journal go.

import type { Journal } from '../journal';
import type { UpgradeEvent, UpgradeRequest } from '../model';
import type { CommandDialect, LocalImageDelivery, PairConnector } from '../ports';
import type { Redactor } from '../redact';

export interface UpgradeOptions {
  /** How often a waiting engine polls the devices (default 2000 ms; the lab uses 100). */
  pollIntervalMs: number;
  /** Per-command limit for ordinary commands (default: the session's own). */
  commandTimeoutMs?: number;
  /** Limit for one `copy` and one `verify` (hashing a large image takes minutes). Default 60 min. */
  copyTimeoutMs: number;
  /**
   * A copy stops when it makes no progress this long: the file on flash does not grow and no `!` mark comes
   * (a stalled server, an SCP question nobody answers). Default 5 min.
   */
  copyNoProgressMs: number;
  /** From reload to back in Standby Ready. Default 30 min. */
  reloadTimeoutMs: number;
  /** From the switch-over command to both roles confirmed; also how long a reload may take to start. Default 5 min. */
  failoverTimeoutMs: number;
  /** A wait says what it waits for and what it last saw at least this often (default 20 s; never more than 30 s). */
  heartbeatMs?: number;
}

export const DEFAULT_UPGRADE_OPTIONS: UpgradeOptions = {
  pollIntervalMs: 2000,
  copyTimeoutMs: 60 * 60_000,
  copyNoProgressMs: 5 * 60_000,
  reloadTimeoutMs: 30 * 60_000,
  failoverTimeoutMs: 5 * 60_000,
};

export interface RunUpgradeArgs {
  connector: PairConnector;
  dialect: CommandDialect;
  request: UpgradeRequest;
  signal?: AbortSignal;
  onEvent?: (e: UpgradeEvent) => void;
  journal?: Journal;
  options?: Partial<UpgradeOptions>;
  /** Continue a job from its journal: mixed versions are accepted when this upgrade explains them. */
  resume?: boolean;
  /**
   * One job per pair: the lock is taken right after the first read of the pair, keyed on both units' serial
   * numbers, in `directory` (default: the user's state directory, shared by the CLI and the extension).
   * `owner` and `addresses` name this job to a second one that is refused.
   */
  lock?: { directory?: string; owner: string; addresses?: string };
  /** Names the pair in the journal when the units do not report serial numbers. */
  pairKey?: string;
  /** Masks secrets the caller knows of in every message and event (URL credentials are always masked). */
  redactor?: Redactor;
  /** How local image files reach the units (required when an image is a local file). */
  localImages?: LocalImageDelivery;
}

/** The caller's options over the defaults; an option given as undefined keeps its default. */
export function resolveOptions(given: Partial<UpgradeOptions> | undefined): UpgradeOptions {
  const set = Object.fromEntries(Object.entries(given ?? {}).filter(([, v]) => v !== undefined)) as Partial<UpgradeOptions>;
  return { ...DEFAULT_UPGRADE_OPTIONS, ...set };
}
