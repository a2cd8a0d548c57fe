// `show failover state`: the role on the host line, the state (words with single spaces) at the start of
// the next line, followed by the last failure reason in its own column:
//                State          Last Failure Reason      Date/Time
// This host  -   Primary
//                Active         None
// Other host -   Secondary
//                Standby Ready  Comm Failure             09:29:58 UTC Jan 10 2019

import type { FailoverPeer } from '../../core/facts';
import { isPrefixOfLongerState, knownState, leadingKnownState, parseRole, STATE_SHAPE } from './failover-states';
import { outputLines, parseError, type OutputLine } from './text';

const WHAT = 'show failover state';
/** Width of the State column. */
const STATE_COLUMN = 15;

export function parseShowFailoverState(text: string): { thisHost: FailoverPeer; otherHost?: FailoverPeer } {
  const lines = outputLines(text).filter((l) => l.text !== '');
  const thisAt = lines.findIndex((l) => /^This host\b/i.test(l.text));
  if (thisAt < 0) throw parseError(WHAT, 'no "This host - ROLE" line', text);
  const thisHost = peer(lines, thisAt, text);
  const otherAt = lines.findIndex((l, i) => i > thisAt && /^Other host\b/i.test(l.text));
  if (otherAt < 0) {
    // Without a mate the device still prints the sections below the table; only then is the absence real.
    const tableEnded = lines.some((l, i) => i > thisAt + 1 && /^=+\s*\S/.test(l.text));
    if (!tableEnded) throw parseError(WHAT, 'no "Other host - ROLE" line (the output looks cut short)', text);
    return { thisHost };
  }
  return { thisHost, otherHost: peer(lines, otherAt, text) };
}

function peer(lines: OutputLine[], at: number, text: string): FailoverPeer {
  const host = lines[at];
  const m = /^(?:This|Other) host\s*-?\s*(\S+)$/i.exec(host.text);
  if (!m || !host.complete) throw parseError(WHAT, `"${host.text}" is not "This host - ROLE" or "Other host - ROLE"`, text);
  const role = parseRole(m[1]);
  if (!role) throw parseError(WHAT, `unknown role "${m[1]}"`, text);
  const stateLine = lines[at + 1];
  if (!stateLine) throw parseError(WHAT, `no state line under "${host.text}" (the output looks cut short)`, text);
  return { role, state: readState(stateLine, text) };
}

function readState(line: OutputLine, text: string): string {
  const known = leadingKnownState(line.text, STATE_COLUMN);
  const rest = known === undefined ? '' : line.text.slice(known.length);
  // A state that fills the column may run into the reason with one space or none between them.
  if (known !== undefined && (rest === '' || /^\s{2,}/.test(rest) || known.length >= STATE_COLUMN - 1)) {
    // On a cut line, "Active" may be the start of "Active Drain": only a following column proves it ended.
    if (!line.complete && isPrefixOfLongerState(known) && !/^\s{2,}\S/.test(rest)) {
      throw parseError(WHAT, `the state line "${line.text}" is cut short`, text);
    }
    return known;
  }
  if (!line.complete) throw parseError(WHAT, `the state line "${line.text}" is cut short`, text);
  // `Standby Ready Comm Failure`: where the state ends and the reason starts cannot be told apart.
  if (known !== undefined) throw parseError(WHAT, `cannot tell the state from the failure reason in "${line.text}"`, text);
  const state = line.text.split(/\s{2,}/)[0];
  if (!STATE_SHAPE.test(state)) throw parseError(WHAT, `unreadable failover state in "${line.text}"`, text);
  return knownState(state) ?? state;
}
