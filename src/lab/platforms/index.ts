// The lab's platforms: `asa-upgrade lab --platform NAME`, `startLab({ platform })`. LAB_PLATFORMS is the
// small typed list other tests iterate (each entry's from/to images are an upgrade valid for its model).

import { asa5516 } from './asa5516';
import { asa5525 } from './asa5525';
import { asa5555 } from './asa5555';
import { asa5585 } from './asa5585';
import { asav } from './asav';
import { fpr2100 } from './fpr2100';
import type { ImageFamily, LabImageSet, LabPlatform } from './platform';

export type { ImageFamily, LabImageSet, LabPlatform, VersionFacts } from './platform';

/** Every platform, the default (ASAv) first. */
export const PLATFORMS: readonly LabPlatform[] = [asav, asa5516, asa5525, asa5555, asa5585, fpr2100];

export const DEFAULT_PLATFORM: LabPlatform = asav;

export type LabPlatformName = 'asav' | 'asa5516' | 'asa5525' | 'asa5555' | 'asa5585' | 'fpr2100';

/** What a test of another area needs to know about a lab platform. */
export interface LabPlatformSummary {
  name: LabPlatformName;
  title: string;
  /** As `show version` prints it after `Hardware:` (`ASAv`, `ASA5516`, `ASA5585-SSP-10`, `FPR-2130`). */
  model: string;
  family: ImageFamily;
  lastRelease: string | undefined;
  from: LabImageSet;
  to: LabImageSet;
}

export const LAB_PLATFORMS: readonly LabPlatformSummary[] = PLATFORMS.map((p) => ({
  name: p.name as LabPlatformName,
  title: p.title,
  model: p.model,
  family: p.family,
  lastRelease: p.lastRelease,
  from: { ...p.from },
  to: { ...p.to },
}));

export function platformNames(): string[] {
  return PLATFORMS.map((p) => p.name);
}

/** The platform called `name` (case-insensitive); an error naming the choices otherwise. */
export function labPlatform(name: string): LabPlatform {
  const found = PLATFORMS.find((p) => p.name === name.trim().toLowerCase());
  if (!found) throw new Error(`Unknown lab platform "${name}": choose one of ${platformNames().join(', ')}.`);
  return found;
}
