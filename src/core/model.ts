// The engine's public vocabulary: a pair's status, what the user asks for, the plan, and the events a run
// emits. The CLI, the extension and the tests consume these; src/core/upgrade.ts produces them.

import type { UnitRole, UnitStatus } from './facts';
import type { CommandRecord, PairAddress } from './ports';
import type { CompatibilityCheck } from './compat/check';
import type { HostKeyChange } from './host-key-change';

/** Both units of a pair as read from the devices, primary first. */
export interface PairStatus {
  failoverEnabled: boolean;
  units: UnitStatus[];
  /** Which unit answered on the active address. */
  activeRole?: UnitRole;
  /** The pair as the devices identify it: both units' serial numbers, cross-checked (see pair-identity.ts). */
  identity?: PairIdentity;
  readAt: number;
  /** Facts a unit did not report, with why; those fields are absent (or 'unknown'), never shown as empty. */
  problems?: StatusProblem[];
}

export interface StatusProblem {
  unit: UnitRole;
  /** The UnitStatus field left unknown: 'state', 'version', 'bootImages', 'asdmImage', 'flash'. */
  field: string;
  why: string;
}

export interface PairIdentity {
  primarySerial: string;
  secondarySerial: string;
  /** `SERIAL1+SERIAL2`, sorted: the key of the pair's lock and journal. */
  key: string;
}

/**
 * Where an image comes from: a file already on flash (`disk0:/FILE`), a URL (may carry credentials), or a
 * file on this workstation (served to the units over HTTP for the copies, or pushed over SCP).
 */
export type ImageSource =
  | { kind: 'flash'; path: string; file: string }
  | { kind: 'url'; url: string; file: string }
  | { kind: 'local'; path: string; file: string };

/** Where an expected SHA-512 comes from: Cisco's published value (given, or a .sha512 file), or the local file. */
export type Sha512Origin = 'published' | 'local-file';

export interface UpgradeRequest {
  /** `disk0:/FILE` or a URL (ftp, tftp, http, https, scp, smb). */
  asa: string;
  /** Same forms; omitted keeps the current ASDM image. */
  asdm?: string;
  downloadOnly?: boolean;
  /** Known hashes (lower-case hex), checked after copying when given. */
  asaMd5?: string;
  asdmMd5?: string;
  /** Expected SHA-512 (128 hex digits), checked with `verify /sha-512` on both units before any configuration change. */
  asaSha512?: string;
  asdmSha512?: string;
  /** Where each expected SHA-512 comes from (default 'published'). */
  asaSha512Origin?: Sha512Origin;
  asdmSha512Origin?: Sha512Origin;
  /** How a local image file reaches the units: served over HTTP from here (default) or pushed over SCP. */
  localDelivery?: 'http' | 'scp';
  /** Known image sizes in bytes (e.g. from the repository index), used for the flash-space check and skip decisions. */
  asaBytes?: number;
  asdmBytes?: number;
  /**
   * Override the compatibility refusals that rest on release data (platform limits, upgrade path, zero-downtime,
   * ASDM minimum), for releases newer than the data. A risk the plan names; the family and direction stay checked.
   */
  skipCompatibilityCheck?: boolean;
}

export type PhaseId =
  | 'preconditions'
  | 'download'
  | 'boot-config'
  | 'reload-secondary'
  | 'failover-to-secondary'
  | 'reload-primary'
  | 'failover-to-primary';

export type PhaseStatus = 'pending' | 'running' | 'done' | 'failed' | 'skipped';

/** One step of a plan: what runs, on which unit, through which address, and what it waits for. */
export interface PlanStep {
  id: string;
  phase: PhaseId;
  title: string;
  unit: UnitRole;
  /** The address the command is sent to, and whether it goes through `failover exec mate`. */
  address: PairAddress;
  via: 'self' | 'mate';
  commands: string[];
  /** What the step waits for before the next one starts (human-readable). */
  waitsFor?: string;
  /** Set when the step will not run, with why (e.g. the unit already has the file). */
  skip?: string;
  /** Something the user should know about this step (e.g. which boot entry is the fallback, and why). */
  note?: string;
}

export interface UpgradePlan {
  fromVersion: string;
  toVersion: string;
  fromAsdmVersion?: string;
  toAsdmVersion?: string;
  asaImage: ImageSource;
  asdmImage?: ImageSource;
  downloadOnly: boolean;
  /** Every compatibility check with its verdict (pass, or warn; a refusal stops the plan). */
  compatibility?: CompatibilityCheck[];
  /** The user skipped the compatibility refusals (see UpgradeRequest.skipCompatibilityCheck). */
  compatibilitySkipped?: boolean;
  steps: PlanStep[];
  /** What is known of each image before the copy: local file size and hash, and which SHA-512 it is held to. */
  imageNotes?: string[];
}

/** Where the pair stands, reported after any stop. */
export interface PairSnapshot {
  activeRole?: UnitRole;
  units: Array<Pick<UnitStatus, 'role' | 'state' | 'version' | 'isActive'>>;
  mixedVersions: boolean;
  /** The next safe action for the operator, in plain words. */
  nextSafeAction?: string;
}

export type UpgradeOutcomeKind = 'upgraded' | 'downloaded' | 'refused' | 'failed' | 'cancelled';

interface EventBase {
  at: number;
}

export type UpgradeEvent = EventBase &
  (
    | { type: 'plan'; plan: UpgradePlan }
    | { type: 'phase'; phase: PhaseId; status: PhaseStatus; message?: string }
    | { type: 'step'; stepId: string; status: PhaseStatus; message?: string }
    | { type: 'unit'; unit: Pick<UnitStatus, 'role' | 'state' | 'version' | 'isActive'> }
    | { type: 'copy'; unit: UnitRole; file: string; bytes: number; totalBytes?: number; marks?: number }
    | { type: 'command'; record: CommandRecord }
    | { type: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; message: string }
    | { type: 'finished'; outcome: UpgradeOutcomeKind; message: string; pair?: PairSnapshot; hostKeyChange?: HostKeyChange }
  );

export interface UpgradeOutcome {
  outcome: UpgradeOutcomeKind;
  message: string;
  pair?: PairSnapshot;
  /** Set when the stop was a host key changed by the upgrade itself: what accepting it takes. */
  hostKeyChange?: HostKeyChange;
}
