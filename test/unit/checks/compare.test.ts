import assert from 'node:assert/strict';
import { compareChecks } from '../../../src/core/checks/compare';
import type { PairChecks } from '../../../src/core/checks/read';

function checks(over: { inside?: string; routes?: number; conns?: number; secondary?: string } = {}): PairChecks {
  return {
    at: 0,
    activeRole: 'primary',
    units: [
      { role: 'primary', state: 'Active', version: '9.18(4)22' },
      { role: 'secondary', state: over.secondary ?? 'Standby Ready', version: '9.18(4)22' },
    ],
    health: {
      interfaces: [
        { name: 'GigabitEthernet0/0', ip: '192.0.2.1', status: 'up', protocol: 'up' },
        { name: 'GigabitEthernet0/1', ip: '198.51.100.1', status: over.inside ?? 'up', protocol: over.inside ?? 'up' },
        { name: 'GigabitEthernet0/3', ip: 'unassigned', status: 'administratively down', protocol: 'down' },
      ],
      routes: over.routes ?? 100,
      connections: { inUse: over.conns ?? 1000, mostUsed: 4000 },
      configChecksum: 'a'.repeat(64),
    },
  };
}

describe('pre/post check comparison', () => {
  it('the same pair after the upgrade has no regression', () => {
    assert.deepEqual(compareChecks(checks(), checks()).regressions, []);
  });

  it('an interface up before and down after is a regression', () => {
    const r = compareChecks(checks(), checks({ inside: 'down' }));
    assert.equal(r.regressions.length, 1);
    assert.match(r.regressions[0], /interface GigabitEthernet0\/1: up\/up -> down\/down/);
  });

  it('routes within 10 % and connections within 50 % pass; beyond, each is a regression; the limits are settable', () => {
    assert.deepEqual(compareChecks(checks(), checks({ routes: 91, conns: 1490 })).regressions, []);
    const r = compareChecks(checks(), checks({ routes: 89, conns: 400 }));
    assert.equal(r.regressions.length, 2);
    assert.deepEqual(compareChecks(checks(), checks({ routes: 89, conns: 400 }), { routesPercent: 20, connectionsPercent: 70 }).regressions, []);
  });

  it('a unit that is not healthy after is a regression', () => {
    const r = compareChecks(checks(), checks({ secondary: 'Cold Standby' }));
    assert.ok(r.regressions.some((x) => /pair health/.test(x)));
  });
});
