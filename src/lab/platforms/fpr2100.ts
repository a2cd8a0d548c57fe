// Firepower 2100 (FPR-2130) in appliance mode: `cisco-asa-fp2k.VERSION.SPA` packages (ASA, FXOS and ASDM in
// one bundle; a separate ASDM image can still be set with `asdm image`), no last release announced.
// `show version` follows the FPR-2130 capture in unicon.plugins' mock data (test/fixtures/asa-outputs/
// show_version.fpr2130-9.8.raw): the system image is the unpacked FXOS package inside the bundle
// (`disk0:/mnt/boot/installables/switch/fxos-k8-fp2k-npu.2.2.2.100.SPA`), never the `.SPA` on disk0: that
// `boot system` names; no flash or BIOS lines; interfaces flush left; smart licensing; the license table
// without a term column. The part after the capture's first `<--- More --->` is only in the mock with its
// spacing collapsed: the lab prints it aligned like the first part. Newer appliance-mode releases on
// Firepower 1000 print `disk0:/installables/switch/...` without `/mnt/boot` (a 9.24 FTD transcript); which
// form a 2100 on 9.18+ prints is not in any public capture.

import { hardwareSerial, interfaceLine, plainFeatures, platformOsVersion, showVersionHead, type LabPlatform, type VersionFacts } from './platform';

const FEATURES: [string, string][] = [
  ['Maximum Physical Interfaces', 'Unlimited'],
  ['Maximum VLANs', '1024'],
  ['Inside Hosts', 'Unlimited'],
  ['Failover', 'Active/Active'],
  ['Encryption-DES', 'Enabled'],
  ['Encryption-3DES-AES', 'Enabled'],
  ['Security Contexts', '2'],
  ['Carrier', 'Disabled'],
  ['AnyConnect Premium Peers', '7500'],
  ['AnyConnect Essentials', 'Disabled'],
  ['Other VPN Peers', '7500'],
  ['Total VPN Peers', '7500'],
  ['AnyConnect for Mobile', 'Enabled'],
  ['AnyConnect for Cisco VPN Phone', 'Enabled'],
  ['Advanced Endpoint Assessment', 'Enabled'],
  ['Shared License', 'Disabled'],
  ['Total TLS Proxy Sessions', '8000'],
  ['Cluster', 'Disabled'],
];

/** `2.12(1.184)` -> `2.12.1.184`, as the package name inside the bundle carries it. */
function packageVersion(version: string): string {
  return platformOsVersion(version).replace(/[()]/g, '.').replace(/\.$/, '').replace(/\.\./g, '.');
}

export const fpr2100: LabPlatform = {
  name: 'fpr2100',
  title: 'Firepower 2100 (appliance mode)',
  model: 'FPR-2130',
  family: 'fp2k',
  lastRelease: undefined,
  from: { asa: 'cisco-asa-fp2k.9.18.4.22.SPA', asdm: 'asdm-7181-152.bin' },
  to: { asa: 'cisco-asa-fp2k.9.20.2.SPA', asdm: 'asdm-7201.bin' },
  flashTotalBytes: 8 * 1024 * 1024 * 1024,
  serial: (random) => hardwareSerial('JAD', random, [20, 24]),
  systemImagePath: (_bootedFile, version) => `disk0:/mnt/boot/installables/switch/fxos-k8-fp2k-npu.${packageVersion(version)}.SPA`,
  bootVariablePath: (entry) => entry,
  showVersion: (f: VersionFacts) => [
    ...showVersionHead(f, fpr2100.systemImagePath(f.bootedFile, f.version)),
    'Hardware:   FPR-2130, 14852 MB RAM, CPU MIPS 1200 MHz, 1 CPU (12 cores)',
    '',
    interfaceLine(1, 'Int', 'Internal-Data0/1', '000f.b748.4800', 0, 1),
    interfaceLine(3, 'Ext', 'Management1/1', 'd4e8.80b7.4381', 0, 1),
    interfaceLine(4, 'Int', 'Internal-Data1/1', '0000.0100.0001', 0, 1),
    '',
    'License mode: Smart Licensing',
    'License reservation: Enabled',
    '',
    'Licensed features for this platform:',
    ...plainFeatures(FEATURES),
    '',
    'Failover cluster licensed features for this platform:',
    ...plainFeatures(FEATURES.map(([n, v]) => [n, n === 'Security Contexts' ? '4' : v])),
    '',
    `Serial Number: ${f.serial}`,
    'Configuration last modified by admin at 16:05:17.109 UTC Thu Jun 13 2019',
  ],
  // No public `show failover` of a Firepower 2100 in appliance mode: the slot line follows the 5500-X form.
  failoverSlot: (version, status) => `slot 0: FPR-2130 hw/sw rev (1.0/${version}) status (${status})`,
  systemEntries: [
    { name: 'log', isDirectory: true, size: 4096 },
    { name: 'coredumpinfo', isDirectory: true, size: 4096 },
  ],
};
