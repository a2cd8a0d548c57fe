// ASAv, the lab's default: `smp` images, runs every current release.
// `show version` follows the ASAv10 capture of genieparser (test/fixtures/asa-outputs/
// show_version.asav10-9.8.raw): OS line, `Model Id:`, two flash lines, interfaces after two blank lines,
// smart-licensing lines, the license table indented with a tab, `Image type          :` narrow columns.
// The system image path is `(hd0,1)/FILE` as the ASAv in a public upgrade transcript prints it
// (satishdotpatel.github.io, show_version.asav-9.6-hd0.partial.raw), and `show bootvar` prints the saved
// entry the same way (show_bootvar.asav-9.6-hd0.raw). Flash entries follow that transcript's `dir`.

import {
  fileOf,
  interfaceLine,
  plainFeatures,
  showVersionHead,
  virtualSerial,
  type LabPlatform,
  type VersionFacts,
} from './platform';

const FEATURES: [string, string][] = [
  ['Maximum VLANs', '50'],
  ['Inside Hosts', 'Unlimited'],
  ['Failover', 'Active/Standby'],
  ['Encryption-DES', 'Enabled'],
  ['Encryption-3DES-AES', 'Enabled'],
  ['Security Contexts', '0'],
  ['Carrier', 'Disabled'],
  ['AnyConnect Premium Peers', '2'],
  ['AnyConnect Essentials', 'Disabled'],
  ['Other VPN Peers', '250'],
  ['Total VPN Peers', '250'],
  ['AnyConnect for Mobile', 'Disabled'],
  ['AnyConnect for Cisco VPN Phone', 'Disabled'],
  ['Advanced Endpoint Assessment', 'Disabled'],
  ['Shared License', 'Disabled'],
  ['Total TLS Proxy Sessions', '2'],
  ['Botnet Traffic Filter', 'Enabled'],
  ['Cluster', 'Disabled'],
];

const INTERFACES = ['Management0/0', ...[0, 1, 2, 3, 4, 5, 6].map((n) => `GigabitEthernet0/${n}`)];

export const asav: LabPlatform = {
  name: 'asav',
  title: 'ASAv',
  model: 'ASAv',
  family: 'smp',
  lastRelease: undefined,
  from: { asa: 'asa9-18-4-22-smp-k8.bin', asdm: 'asdm-7181-152.bin' },
  to: { asa: 'asa9-20-2-smp-k8.bin', asdm: 'asdm-7201.bin' },
  flashTotalBytes: 8 * 1024 * 1024 * 1024,
  serial: virtualSerial,
  systemImagePath: (bootedFile) => `(hd0,1)/${fileOf(bootedFile)}`,
  bootVariablePath: (entry) => (/^disk0:\/?/i.test(entry) ? `(hd0,1)/${fileOf(entry)}` : entry),
  showVersion: (f: VersionFacts) => [
    ...showVersionHead(f, asav.systemImagePath(f.bootedFile, f.version)),
    'Hardware:   ASAv, 2048 MB RAM, CPU Xeon E5 series 3491 MHz,',
    'Model Id:   ASAv10',
    'Internal ATA Compact Flash, 8192MB',
    'Slot 1: ATA Compact Flash, 8192MB',
    'BIOS Flash Firmware Hub @ 0x0, 0KB',
    '',
    '',
    ...INTERFACES.map((name, i) => interfaceLine(i, 'Ext', name, `5001.0003.000${i}`, i % 4 < 2 ? 11 : 10)),
    '',
    'License mode: Smart Licensing',
    // The capture's unit was unlicensed; a licensed one's wording is not in any public capture.
    'ASAv Platform License State: Unlicensed',
    'No active entitlement: no feature tier and no throughput level configured',
    '*Memory resource allocation is more than the permitted limit.',
    '',
    'Licensed features for this platform:',
    ...plainFeatures(FEATURES, '\t'),
    '',
    `Serial Number: ${f.serial}`,
    '',
    'Image type          : Release',
    'Key version         : A',
    '',
    'Configuration last modified by admin at 09:40:52.309 UTC Mon Nov 3 2025',
  ],
  // `slot 0: ASAv hw/sw rev (/9.12(2)) status (Up Sys)` in genieparser's ASAv 9.12 `show failover` capture.
  failoverSlot: (version, status) => `slot 0: ASAv hw/sw rev (/${version}) status (${status})`,
  systemEntries: [
    { name: 'use_ttyS0', isDirectory: false, size: 0 },
    { name: 'smart-log', isDirectory: true, size: 4096 },
    { name: 'log', isDirectory: true, size: 4096 },
    { name: 'coredumpinfo', isDirectory: true, size: 4096 },
    { name: 'tmp', isDirectory: true, size: 4096 },
  ],
};
