// `show running-config` reduced to a checksum that changes when the configuration does, but not for the
// lines an upgrade changes by itself: `boot system` and `asdm image` (the upgrade sets them), `ASA Version`
// (the new release prints its own), the `:` comment header and footer (serial number, hardware, saved
// time) and `Cryptochecksum:` (the device's own checksum covers the boot lines).

import { createHash } from 'node:crypto';
import { outputLines, parseError } from './text';

const UPGRADE_OWNED = [/^boot system\s/i, /^asdm image\s/i, /^ASA Version\s/i, /^:/, /^Cryptochecksum:/i];

export function configChecksum(text: string): string {
  const lines = outputLines(text).filter((l) => l.complete);
  if (!lines.some((l) => /^(ASA Version|hostname)\s/i.test(l.text))) throw parseError('show running-config', 'no "ASA Version" or "hostname" line', text);
  const kept = lines.map((l) => l.raw.trimEnd()).filter((l) => l !== '' && !UPGRADE_OWNED.some((re) => re.test(l.trim())));
  return createHash('sha256').update(kept.join('\n')).digest('hex');
}
