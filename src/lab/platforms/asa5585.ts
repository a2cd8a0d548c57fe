// ASA 5585-X (SSP-10): `smp` images, last release train 9.12. `show failover` prints
// `slot 0: ASA5585-SSP-10 hw/sw rev (2.2/9.12(4)37)` as in ntc-templates' 5585 capture on 9.12(4)37
// (show_failover.primary-active.asa5585-9.12.raw), serials like its `JAD123456Q7`/`JAF1610APKQ`.
// No full public `show version` of a 5585 was found (only `Hardware:   ASA5585-SSP-40` in NetSPoC's test
// transcripts): it takes the 5555 capture's shape (asa5500x.ts) with the SSP-10's values from Cisco's data sheet.

import { hardwareSerial, type LabPlatform } from './platform';
import { showVersion5500x, SYSTEM_ENTRIES_5500X } from './asa5500x';

export const asa5585: LabPlatform = {
  name: 'asa5585',
  title: 'ASA 5585-X (SSP-10)',
  model: 'ASA5585-SSP-10',
  family: 'smp',
  lastRelease: '9.12',
  from: { asa: 'asa984-10-smp-k8.bin', asdm: 'asdm-782.bin' },
  to: { asa: 'asa9-12-4-37-smp-k8.bin', asdm: 'asdm-7122.bin' },
  flashTotalBytes: 8192 * 1024 * 1024,
  serial: (random) => hardwareSerial('JAF', random, [14, 18]),
  systemImagePath: (bootedFile) => bootedFile,
  bootVariablePath: (entry) => entry,
  showVersion: (f) =>
    showVersion5500x(
      {
        hardware: 'ASA5585-SSP-10, 6144 MB RAM, CPU Xeon 5500 series 2000 MHz, 1 CPU (4 cores)',
        asaShare: 'ASA: 3072 MB RAM, 1 CPU (2 cores)',
        licenseSentence: 'This platform has an ASA5585 Security Plus license.',
        maximumVlans: '1024',
        vpnPeers: '5000',
      },
      f,
    ),
  failoverSlot: (version, status) => `slot 0: ASA5585-SSP-10 hw/sw rev (2.2/${version}) status (${status})`,
  systemEntries: SYSTEM_ENTRIES_5500X,
};
