// The lab's own record of what was done to it, so tests can assert from the device's side.

import type { UnitRole } from '../core/facts';
import type { PairAddress } from '../core/ports';

export type LabEventKind =
  | 'command'
  | 'state'
  | 'reload-start'
  /** The unit went down by itself (a firmware update's second boot), not because it was told to reload. */
  | 'reboot'
  | 'boot'
  | 'failover'
  | 'session-open'
  | 'session-drop'
  | 'session-close'
  /** A session left hanging (address moved, unit went down): it answers nothing and is never closed by the unit. */
  | 'session-stranded'
  /** A connection refused because the unit already has its maximum of SSH sessions. */
  | 'session-refused'
  | 'copy-start'
  | 'copy-end'
  | 'fault'
  /** A change the unit made because a question was answered (an enable password set, an SCP host key trusted). */
  | 'config-change'
  | 'login';

export interface LabEvent {
  /** ms since the epoch. */
  at: number;
  unit: UnitRole;
  kind: LabEventKind;
  /** kind 'command': the command line as received (never a password). */
  command?: string;
  /** kind 'command': 'mate' when it arrived through `failover exec` from the other unit. */
  via?: 'self' | 'mate';
  /** The pair address the session came in on. */
  address?: PairAddress;
  /** kind 'command' and 'session-open': the local user of the session (as the ASA's command accounting names it). */
  user?: string;
  /** kind 'state' and 'failover': previous and new state / role. */
  from?: string;
  to?: string;
  /** Free text: reason, booted image, copy URL/result, fault kind; kind 'login': `METHOD accepted|rejected` (never the secret). */
  detail?: string;
  /** kind 'copy-end': bytes stored (absent when the copy failed). */
  bytes?: number;
}

export interface Transition {
  at: number;
  unit: UnitRole;
  from: string;
  to: string;
}

export class LabHistory {
  readonly events: LabEvent[] = [];

  record(event: Omit<LabEvent, 'at'> & { at?: number }): void {
    this.events.push({ at: Date.now(), ...event });
  }

  /** Commands received, in order (via self and via mate), optionally for one unit. */
  commands(unit?: UnitRole, via?: 'self' | 'mate'): string[] {
    return this.events
      .filter((e) => e.kind === 'command' && (!unit || e.unit === unit) && (!via || e.via === via))
      .map((e) => e.command ?? '');
  }

  /** Login attempts that carried a secret (password or keyboard-interactive answers), optionally for one unit. */
  logins(unit?: UnitRole): LabEvent[] {
    return this.events.filter((e) => e.kind === 'login' && (!unit || e.unit === unit));
  }

  commandEvents(unit?: UnitRole): LabEvent[] {
    return this.events.filter((e) => e.kind === 'command' && (!unit || e.unit === unit));
  }

  transitions(unit?: UnitRole): Transition[] {
    return this.events
      .filter((e) => e.kind === 'state' && (!unit || e.unit === unit))
      .map((e) => ({ at: e.at, unit: e.unit, from: e.from ?? '', to: e.to ?? '' }));
  }

  /** The states a unit went through, in order, starting with the one it left first. */
  states(unit: UnitRole): string[] {
    const t = this.transitions(unit);
    return t.length ? [t[0].from, ...t.map((x) => x.to)] : [];
  }

  reloads(unit?: UnitRole): LabEvent[] {
    return this.events.filter((e) => e.kind === 'reload-start' && (!unit || e.unit === unit));
  }

  boots(unit?: UnitRole): LabEvent[] {
    return this.events.filter((e) => e.kind === 'boot' && (!unit || e.unit === unit));
  }

  failovers(): LabEvent[] {
    return this.events.filter((e) => e.kind === 'failover');
  }

  sessions(unit?: UnitRole): LabEvent[] {
    return this.events.filter((e) => e.kind.startsWith('session-') && (!unit || e.unit === unit));
  }

  copies(unit?: UnitRole): LabEvent[] {
    return this.events.filter((e) => (e.kind === 'copy-start' || e.kind === 'copy-end') && (!unit || e.unit === unit));
  }

  since(at: number): LabEvent[] {
    return this.events.filter((e) => e.at >= at);
  }
}
