// The engine's public vocabulary: a pair's status, what the user asks for, the plan, and the events a run
// emits. The CLI, the extension and the tests consume these; src/core/upgrade.ts produces them.

import type { UnitRole, UnitStatus } from './facts';
import type { CommandRecord, PairAddress } from './ports';

/** Both units of a pair as read from the devices, primary first. */
export interface PairStatus {
  failoverEnabled: boolean;
  units: UnitStatus[];
  /** Which unit answered on the active address. */
  activeRole?: UnitRole;
  /** The pair as the devices identify it: both units' serial numbers, cross-checked (see pair-identity.ts). */
  identity?: PairIdentity;
  readAt: number;
}

export interface PairIdentity {
  primarySerial: string;
  secondarySerial: string;
  /** `SERIAL1+SERIAL2`, sorted: the key of the pair's lock and journal. */
  key: string;
}

/** Where an image comes from: a file already on flash (`disk0:/FILE`) or a URL (may carry credentials). */
export type ImageSource = { kind: 'flash'; path: string; file: string } | { kind: 'url'; url: string; file: string };

export interface UpgradeRequest {
  /** `disk0:/FILE` or a URL (ftp, tftp, http, https, scp, smb). */
  asa: string;
  /** Same forms; omitted keeps the current ASDM image. */
  asdm?: string;
  downloadOnly?: boolean;
  /** Known hashes (lower-case hex), checked after copying when given. */
  asaMd5?: string;
  asdmMd5?: string;
  /** Known image sizes in bytes (e.g. from the repository index), used for the flash-space check and skip decisions. */
  asaBytes?: number;
  asdmBytes?: number;
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
}

export interface UpgradePlan {
  fromVersion: string;
  toVersion: string;
  fromAsdmVersion?: string;
  toAsdmVersion?: string;
  asaImage: ImageSource;
  asdmImage?: ImageSource;
  downloadOnly: boolean;
  steps: PlanStep[];
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
    | { type: 'finished'; outcome: UpgradeOutcomeKind; message: string; pair?: PairSnapshot }
  );

export interface UpgradeOutcome {
  outcome: UpgradeOutcomeKind;
  message: string;
  pair?: PairSnapshot;
}
