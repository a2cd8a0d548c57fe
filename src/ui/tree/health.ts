// A pair's health in a few words (the pair line has little room at the sidebar's default width) and how old a
// reading is, for the tree and the log alike.

import type { PairStatus } from '../../core/model';

export function pairHealth(status: PairStatus): { text: string; level: 'ok' | 'warn' | 'error' } {
  if (!status.failoverEnabled) return { text: 'failover off', level: 'error' };
  const versions = new Set(status.units.map((u) => u.version));
  const active = status.units.filter((u) => u.isActive);
  const standby = status.units.find((u) => !u.isActive);
  if (status.units.length < 2) return { text: 'mate not seen', level: 'warn' };
  if (active.length !== 1) return { text: `${active.length} active units`, level: 'error' };
  if (versions.size > 1) return { text: 'mixed versions', level: 'warn' };
  if (standby && standby.state.toLowerCase() === 'unknown') return { text: 'standby unknown', level: 'warn' };
  if (standby && standby.state.toLowerCase() !== 'standby ready') return { text: `standby ${standby.state}`, level: 'warn' };
  if (active[0].role !== 'primary') return { text: 'secondary active', level: 'warn' };
  return { text: 'healthy', level: 'ok' };
}

/** "40 s ago", "5 min ago", "2 h ago", "3 d ago". */
export function ageText(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.floor(h / 24)} d ago`;
}

/** Whether a reading made at `readAt` is stale: older than two refresh intervals (or a minute when polling is off). */
export function isStale(readAt: number | undefined, intervalMs: number, now = Date.now()): boolean {
  if (readAt === undefined) return false;
  return now - readAt > 2 * (intervalMs > 0 ? intervalMs : 60_000);
}

/** "14:02": 24-hour, no seconds (the pair line has room for five characters of time). */
export function clockTime(at: number): string {
  return new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hour12: false });
}
