// The record of a fleet run, written after every pair ends, so `fleet --resume` knows which pairs are done,
// which stopped (their own journals continue them) and which never started, and keeps each pair's checks
// from before its first change. It holds no secret: requests are stored with URL passwords masked.

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import type { PairChecks } from '../checks/read';
import { userStateDirectory } from '../state-dir';
import { redactUrlCredentials } from '../redact';
import type { PairEnd } from './rollout';

export const FLEET_STATE_FORMAT = 1;

export interface FleetPairState {
  status: 'pending' | 'running' | PairEnd;
  message?: string;
  journal: string;
  before?: PairChecks;
  updatedAt: number;
}

export interface FleetState {
  format: number;
  inventory: string;
  limit?: string;
  startedAt: number;
  updatedAt: number;
  stoppedBecause?: string;
  pairs: Record<string, FleetPairState>;
}

/** One state file per inventory and --limit, in the user's state directory beside the journals, unless --state names one. */
export function defaultFleetStatePath(env: NodeJS.ProcessEnv, inventory: string, limit: string | undefined): string {
  const id = createHash('sha256').update(`${resolve(inventory)}\n${limit ?? ''}`).digest('hex').slice(0, 16);
  return join(userStateDirectory(env), 'fleets', `${id}.json`);
}

export function loadFleetState(path: string): FleetState | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as FleetState;
    return parsed.format === FLEET_STATE_FORMAT && parsed.pairs && typeof parsed.pairs === 'object' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function saveFleetState(path: string, state: FleetState): void {
  mkdirSync(dirname(path), { recursive: true });
  state.updatedAt = Date.now();
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${redactUrlCredentials(JSON.stringify(state, null, 2))}\n`, { mode: 0o600 });
  renameSync(tmp, path);
}

/** A pair whose upgrade is behind it: resume does not touch it again. */
export function pairDone(s: FleetPairState | undefined): boolean {
  return s?.status === 'upgraded' || s?.status === 'upgraded-with-regressions' || s?.status === 'downloaded';
}
