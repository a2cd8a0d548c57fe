// Serial numbers for lab units: every lab instance, and every unit in it, gets its own, so parallel tests,
// the chaos suite and multi-pair labs never look like one pair (locks and journals are keyed on them).
// The shape is Cisco's hardware serial format LLLYYWWSSSS (Cisco's "Serial Number Format" for its hardware:
// a 3-letter manufacturing site, year since 1996, week, 4 alphanumerics), as the real captures show
// (`JAF1610APKQ` in show_failover.primary-active.asa5585, `FCH1234V0XY`); ASAv serial numbers are 11
// alphanumerics starting with 9A (`9AT1L9EX0DF` in show_version.asav-9.5).

import { randomInt } from 'node:crypto';

const ALNUM = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const issued = new Set<string>();

function pick(n: number, alphabet = ALNUM): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[randomInt(alphabet.length)];
  return s;
}

/** A serial from `draw` (a platform's format, src/lab/platforms/) that was not issued before in this process. */
export function uniqueSerial(draw: () => string): string {
  for (;;) {
    const serial = draw();
    if (!issued.has(serial)) {
      issued.add(serial);
      return serial;
    }
  }
}

/** A hardware serial such as `FCH2219V0PA`, unique in this process. `site`: the manufacturing site code. */
export function randomHardwareSerial(site = 'FCH'): string {
  for (;;) {
    const year = String(randomInt(15, 28)).padStart(2, '0');
    const week = String(randomInt(1, 53)).padStart(2, '0');
    const serial = `${site}${year}${week}${pick(4)}`;
    if (!issued.has(serial)) {
      issued.add(serial);
      return serial;
    }
  }
}

/** An ASAv serial such as `9AT1L9EX0DF`, unique in this process. */
export function randomVirtualSerial(): string {
  for (;;) {
    const serial = `9A${pick(9)}`;
    if (!issued.has(serial)) {
      issued.add(serial);
      return serial;
    }
  }
}
