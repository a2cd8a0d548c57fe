// ASA 5555-X: `smp` images, last release train 9.14. Its `show version` is the genieparser 5555 capture
// (test/fixtures/asa-outputs/show_version.asa5555-9.14.raw), see asa5500x.ts; serials as Cisco hardware.

import { hardwareSerial, type LabPlatform } from './platform';
import { showVersion5500x, SYSTEM_ENTRIES_5500X } from './asa5500x';

export const asa5555: LabPlatform = {
  name: 'asa5555',
  title: 'ASA 5555-X',
  model: 'ASA5555',
  family: 'smp',
  lastRelease: '9.14',
  from: { asa: 'asa9-12-4-37-smp-k8.bin', asdm: 'asdm-7122.bin' },
  to: { asa: 'asa9-14-2-14-smp-k8.bin', asdm: 'asdm-7161-150.bin' },
  flashTotalBytes: 8192 * 1024 * 1024,
  serial: (random) => hardwareSerial('FCH', random, [17, 21]),
  systemImagePath: (bootedFile) => bootedFile,
  bootVariablePath: (entry) => entry,
  showVersion: (f) =>
    showVersion5500x(
      {
        hardware: 'ASA5555, 16384 MB RAM, CPU Lynnfield 2800 MHz, 1 CPU (8 cores)',
        asaShare: 'ASA: 8575 MB RAM, 1 CPU (2 cores)',
        licenseSentence: 'This platform has an ASA5555 VPN Premium license.',
        maximumVlans: '500',
        vpnPeers: '5000',
      },
      f,
    ),
  // `slot 0: ASA5512 hw/sw rev (1.0/8.6(1)2) status (Up Sys)` in ntc-templates' 5512 `show failover` capture.
  failoverSlot: (version, status) => `slot 0: ASA5555 hw/sw rev (1.0/${version}) status (${status})`,
  systemEntries: SYSTEM_ENTRIES_5500X,
};
