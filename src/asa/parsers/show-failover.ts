// `show failover`. Both the flush-left (9.x) and the indented (8.x) layouts, trailing spaces, and a
// secondary that is active. With failover on, both host lines must be there: the engine decides reloads
// and switch-overs on them, so output cut before them is an error, not a partial answer.

import { UnsupportedSetupError } from '../../core/errors';
import type { FailoverPeer, FailoverStatus } from '../../core/facts';
import { isPrefixOfLongerState, knownState, parseRole, STATE_SHAPE } from './failover-states';
import { ASA_VERSION } from './show-version';
import { outputLines, parseError, type OutputLine } from './text';

const WHAT = 'show failover';
/** Cisco serial numbers: letters and digits (`JAF1610APKQ`, `FCH2219V0PA`, `9AT1L9EX0DF`). */
const SERIAL = /^(?!unknown$)[A-Z0-9]{6,20}$/i;

export function parseShowFailover(text: string): FailoverStatus {
  const lines = outputLines(text);
  const onOff = lines.find((l) => l.complete && /^Failover (On|Off)$/i.test(l.text));
  if (!onOff) throw parseError(WHAT, 'no "Failover On" or "Failover Off" line', text);
  const status: FailoverStatus = { enabled: /on$/i.test(onOff.text) };

  for (const line of lines) {
    if (!line.complete) continue;
    const unit = /^Failover unit\s+(\S+)$/i.exec(line.text);
    if (unit && status.configuredRole === undefined) {
      const role = parseRole(unit[1]);
      if (!role) throw parseError(WHAT, `unknown failover unit "${unit[1]}"`, text);
      status.configuredRole = role;
    }
    const version = /^Version:\s*Ours\s+(\S+?),\s*Mate\s+(\S+)$/i.exec(line.text);
    if (version && status.ourVersion === undefined) {
      // A mate that is not detected has no version to show; only a real version is reported.
      if (ASA_VERSION.test(version[1])) status.ourVersion = version[1];
      if (ASA_VERSION.test(version[2])) status.mateVersion = version[2];
    }
    const serial = /^Serial Number:\s*Ours\s+(\S+?),\s*Mate\s+(\S+)$/i.exec(line.text);
    if (serial && status.ourSerial === undefined) {
      // A mate that is not detected has no serial to show: only serial-shaped values are reported.
      if (SERIAL.test(serial[1])) status.ourSerial = serial[1];
      if (SERIAL.test(serial[2])) status.mateSerial = serial[2];
    }
    const last = /^Last Failover at:\s*(.+)$/i.exec(line.text);
    if (last && status.lastFailover === undefined) status.lastFailover = last[1];
  }

  // Active/Active prints per-group states (`Group 1 State: Active`) and host lines without a state: a plain
  // refusal, not a parse error (Cisco command reference, show failover, Active/Active example).
  if (status.enabled && lines.some((l) => l.complete && (/^Group\s+\d+\s+(State:|last failover)/i.test(l.text) || /^(This|Other) host\s*:\s*(Primary|Secondary)\s*$/i.test(l.text)))) {
    throw new UnsupportedSetupError(
      'This pair runs Active/Active failover (show failover lists failover groups). This tool upgrades Active/Standby pairs only; ' +
        "upgrade an Active/Active pair by hand following Cisco's upgrade guide. Nothing was changed.",
    );
  }
  const thisHost = hostLine(lines, 'This host', text);
  const otherHost = hostLine(lines, 'Other host', text);
  if (status.enabled) {
    if (!thisHost) throw parseError(WHAT, 'failover is on but there is no "This host: ROLE - STATE" line', text);
    if (!otherHost) throw parseError(WHAT, 'failover is on but there is no "Other host: ROLE - STATE" line', text);
  }
  if (thisHost) status.thisHost = thisHost;
  if (otherHost) status.otherHost = otherHost;
  return status;
}

function hostLine(lines: OutputLine[], label: 'This host' | 'Other host', text: string): FailoverPeer | undefined {
  const re = new RegExp(`^${label}\\s*:\\s*(.*)$`, 'i');
  for (const line of lines) {
    const m = re.exec(line.text);
    if (!m) continue;
    // Active/Active prints `This host: Primary` and the states per group on later lines: not supported.
    const peer = /^(\S+)\s+-\s+(.+)$/.exec(m[1]);
    if (!peer) throw parseError(WHAT, `"${line.text}" is not "${label}: ROLE - STATE" (Active/Active failover is not supported)`, text);
    const role = parseRole(peer[1]);
    if (!role) throw parseError(WHAT, `unknown role "${peer[1]}" in "${line.text}"`, text);
    const state = peer[2].trim().replace(/\s+/g, ' ');
    if (!STATE_SHAPE.test(state)) throw parseError(WHAT, `unreadable failover state "${state}"`, text);
    const known = knownState(state);
    if (!line.complete && (known === undefined || isPrefixOfLongerState(known))) {
      throw parseError(WHAT, `the "${label}" line is cut short`, text);
    }
    return { role, state: known ?? state };
  }
  return undefined;
}
