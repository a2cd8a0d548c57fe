// What the tree shows of a running upgrade (the pair line's phase, the units' live states, copy progress),
// folded from the engine's events. Shared by single-pair upgrades and the pairs of an "Upgrade Pairs..." run.

import type { UpgradeEvent } from '../../core/model';
import { PHASE_SHORT, PHASE_TITLES } from '../plan-text';
import type { UpgradeView } from './pair-item';

export function newUpgradeView(): UpgradeView {
  return { phaseTitle: undefined, units: new Map(), copies: new Map() };
}

export function updateUpgradeView(view: UpgradeView, e: UpgradeEvent): void {
  if (e.type === 'phase' && e.status === 'running') {
    view.phaseTitle = PHASE_TITLES[e.phase];
    view.phaseShort = PHASE_SHORT[e.phase];
  }
  if (e.type === 'phase') {
    // A unit the phase reloads on purpose drops its sessions and passes odd states: the tree says so.
    const reloads = e.phase === 'reload-secondary' ? 'secondary' : e.phase === 'reload-primary' ? 'primary' : undefined;
    // Kept after the phase ends (a Cancel ends it while the unit still boots) until the unit reports itself ready.
    if (e.status === 'running' && reloads) view.reloading = reloads;
    if (e.phase === 'download' && e.status !== 'running') view.copies.clear();
  }
  if (e.type === 'copy') view.copies.set(e.unit, { bytes: e.bytes, totalBytes: e.totalBytes });
  if (e.type === 'unit') {
    view.units.set(e.unit.role, { role: e.unit.role, state: e.unit.state, version: e.unit.version, isActive: e.unit.isActive });
    if (view.reloading === e.unit.role && /^(active|standby ready)$/i.test(e.unit.state)) view.reloading = undefined;
  }
}
