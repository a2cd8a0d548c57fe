// What a command handler may use: the unit it runs on, the pair, the lab's settings, and the session that
// typed it (absent pieces for commands arriving through `failover exec`, which cannot ask questions).

import type { PairAddress } from '../core/ports';
import type { PairModel } from './pair';
import type { LabPlatform } from './platforms';
import type { UnitState } from './unit';

export type CliMode = 'user' | 'priv' | 'config';

export interface LabSettings {
  hostname: string;
  flashTotalBytes: number;
  copyBytesPerSecond?: number;
  promptStyle: 'priority-state' | 'plain';
  enablePassword: string;
  /** `banner motd` lines shown after login, before the greeting. */
  banner: string[];
  /** Syslog lines (`%ASA-5-111008: ...`) reach every session, as with `terminal monitor`. */
  terminalMonitor: boolean;
  /** The model the units claim to be (src/lab/platforms/). */
  platform: LabPlatform;
  /** `ssh timeout`: how long a hanging session keeps its place on the unit (default 300 s). */
  sshTimeoutSeconds?: number;
}

export interface ExecContext {
  readonly pair: PairModel;
  readonly settings: LabSettings;
  readonly unit: UnitState;
  /** 'mate' when the command arrived through `failover exec` from the other unit. */
  readonly via: 'self' | 'mate';
  /** The address the originating session came in on. */
  readonly address: PairAddress;
  /** The user logged in on the originating session. */
  readonly user?: string;
  mode: CliMode;
  /** Length of the prompt the command was typed after (for the `^` marker). */
  readonly promptLength: number;
  /** Writes at once, unpaged (copy's `!` marks). */
  stream(text: string): void;
  /** Asks a question and reads the answer; undefined when nobody can answer (failover exec). */
  ask?(question: string, echo: boolean): Promise<string>;
  setPager?(lines: number): void;
  /** `terminal width N`: where this session's echo wraps. */
  setWidth?(columns: number): void;
  /** Ends the session (exit/logout). */
  endSession?(): void;
  /** The context in which `failover exec` runs commands on `target` for this session. */
  execContextFor?(target: UnitState): ExecContext;
}
