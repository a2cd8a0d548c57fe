import assert from 'node:assert/strict';
import { adviseNextAction, snapshotOf, type PairObservation, type UnitObservation } from '../../../src/core/snapshot';

function obs(primary: Partial<UnitObservation>, secondary: Partial<UnitObservation>): PairObservation {
  return {
    at: 0,
    failoverEnabled: true,
    activeAddressRole: primary.isActive ? 'primary' : 'secondary',
    units: { primary: { role: 'primary', reachable: true, ...primary }, secondary: { role: 'secondary', reachable: true, ...secondary } },
    notes: [],
  };
}

const OLD = '9.18(4)22';
const NEW = '9.20(2)';
const active = { state: 'Active', isActive: true };
const ready = { state: 'Standby Ready', isActive: false };

describe('where a stopped upgrade left the pair', () => {
  it('reports mixed versions and which unit is active', () => {
    const snap = snapshotOf(obs({ ...active, version: OLD }, { ...ready, version: NEW }), 'resume');
    assert.equal(snap.activeRole, 'primary');
    assert.equal(snap.mixedVersions, true);
    assert.deepEqual(snap.units.map((u) => [u.role, u.state, u.version, u.isActive]), [
      ['primary', 'Active', OLD, true],
      ['secondary', 'Standby Ready', NEW, false],
    ]);
  });

  it('marks a unit that does not answer', () => {
    const snap = snapshotOf(obs({ ...active, version: OLD }, { reachable: false }));
    assert.equal(snap.units[1].state, 'Not answering');
    assert.equal(snap.mixedVersions, false);
  });

  const advice: Array<[string, PairObservation, boolean, RegExp]> = [
    ['nothing reloaded yet', obs({ ...active, version: OLD }, { ...ready, version: OLD }), false, /still runs 9\.18\(4\)22 on both units and no unit was reloaded/],
    ['a unit still reloading', obs({ ...active, version: OLD }, { state: 'Sync Config', isActive: false }), true, /The secondary is in "Sync Config".*Wait until it shows Standby Ready.*Do not reload the active unit/],
    ['the secondary upgraded, primary active', obs({ ...active, version: OLD }, { ...ready, version: NEW }), true, /mixed versions: resume the upgrade to continue, or roll back/],
    ['the secondary upgraded and active', obs({ ...ready, version: OLD }, { ...active, version: NEW }), true, /secondary \(active\) runs 9\.20\(2\).*resume the upgrade to reload the primary/],
    ['both upgraded, secondary active', obs({ ...ready, version: NEW }, { ...active, version: NEW }), true, /Resume the upgrade to make the primary active again/],
    ['no active unit', obs({ state: 'Failed', isActive: false }, { state: 'Negotiation', isActive: false }), true, /No unit reports Active/],
  ];
  for (const [what, o, reloaded, expected] of advice) {
    it(`advises in plain words when ${what}`, () => {
      assert.match(adviseNextAction(o, OLD, NEW, { reloaded }), expected);
    });
  }
});
