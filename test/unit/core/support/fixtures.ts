// PairStatus values as readPairStatus returns them, for plan and precondition tests.

import type { UnitStatus } from '../../../../src/core/facts';
import type { PairStatus } from '../../../../src/core/model';

export const OLD_ASA = 'asa9-18-4-22-smp-k8.bin';
export const OLD_ASDM = 'asdm-7181-152.bin';
export const NEW_ASA = 'asa9-20-2-smp-k8.bin';
export const NEW_ASDM = 'asdm-7201.bin';
export const MB = 1024 * 1024;

export function unit(role: 'primary' | 'secondary', over: Partial<UnitStatus> = {}): UnitStatus {
  const active = role === 'primary';
  return {
    role,
    state: active ? 'Active' : 'Standby Ready',
    isActive: active,
    version: '9.18(4)22',
    asdmVersion: '7.18(1)152',
    // ASAv: it boots the smp .bin images these fixtures use, and has no last release (src/core/compat).
    model: 'ASAv10',
    hostname: 'asa',
    uptimeSeconds: 86_400,
    systemImage: `disk0:/${OLD_ASA}`,
    bootImages: [`disk0:/${OLD_ASA}`],
    asdmImage: `disk0:/${OLD_ASDM}`,
    flashFreeBytes: 4000 * MB,
    flashTotalBytes: 8000 * MB,
    flashFiles: [
      { name: OLD_ASA, size: 110 * MB, isDirectory: false },
      { name: OLD_ASDM, size: 28 * MB, isDirectory: false },
    ],
    ...over,
  };
}

export function pair(primary: Partial<UnitStatus> = {}, secondary: Partial<UnitStatus> = {}, over: Partial<PairStatus> = {}): PairStatus {
  return { failoverEnabled: true, units: [unit('primary', primary), unit('secondary', secondary)], activeRole: 'primary', readAt: 0, ...over };
}

export function withFile(u: Partial<UnitStatus>, name: string, size: number): Partial<UnitStatus> {
  const files = u.flashFiles ?? unit('primary').flashFiles!;
  return { ...u, flashFiles: [...files, { name, size, isDirectory: false }] };
}
