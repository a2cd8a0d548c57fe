import assert from 'node:assert/strict';
import { KNOWN_FAILOVER_STATES, parseShowFailoverState } from '../../../../src/asa/parsers';
import { ParseError } from '../../../../src/core/errors';

const HEADER = '               State          Last Failure Reason      Date/Time';

function stateOutput(thisRole: string, thisState: string, otherRole: string, otherState: string, reason = 'None'): string {
  const col = (s: string) => (s.length >= 15 ? `${s} ` : s.padEnd(15));
  return [
    HEADER,
    `This host  -   ${thisRole}`,
    `               ${col(thisState)}${reason}`,
    `Other host -   ${otherRole}`,
    `               ${col(otherState)}Comm Failure             09:29:58 UTC Jan 10 2026`,
    '',
    '====Configuration State===',
    '        Sync Done',
    '',
  ].join('\n');
}

describe('show failover state', () => {
  for (const state of KNOWN_FAILOVER_STATES) {
    it(`reads the state "${state}" followed by its failure reason`, () => {
      const result = parseShowFailoverState(stateOutput('Secondary', state, 'Primary', 'Active', 'Ifc Failure'));
      assert.deepEqual(result, { thisHost: { role: 'secondary', state }, otherHost: { role: 'primary', state: 'Active' } });
    });
  }

  it('reads a state that fills its column and runs straight into the failure reason', () => {
    const text = `${HEADER}\nThis host  -   Secondary\n               Sync File SystemNone\nOther host -   Primary\n               Active Config AppliedComm Failure\n`;
    assert.deepEqual(parseShowFailoverState(text), {
      thisHost: { role: 'secondary', state: 'Sync File System' },
      otherHost: { role: 'primary', state: 'Active Config Applied' },
    });
  });

  it('refuses a line where the state and the failure reason cannot be told apart', () => {
    const text = `${HEADER}\nThis host  -   Primary\n               Active         None\nOther host -   Secondary\n               Standby Ready Comm Failure\n`;
    assert.throws(() => parseShowFailoverState(text), /cannot tell the state from the failure reason/);
  });

  it('reads a state with no failure reason after it', () => {
    const text = `${HEADER}\nThis host  -   Primary\n               Active\nOther host -   Secondary\n               Cold Standby\n`;
    assert.deepEqual(parseShowFailoverState(text), {
      thisHost: { role: 'primary', state: 'Active' },
      otherHost: { role: 'secondary', state: 'Cold Standby' },
    });
  });

  it('answers without a mate only when the table visibly ended', () => {
    const text = `${HEADER}\nThis host  -   Primary\n               Active         None\n====Configuration State===\n        Sync Done\n`;
    assert.deepEqual(parseShowFailoverState(text), { thisHost: { role: 'primary', state: 'Active' } });
    assert.throws(() => parseShowFailoverState(`${HEADER}\nThis host  -   Primary\n               Active         None\n`), /Other host/);
  });

  it('refuses a state line cut where a longer state could continue', () => {
    assert.throws(() => parseShowFailoverState(`${HEADER}\nThis host  -   Primary\n               Active`), /cut short/);
    assert.throws(() => parseShowFailoverState(`${HEADER}\nThis host  -   Primary\n               Standby Re`), /cut short/);
  });

  it('refuses output that is not show failover state', () => {
    assert.throws(() => parseShowFailoverState('This host: Primary - Active\nOther host: Secondary - Standby Ready\n'), ParseError);
    assert.throws(() => parseShowFailoverState(''), ParseError);
  });
});
