// The failover states an ASA prints. A state read from a line that may have been cut short is accepted
// only when it is one of these and no longer state starts with it ("Active" could be "Active Drain" cut).

import type { UnitRole } from '../../core/facts';

export const KNOWN_FAILOVER_STATES = [
  'Active',
  'Standby Ready',
  'Cold Standby',
  'Sync Config',
  'Sync File System',
  'Bulk Sync',
  'Negotiation',
  'Just Active',
  'Active Drain',
  'Active Applying Config',
  'Active Config Applied',
  'Standby Failed',
  'Failed',
  'Disabled',
  'Not Detected',
] as const;

/**
 * The known state at the start of `text` (longest match), if any. `gluedFrom`: states at least this long
 * may run straight into a capitalised next column (a 15-wide column filled by `Sync File System`).
 */
export function leadingKnownState(text: string, gluedFrom = Infinity): string | undefined {
  let best: string | undefined;
  for (const state of KNOWN_FAILOVER_STATES) {
    const head = text.slice(0, state.length);
    const next = text.charAt(state.length);
    const ends = next === '' || /\s/.test(next) || (state.length >= gluedFrom && /[A-Z]/.test(next));
    if (head.toLowerCase() === state.toLowerCase() && ends) {
      if (best === undefined || state.length > best.length) best = state;
    }
  }
  return best;
}

/** The known spelling of a state printed in full, or undefined for a state this list does not hold. */
export function knownState(text: string): string | undefined {
  return KNOWN_FAILOVER_STATES.find((s) => s.toLowerCase() === text.toLowerCase());
}

/** Whether a longer known state begins with this one, so a cut line could have shown it. */
export function isPrefixOfLongerState(state: string): boolean {
  const lower = state.toLowerCase();
  return KNOWN_FAILOVER_STATES.some((s) => s.length > state.length && s.toLowerCase().startsWith(`${lower} `));
}

/** A plausible state as printed: words of letters, single spaces. */
export const STATE_SHAPE = /^[A-Za-z]+(?: [A-Za-z]+)*$/;

export function parseRole(word: string): UnitRole | undefined {
  const lower = word.toLowerCase();
  return lower === 'primary' || lower === 'secondary' ? lower : undefined;
}
