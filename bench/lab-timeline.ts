// Reads the lab's own history to find what the devices themselves took: the device-bound critical path of an
// upgrade and how long the engine took to act once a unit was ready. Everything is on the lab's clock.

import type { LabEvent } from '../src/lab';

export interface CriticalPath {
  /** The slower unit's time spent copying (its copies' intervals merged). */
  copyMs: number;
  /** Each unit's reload, from the reload starting to the unit back in Standby Ready, summed. */
  reloadMs: number;
  /** Each switch-over, from the command to the new active unit showing Active, summed. */
  switchoverMs: number;
  totalMs: number;
}

function mergedLength(intervals: Array<[number, number]>): number {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let current: [number, number] | undefined;
  for (const [s, e] of sorted) {
    if (!current || s > current[1]) {
      if (current) total += current[1] - current[0];
      current = [s, e];
    } else current[1] = Math.max(current[1], e);
  }
  if (current) total += current[1] - current[0];
  return total;
}

function copyIntervals(events: LabEvent[], unit: LabEvent['unit']): Array<[number, number]> {
  const intervals: Array<[number, number]> = [];
  const open: number[] = [];
  for (const e of events) {
    if (e.unit !== unit) continue;
    if (e.kind === 'copy-start') open.push(e.at);
    if (e.kind === 'copy-end' && open.length) intervals.push([open.shift()!, e.at]);
  }
  return intervals;
}

const isSwitchover = (e: LabEvent): boolean => e.kind === 'command' && /^(no )?failover active\s*$/.test((e.command ?? '').replace(/^failover exec \w+ /, ''));

export function criticalPath(events: LabEvent[]): CriticalPath {
  const copyMs = Math.max(...(['primary', 'secondary'] as const).map((u) => mergedLength(copyIntervals(events, u))));
  let reloadMs = 0;
  for (const r of events.filter((e) => e.kind === 'reload-start')) {
    const ready = events.find((e) => e.kind === 'state' && e.unit === r.unit && e.at >= r.at && e.to === 'Standby Ready');
    if (ready) reloadMs += ready.at - r.at;
  }
  let switchoverMs = 0;
  for (const c of events.filter(isSwitchover)) {
    const active = events.find((e) => e.kind === 'state' && e.at >= c.at && e.to === 'Active');
    if (active) switchoverMs += active.at - c.at;
  }
  return { copyMs, reloadMs, switchoverMs, totalMs: copyMs + reloadMs + switchoverMs };
}

const READ_ONLY = /^(show |dir|verify |terminal |enable|exit|failover exec \w+ (show |dir|verify ))/;

/**
 * For each unit that came back from a reload: the time from it reaching Standby Ready to the next command
 * that changes the pair (the engine acting on it; its read-only checks in between count as latency).
 */
export function detectionLatencies(events: LabEvent[]): number[] {
  const out: number[] = [];
  for (const r of events.filter((e) => e.kind === 'reload-start')) {
    const ready = events.find((e) => e.kind === 'state' && e.unit === r.unit && e.at >= r.at && e.to === 'Standby Ready');
    if (!ready) continue;
    const acted = events.find((e) => e.kind === 'command' && e.at >= ready.at && !READ_ONLY.test(e.command ?? ''));
    if (acted) out.push(acted.at - ready.at);
  }
  return out;
}

export function median(values: number[]): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
