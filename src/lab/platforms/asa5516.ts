// ASA 5516-X: `lfbff` `.SPA` images, last release train 9.16.
// `show version` follows the 5516 capture of ntc-templates (test/fixtures/asa-outputs/
// show_version.asa5516-9.9-failover.raw): OS line, `failover cluster up`, one flash line, the crypto
// accelerator block, 14 interfaces, the license table twice (platform, failover cluster), serial,
// `Configuration register`, `Image type                :` wide columns. `show failover` prints
// `slot 1: ASA5516 hw/sw rev (3.1/9.6(4)5)` as in ntc-templates' firepower capture. Flash entries follow the
// 5506/5516 `dir` captures (`.boot_string`, log, crypto_archive, coredumpinfo).

import {
  hardwareSerial,
  interfaceLine,
  perpetualFeatures,
  showVersionHead,
  type LabPlatform,
  type VersionFacts,
} from './platform';

const FEATURES: [string, string][] = [
  ['Maximum Physical Interfaces', 'Unlimited'],
  ['Maximum VLANs', '150'],
  ['Inside Hosts', 'Unlimited'],
  ['Failover', 'Active/Active'],
  ['Encryption-DES', 'Enabled'],
  ['Encryption-3DES-AES', 'Enabled'],
  ['Security Contexts', '2'],
  ['Carrier', 'Disabled'],
  ['AnyConnect Premium Peers', '4'],
  ['AnyConnect Essentials', 'Disabled'],
  ['Other VPN Peers', '300'],
  ['Total VPN Peers', '300'],
  ['AnyConnect for Mobile', 'Disabled'],
  ['AnyConnect for Cisco VPN Phone', 'Disabled'],
  ['Advanced Endpoint Assessment', 'Disabled'],
  ['Shared License', 'Disabled'],
  ['Total TLS Proxy Sessions', '1000'],
  ['Botnet Traffic Filter', 'Disabled'],
  ['Cluster', 'Enabled'],
  ['Cluster Members', '2'],
  ['VPN Load Balancing', 'Enabled'],
];

const INTERFACES: ['Ext' | 'Int', string, number][] = [
  ...[1, 2, 3, 4, 5, 6, 7, 8].map((n): ['Ext', string, number] => ['Ext', `GigabitEthernet1/${n}`, 255]),
  ['Int', 'Internal-Data1/1', 255],
  ['Int', 'Internal-Data1/2', 0],
  ['Int', 'Internal-Control1/1', 0],
  ['Int', 'Internal-Data1/3', 0],
  ['Ext', 'Management1/1', 0],
  ['Int', 'Internal-Data1/4', 0],
];

export const asa5516: LabPlatform = {
  name: 'asa5516',
  title: 'ASA 5516-X',
  model: 'ASA5516',
  family: 'lfbff',
  lastRelease: '9.16',
  from: { asa: 'asa9-12-4-lfbff-k8.SPA', asdm: 'asdm-7122.bin' },
  to: { asa: 'asa9-16-3-19-lfbff-k8.SPA', asdm: 'asdm-7181-152.bin' },
  flashTotalBytes: 8000 * 1000 * 1000,
  serial: (random) => hardwareSerial('JAD', random, [19, 22]),
  systemImagePath: (bootedFile) => bootedFile,
  bootVariablePath: (entry) => entry,
  showVersion: (f: VersionFacts) => [
    ...showVersionHead(f, f.bootedFile),
    'Hardware:   ASA5516, 8192 MB RAM, CPU Atom C2000 series 2416 MHz, 1 CPU (8 cores)',
    'Internal ATA Compact Flash, 8000MB',
    'BIOS Flash M25P64 @ 0xfed01000, 16384KB',
    '',
    'Encryption hardware device : Cisco ASA Crypto on-board accelerator (revision 0x1)',
    '                             Number of accelerators: 1',
    '',
    ...INTERFACES.map(([kind, name, irq], i) => interfaceLine(i + 1, kind, name, `7872.5dce.e5${(0x8b + i).toString(16)}`, irq)),
    '',
    'Licensed features for this platform:',
    ...perpetualFeatures(FEATURES),
    '',
    '',
    'Failover cluster licensed features for this platform:',
    ...perpetualFeatures(FEATURES.filter(([name]) => name !== 'Cluster Members')),
    '',
    `Serial Number: ${f.serial}`,
    'Configuration register is 0x1',
    'Image type                : Release',
    'Key Version               : A',
    'Configuration last modified by admin at 09:40:52.309 UTC Mon Nov 3 2025',
  ],
  failoverSlot: (version, status) => `slot 1: ASA5516 hw/sw rev (3.1/${version}) status (${status})`,
  systemEntries: [
    { name: '.boot_string', isDirectory: false, size: 89 },
    { name: 'log', isDirectory: true, size: 4096 },
    { name: 'crypto_archive', isDirectory: true, size: 4096 },
    { name: 'coredumpinfo', isDirectory: true, size: 4096 },
  ],
};
