// The words and numbers the CLI and the editor both show for an upgrade, so the terminal, the tree, the
// confirmation and the webview name phases and sizes the same way.

import type { PhaseId } from './model';

export const PHASE_TITLES: Record<PhaseId, string> = {
  preconditions: 'Check preconditions',
  download: 'Download images to both units',
  'boot-config': 'Set boot and ASDM images, save',
  'reload-secondary': 'Reload the secondary',
  'failover-to-secondary': 'Fail over to the secondary',
  'reload-primary': 'Reload the primary',
  'failover-to-primary': 'Fail over back to the primary',
};

export const PHASE_ORDER = Object.keys(PHASE_TITLES) as PhaseId[];

export function formatBytes(n: number | undefined): string {
  if (n === undefined) return '-';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

export const capitalised = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
