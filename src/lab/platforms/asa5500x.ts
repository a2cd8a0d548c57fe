// The `show version` shape of the `smp` 5500-X appliances (5525-X, 5555-X, 5585-X), from the ASA 5555
// capture of genieparser (test/fixtures/asa-outputs/show_version.asa5555-9.14.raw): OS line, the
// indented `ASA:` line under `Hardware:`, the accelerator block with its microcode lines, the BMC line, two
// blank lines, 14 interfaces, the license table, the license sentence, serial, activation key,
// configuration register, then `Image type          :` narrow columns after a blank line.
// That capture is the only full public one of this family; the 5525 and 5585 differ in the model values
// (RAM, CPU, cores, license sentence), which come from Cisco's data sheets, not from captures.

import { interfaceLine, perpetualFeatures, showVersionHead, type VersionFacts } from './platform';

export interface Appliance5500x {
  /** `ASA5555, 16384 MB RAM, CPU Lynnfield 2800 MHz, 1 CPU (8 cores)` */
  hardware: string;
  /** `ASA: 8575 MB RAM, 1 CPU (2 cores)` */
  asaShare: string;
  /** `This platform has an ASA5555 VPN Premium license.` */
  licenseSentence: string;
  maximumVlans: string;
  vpnPeers: string;
}

const INTERFACES: ['Ext' | 'Int', string, number][] = [
  ['Int', 'Internal-Data0/0', 11],
  ...[0, 1, 2, 3, 4, 5, 6, 7].map((n): ['Ext', string, number] => ['Ext', `GigabitEthernet0/${n}`, n % 4 < 2 ? 5 : 10]),
  ['Int', 'Internal-Data0/1', 0],
  ['Int', 'Internal-Control0/0', 0],
  ['Int', 'Internal-Data0/2', 0],
  ['Ext', 'Management0/0', 0],
  ['Int', 'Internal-Data0/3', 0],
];

export function showVersion5500x(model: Appliance5500x, f: VersionFacts): string[] {
  const features: [string, string][] = [
    ['Maximum Physical Interfaces', 'Unlimited'],
    ['Maximum VLANs', model.maximumVlans],
    ['Inside Hosts', 'Unlimited'],
    ['Failover', 'Active/Active'],
    ['Encryption-DES', 'Enabled'],
    ['Encryption-3DES-AES', 'Enabled'],
    ['Security Contexts', '2'],
    ['Carrier', 'Disabled'],
    ['AnyConnect Premium Peers', '2'],
    ['AnyConnect Essentials', 'Disabled'],
    ['Other VPN Peers', model.vpnPeers],
    ['Total VPN Peers', model.vpnPeers],
    ['AnyConnect for Mobile', 'Disabled'],
    ['AnyConnect for Cisco VPN Phone', 'Disabled'],
    ['Advanced Endpoint Assessment', 'Disabled'],
    ['Shared License', 'Disabled'],
    ['Total TLS Proxy Sessions', '2'],
    ['Botnet Traffic Filter', 'Disabled'],
    ['IPS Module', 'Disabled'],
    ['Cluster', 'Enabled'],
    ['Cluster Members', '2'],
  ];
  return [
    ...showVersionHead(f, f.bootedFile),
    `Hardware:   ${model.hardware}`,
    `            ${model.asaShare}`,
    'Internal ATA Compact Flash, 8192MB',
    'BIOS Flash MX25L6445E @ 0xffbb0000, 8192KB',
    '',
    'Encryption hardware device : Cisco ASA Crypto on-board accelerator (revision 0x1)',
    '                             Boot microcode        : CNPx-MC-BOOT-2.00',
    '                             SSL/IKE microcode     : CNPx-MC-SSL-SB-PLUS-0005',
    '                             IPSec microcode       : CNPx-MC-IPSEC-MAIN-0026',
    '                             Number of accelerators: 1',
    'Baseboard Management Controller (revision 0x1) Firmware Version: 2.4',
    '',
    '',
    ...INTERFACES.map(([kind, name, irq], i) => interfaceLine(i, kind, name, `d8b1.9041.5c${(0x41 + i).toString(16)}`, irq)),
    '',
    'Licensed features for this platform:',
    ...perpetualFeatures(features),
    '',
    model.licenseSentence,
    '',
    `Serial Number: ${f.serial}`,
    'Running Permanent Activation Key: 0x2c0ef34f 0x1c4f6e61 0x1d7a1c9c 0xa0f4b0c0 0x8e2fb6d1',
    'Configuration register is 0x1',
    '',
    'Image type          : Release',
    'Key version         : A',
    '',
    'Configuration last modified by admin at 09:40:52.309 UTC Mon Nov 3 2025',
  ];
}

/** Flash entries of a 5500-X: the directories of the 5506 `dir` capture. */
export const SYSTEM_ENTRIES_5500X = [
  { name: 'log', isDirectory: true, size: 4096 },
  { name: 'crypto_archive', isDirectory: true, size: 4096 },
  { name: 'coredumpinfo', isDirectory: true, size: 4096 },
] as const;
