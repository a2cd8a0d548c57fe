// ASA 5525-X: `smp` images, last release train 9.14. No public capture of a 5525's `show version` was found:
// it takes the 5555 capture's shape (asa5500x.ts) with the 5525's model values from Cisco's data sheet.

import { hardwareSerial, type LabPlatform } from './platform';
import { showVersion5500x, SYSTEM_ENTRIES_5500X } from './asa5500x';

export const asa5525: LabPlatform = {
  name: 'asa5525',
  title: 'ASA 5525-X',
  model: 'ASA5525',
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
        hardware: 'ASA5525, 8192 MB RAM, CPU Lynnfield 2393 MHz, 1 CPU (4 cores)',
        asaShare: 'ASA: 4096 MB RAM, 1 CPU (2 cores)',
        licenseSentence: 'This platform has an ASA5525 VPN Premium license.',
        maximumVlans: '200',
        vpnPeers: '750',
      },
      f,
    ),
  failoverSlot: (version, status) => `slot 0: ASA5525 hw/sw rev (1.0/${version}) status (${status})`,
  systemEntries: SYSTEM_ENTRIES_5500X,
};
