// Reads the pre/post check snapshot of a pair: both units' failover state and version (is each healthy?),
// and from the active unit, which carries the traffic, its interfaces, connections, routes and configuration.

import type { UnitRole } from '../facts';
import type { PairConnector, UnitSession } from '../ports';
import { isHealthyActive, isStandbyReady } from '../states';
import { otherUnitSession } from '../status';
import type { UnitHealthReadings } from './readings';

export interface PairCheckUnit {
  role: UnitRole;
  state: string;
  version: string;
  serial?: string;
}

export interface PairChecks {
  at: number;
  /** Which role the active address reached. */
  activeRole?: UnitRole;
  lastFailover?: string;
  units: PairCheckUnit[];
  /** From the active unit; absent when its session cannot read them. */
  health?: UnitHealthReadings;
}

export interface ReadChecksOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

async function unitOf(session: UnitSession, co: ReadChecksOptions): Promise<PairCheckUnit & { lastFailover?: string; mateRole?: UnitRole; mateState?: string }> {
  const fo = await session.showFailover(co);
  const v = await session.showVersion(co);
  return {
    role: fo.thisHost?.role ?? fo.configuredRole ?? 'primary',
    state: fo.thisHost?.state ?? (fo.enabled ? 'Unknown' : 'Failover Off'),
    version: v.version,
    ...(v.serial ? { serial: v.serial } : {}),
    ...(fo.lastFailover ? { lastFailover: fo.lastFailover } : {}),
    ...(fo.otherHost ? { mateRole: fo.otherHost.role, mateState: fo.otherHost.state } : {}),
  };
}

export async function readPairChecks(connector: PairConnector, options: ReadChecksOptions = {}): Promise<PairChecks> {
  const co = { signal: options.signal, timeoutMs: options.timeoutMs };
  const active = await connector.connect('active', co);
  const mine = await unitOf(active, co);
  const health = active.readHealth ? await active.readHealth(co) : undefined;
  const units: PairCheckUnit[] = [{ role: mine.role, state: mine.state, version: mine.version, ...(mine.serial ? { serial: mine.serial } : {}) }];
  try {
    const other = await unitOf(await otherUnitSession(connector, active, co), co);
    units.push({ role: other.role, state: other.state, version: other.version, ...(other.serial ? { serial: other.serial } : {}) });
  } catch (e) {
    if (e instanceof Error && e.name === 'AbortError') throw e;
    // The mate does not answer: what the active unit sees of it is all there is, and it counts as unhealthy.
    if (mine.mateRole) units.push({ role: mine.mateRole, state: mine.mateState ?? 'Unknown', version: 'unknown' });
  }
  units.sort((a, b) => (a.role === b.role ? 0 : a.role === 'primary' ? -1 : 1));
  return { at: Date.now(), activeRole: mine.role, ...(mine.lastFailover ? { lastFailover: mine.lastFailover } : {}), units, ...(health ? { health } : {}) };
}

/** Both units in their working states: one Active, the other Standby Ready. */
export function pairHealthy(checks: PairChecks): boolean {
  return checks.units.length === 2 && checks.units.some((u) => isHealthyActive(u.state)) && checks.units.some((u) => isStandbyReady(u.state));
}
