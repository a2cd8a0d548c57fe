// What the failover state names a unit prints mean for the engine.

import type { UnitRole } from './facts';

const norm = (s: string | undefined): string => (s ?? '').trim().replace(/\s+/g, ' ').toLowerCase();

/** Holds the active role: Active, Just Active, Active Drain, Active Applying Config, Active Config Applied. */
export function isActiveState(state: string | undefined): boolean {
  const s = norm(state);
  return s === 'active' || s.startsWith('active ') || s === 'just active';
}

/** Fully active (not still taking over), the only state in which the mate may be reloaded. */
export function isHealthyActive(state: string | undefined): boolean {
  return norm(state) === 'active';
}

export function isStandbyReady(state: string | undefined): boolean {
  return norm(state) === 'standby ready';
}

export function otherRole(role: UnitRole): UnitRole {
  return role === 'primary' ? 'secondary' : 'primary';
}

export function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
