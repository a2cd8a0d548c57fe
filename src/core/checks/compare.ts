// What changed between the readings before an upgrade and after fail-back, and which changes are
// regressions: a link that was up and is not, a unit that is no longer healthy, routes or connections that
// moved more than the settable tolerances. Everything that differs is listed so the report shows it.

import type { PairChecks } from './read';
import { pairHealthy } from './read';

export interface CheckThresholds {
  /** Largest change of the route count still accepted, in percent (default 10). */
  routesPercent: number;
  /** Largest change of the connection count still accepted, in percent (default 50). */
  connectionsPercent: number;
}

export const DEFAULT_CHECK_THRESHOLDS: CheckThresholds = { routesPercent: 10, connectionsPercent: 50 };

export interface CheckDifference {
  item: string;
  before: string;
  after: string;
  regression: boolean;
  /** Why it is (or is not) a regression, in plain words. */
  note?: string;
}

export interface CheckComparison {
  differences: CheckDifference[];
  /** Plain-words summary of each regression; empty when none. */
  regressions: string[];
}

function percentChange(before: number, after: number): number {
  if (before === 0) return after === 0 ? 0 : 100;
  return (Math.abs(after - before) / before) * 100;
}

const isUp = (s: string | undefined): boolean => s === 'up';

export function compareChecks(before: PairChecks, after: PairChecks, thresholds: CheckThresholds = DEFAULT_CHECK_THRESHOLDS): CheckComparison {
  const differences: CheckDifference[] = [];
  for (const role of ['primary', 'secondary'] as const) {
    const b = before.units.find((u) => u.role === role);
    const a = after.units.find((u) => u.role === role);
    if (b?.state !== a?.state) differences.push({ item: `${role} failover state`, before: b?.state ?? 'not read', after: a?.state ?? 'not read', regression: false });
    if (b?.version !== a?.version) differences.push({ item: `${role} version`, before: b?.version ?? 'not read', after: a?.version ?? 'not read', regression: false, note: 'the upgrade' });
  }
  if (pairHealthy(before) && !pairHealthy(after)) {
    const states = after.units.map((u) => `${u.role} ${u.state}`).join(', ');
    differences.push({ item: 'pair health', before: 'one unit Active, the other Standby Ready', after: states || 'not read', regression: true, note: 'a unit is not healthy after the upgrade' });
  }
  const bh = before.health;
  const ah = after.health;
  if (bh && ah) {
    for (const i of bh.interfaces) {
      const now = ah.interfaces.find((x) => x.name === i.name);
      const wasUp = isUp(i.status) && isUp(i.protocol);
      const nowUp = isUp(now?.status) && isUp(now?.protocol);
      const shown = (x?: { status: string; protocol: string }) => (x ? `${x.status}/${x.protocol}` : 'missing');
      if (shown(i) !== shown(now)) differences.push({ item: `interface ${i.name}`, before: shown(i), after: shown(now), regression: wasUp && !nowUp, ...(wasUp && !nowUp ? { note: 'up before the upgrade, not after' } : {}) });
    }
    if (bh.routes !== undefined && ah.routes !== undefined && bh.routes !== ah.routes) {
      const change = percentChange(bh.routes, ah.routes);
      const bad = change > thresholds.routesPercent;
      differences.push({ item: 'routes', before: String(bh.routes), after: String(ah.routes), regression: bad, note: `${change.toFixed(1)} % change (tolerance ${thresholds.routesPercent} %)` });
    }
    if (bh.connections && ah.connections && bh.connections.inUse !== ah.connections.inUse) {
      const change = percentChange(bh.connections.inUse, ah.connections.inUse);
      const bad = change > thresholds.connectionsPercent;
      differences.push({ item: 'connections in use', before: String(bh.connections.inUse), after: String(ah.connections.inUse), regression: bad, note: `${change.toFixed(1)} % change (tolerance ${thresholds.connectionsPercent} %)` });
    }
    if (bh.configChecksum && ah.configChecksum && bh.configChecksum !== ah.configChecksum) {
      differences.push({ item: 'running-config checksum (without boot system, asdm image, version)', before: bh.configChecksum.slice(0, 16), after: ah.configChecksum.slice(0, 16), regression: false, note: 'the configuration changed beyond the boot lines: review it' });
    }
  } else if (bh && !ah) {
    differences.push({ item: 'health readings', before: 'read', after: 'not read', regression: true, note: 'the active unit did not answer the checks after the upgrade' });
  }
  const regressions = differences.filter((d) => d.regression).map((d) => `${d.item}: ${d.before} -> ${d.after}${d.note ? ` (${d.note})` : ''}`);
  return { differences, regressions };
}
