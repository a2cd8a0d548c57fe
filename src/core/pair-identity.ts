// Which pair the two addresses reach, as the devices themselves say: each unit's serial number (show
// version) and the mate's serial number each unit names (`Serial Number: Ours X, Mate Y` in show failover
// from 9.6 on; before that, `failover exec mate show version` on the active unit). A standby address that
// reaches a unit of another pair (same role and state, different serial) is refused before anything else,
// and the pair's lock and journal are keyed on the two serial numbers, not on how an address is spelled.

import { PairMismatchError } from './errors';
import type { UnitRole } from './facts';
import type { PairIdentity } from './model';

export function pairIdentity(primarySerial: string, secondarySerial: string): PairIdentity {
  return { primarySerial, secondarySerial, key: [primarySerial, secondarySerial].sort().join('+') };
}

export function describePair(id: PairIdentity): string {
  return `the pair with serial numbers ${id.primarySerial} (primary) and ${id.secondarySerial} (secondary)`;
}

/** What each address said about itself and its mate. */
export interface MateClaims {
  active: { role: UnitRole; serial?: string; mateSerial?: string; mateRole?: UnitRole };
  /** The unit behind the standby address, when one is configured and answered. */
  standby?: { role: UnitRole; serial?: string; mateSerial?: string; mateRole?: UnitRole };
}

/**
 * Throws PairMismatchError when the standby address reaches a unit that is not the active unit's mate
 * (serial numbers or roles do not match both ways), naming both serial numbers.
 */
export function checkMates(c: MateClaims): void {
  const { active, standby } = c;
  if (!standby) return;
  const fix =
    'The standby address must reach the other unit of the same failover pair: check --standby (or leave it out to reach the mate through failover exec mate). Nothing was changed.';
  const seen = `The active address reaches the ${active.role} ${active.serial ?? '(serial not shown)'}`;
  if (active.mateSerial && standby.serial && active.mateSerial !== standby.serial) {
    throw new PairMismatchError(
      `${seen}, whose mate is ${active.mateSerial}; but the standby address reaches ${standby.serial} (${standby.role}), a unit of another pair. ${fix}`,
    );
  }
  if (standby.mateSerial && active.serial && standby.mateSerial !== active.serial) {
    throw new PairMismatchError(
      `${seen}; but the unit at the standby address (${standby.serial ?? standby.role}) names ${standby.mateSerial} as its mate, so the two addresses do not reach one pair. ${fix}`,
    );
  }
  if (standby.mateRole && standby.mateRole !== active.role) {
    throw new PairMismatchError(
      `${seen}; but the unit at the standby address (${standby.serial ?? standby.role}) says its mate is the ${standby.mateRole}, so the two addresses do not reach one pair. ${fix}`,
    );
  }
}
