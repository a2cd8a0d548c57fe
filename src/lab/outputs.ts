// What the simulated units print, copied line for line from the recorded outputs of real ASAs
// (test/fixtures/asa-outputs): `show version` like show_version.*, `show failover` like the flush-left
// asa5585 recording, `dir` like dir.disk0.asa5506-9.5. Lines are joined with \n; the terminal turns them into \r\n.

import { compareVersions } from '../core/versions';
import type { LabSettings } from './context';
import type { LabHistory } from './history';
import type { LabPlatform } from './platforms';
import type { PairModel } from './pair';
import type { UnitState } from './unit';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number): string => String(n).padStart(2, '0');

/** `12:52:34 UTC Apr 26 2017` (show failover, failover history). */
export function asaTime(d: Date): string {
  return `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} UTC ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()} ${d.getUTCFullYear()}`;
}

/** `19:39:56 Nov 03 2015` (dir). */
function dirTime(d: Date): string {
  return `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} ${MONTHS[d.getUTCMonth()]} ${pad2(d.getUTCDate())} ${d.getUTCFullYear()}`;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `41 days 19 hours`, `1 year 97 days`, `2 hours 5 mins`, `3 mins 12 secs`, `7 secs` as ASAs print uptimes. */
export function formatUptime(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const years = Math.floor(s / (365 * 86400));
  const days = Math.floor((s % (365 * 86400)) / 86400);
  const hours = Math.floor((s % 86400) / 3600);
  const mins = Math.floor((s % 3600) / 60);
  const secs = s % 60;
  if (years > 0) return `${plural(years, 'year')} ${plural(days, 'day')}`;
  if (days > 0) return `${plural(days, 'day')} ${plural(hours, 'hour')}`;
  if (hours > 0) return `${plural(hours, 'hour')} ${plural(mins, 'min')}`;
  if (mins > 0) return `${plural(mins, 'min')} ${plural(secs, 'sec')}`;
  return plural(secs, 'sec');
}

/** `show version` in the shape of the lab's platform (src/lab/platforms/, each naming its capture). */
export function showVersion(u: UnitState, pair: PairModel, settings: LabSettings, now = Date.now()): string {
  const mate = pair.mateOf(u);
  const clusterSince = Math.min(u.bootedAt, mate.up ? mate.bootedAt : u.bootedAt);
  return settings.platform
    .showVersion({
      version: u.version,
      asdmVersion: u.asdmVersion,
      bootedFile: u.runningImage,
      hostname: settings.hostname,
      uptime: formatUptime(now - u.bootedAt),
      // The 5516 and FPR-2130 captures (units in a failover pair) print it; the lab is always a pair.
      clusterUptime: formatUptime(now - clusterSince),
      serial: u.serial,
    })
    .join('\n');
}

const INTERFACES = [
  { name: 'outside', active: '192.0.2.1', standby: '192.0.2.2' },
  { name: 'inside', active: '198.51.100.1', standby: '198.51.100.2' },
  { name: 'management', active: '203.0.113.1', standby: '203.0.113.2' },
];

const HOST = ' '.repeat(8);
const DETAIL = ' '.repeat(16);
const IFACE = ' '.repeat(18);

/**
 * One unit's block under `This host:`/`Other host:`, indented as the 9.12 captures print it (ntc-templates'
 * 5585 on 9.12(4)37, genieparser's ASAv on 9.12(2)). A unit that is down has no slot line and its
 * interfaces read `Unknown (Waiting)` (genieparser's ASAv capture with a Failed mate).
 */
function hostBlock(platform: LabPlatform, u: UnitState, state: string, up: boolean, isActiveRole: boolean): string[] {
  const slot = up ? platform.failoverSlot(u.version, 'Up Sys') : undefined;
  return [
    `${DETAIL}Active time: ${u.activeSeconds()} (sec)`,
    ...(slot ? [`${DETAIL}${slot}`] : []),
    ...INTERFACES.map(
      (i) =>
        `${IFACE}Interface ${i.name} (${isActiveRole ? i.active : i.standby}): ${up ? 'Normal' : 'Unknown'} (${up && state !== 'Standby Ready' ? 'Monitored' : 'Waiting'})`,
    ),
  ];
}

/** The statistics that end `show failover`, laid out as in ntc-templates' 5585 9.12(4)37 capture (values zero). */
const STATEFUL_OBJECTS = [
  'General',
  'sys cmd',
  'up time',
  'RPC services',
  'TCP conn',
  'UDP conn',
  'ARP tbl',
  'Xlate_Timeout',
  'IPv6 ND tbl',
  'VPN IKEv1 SA',
  'VPN IKEv1 P2',
  'VPN IKEv2 SA',
  'VPN IKEv2 P2',
  'VPN CTCP upd',
  'VPN SDI upd',
  'VPN DHCP upd',
  'SIP Session',
  'SIP Tx',
  'SIP Pinhole',
  'Route Session',
  'Router ID',
  'User-Identity',
  'CTS SGTNAME',
  'CTS PAC',
  'TrustSec-SXP',
  'IPv6 Route',
  'STS Table',
  'Umbrella Device-ID',
];
const ZEROES = `${'0'.padEnd(11)}${'0'.padEnd(11)}${'0'.padEnd(11)}0`;
const STATEFUL = [
  'Stateful Failover Logical Update Statistics',
  `${HOST}Link : folink GigabitEthernet0/7 (up)`,
  `${HOST}Stateful Obj    xmit       xerr       rcv        rerr`,
  // The ASA pads the names to 16 but prints `SIP Tx` and `Umbrella Device-ID` with a tab stop (as captured).
  ...STATEFUL_OBJECTS.map((name) => `${HOST}${name === 'SIP Tx' ? 'SIP Tx  ' : name.length > 15 ? `${name}      ` : name.padEnd(16)}${ZEROES}`),
  '',
  `${HOST}Logical Update Queue Information`,
  `${DETAIL}        Cur     Max     Total`,
  `${HOST}Recv Q:         0       0       0`,
  `${HOST}Xmit Q:         0       0       0`,
];

/**
 * `show failover`, as the 9.12 captures print it: header lines flush left, `Version:` and `Serial Number:`
 * with the mate's (`Mate Unknown` while it is down, genieparser's ASAv capture), the host blocks indented.
 */
export function showFailover(u: UnitState, pair: PairModel, platform: LabPlatform): string {
  const mate = pair.mateOf(u);
  const mateState = pair.mateStateSeenBy(u);
  return [
    'Failover On',
    `Failover unit ${u.roleTitle}`,
    'Failover LAN Interface: folink GigabitEthernet0/7 (up)',
    'Reconnect timeout 0:00:00',
    'Unit Poll frequency 1 seconds, holdtime 15 seconds',
    'Interface Poll frequency 5 seconds, holdtime 25 seconds',
    'Interface Policy 1',
    `Monitored Interfaces ${INTERFACES.length} of 1049 maximum`,
    'MAC Address Move Notification Interval not set',
    `Version: Ours ${u.version}, Mate ${mate.up ? mate.version : 'Unknown'}`,
    // Printed from 9.6 on (older releases need `failover exec mate show version` for the mate's serial): the 9.6
    // and 9.12 captures have it, the 8.6 and 9.5 ones do not.
    ...(compareVersions(u.version, '9.6(1)') >= 0 ? [`Serial Number: Ours ${u.serial}, Mate ${mate.up ? mate.serial : 'Unknown'}`] : []),
    `Last Failover at: ${asaTime(pair.lastFailoverAt)}`,
    `${HOST}This host: ${u.roleTitle} - ${u.state}`,
    ...hostBlock(platform, u, u.state, true, u.isActive),
    `${HOST}Other host: ${mate.roleTitle} - ${mateState}`,
    ...hostBlock(platform, mate, mateState, mate.up, mate.isActive),
    '',
    ...STATEFUL,
  ].join('\n');
}

/**
 * What the active unit prints into its sessions when its mate joins on another release, before the
 * configuration replication notices (console.mate-version-warning.on-active.*.raw: ASAv 9.6, ASA 5525-X 9.2).
 */
export function mateVersionWarning(mateVersion: string, ourVersion: string): string {
  const rule = '************WARNING****WARNING****WARNING********************************';
  return [rule, `   Mate version ${mateVersion} is not identical with ours ${ourVersion}`, rule].join('\n');
}

/** `show failover state`, laid out as the FTDv 9.18 capture (show_failover_state.mate-comm-failure.ftdv-9.18.raw). */
export function showFailoverState(u: UnitState, pair: PairModel): string {
  const mate = pair.mateOf(u);
  const mateState = pair.mateStateSeenBy(u);
  const failure = mate.up ? 'None' : 'Comm Failure';
  const when = mate.up ? '' : asaTime(new Date());
  return [
    '',
    '               State          Last Failure Reason      Date/Time',
    `This host  -   ${u.roleTitle}`,
    `               ${u.state.padEnd(15)}None`,
    `Other host -   ${mate.roleTitle}`,
    `               ${mateState.padEnd(15)}${failure.padEnd(25)}${when}`.trimEnd(),
    '',
    // The values under these headings are indented with a tab (show_failover_state.mate-comm-failure.ftdv-9.18.raw).
    '====Configuration State===',
    `\t${u.state === 'Active' || u.state === 'Standby Ready' ? 'Sync Done' : 'Sync Skipped'}`,
    '====Communication State===',
    `\t${mate.up ? 'Mac set' : 'Comm Failure'}`,
    '',
  ].join('\n');
}

/** How each unit came up when the pair was formed, before the lab started recording. */
const FORMATION: Record<'primary' | 'secondary', [string, string, string][]> = {
  primary: [
    ['Not Detected', 'Negotiation', 'No Error'],
    ['Negotiation', 'Just Active', 'No Active unit found'],
    ['Just Active', 'Active Drain', 'No Active unit found'],
    ['Active Drain', 'Active Applying Config', 'No Active unit found'],
    ['Active Applying Config', 'Active Config Applied', 'No Active unit found'],
    ['Active Config Applied', 'Active', 'No Active unit found'],
  ],
  secondary: [
    ['Not Detected', 'Negotiation', 'No Error'],
    ['Negotiation', 'Cold Standby', 'Detected an Active mate'],
    ['Cold Standby', 'Sync Config', 'Detected an Active mate'],
    ['Sync Config', 'Sync File System', 'Detected an Active mate'],
    ['Sync File System', 'Bulk Sync', 'Detected an Active mate'],
    ['Bulk Sync', 'Standby Ready', 'Detected an Active mate'],
  ],
};

/** `show failover history`: the pair's formation, then the lab's own record of this unit's transitions. */
export function showFailoverHistory(u: UnitState, history: LabHistory, formedAt: Date): string {
  const rule = '='.repeat(74);
  const lines = [rule, `${'From State'.padEnd(27)}${'To State'.padEnd(27)}Reason`, rule];
  const row = (at: Date, from: string, to: string, reason: string): void => {
    lines.push(asaTime(at), `${from.padEnd(27)}${to.padEnd(27)}${reason}`, '');
  };
  for (const [from, to, reason] of FORMATION[u.role]) row(formedAt, from, to, reason);
  for (const t of history.events.filter((e) => e.kind === 'state' && e.unit === u.role)) {
    row(new Date(t.at), t.from ?? '', t.to ?? '', t.detail ?? 'No Error');
  }
  lines.push(rule);
  return lines.join('\n');
}

const ENTRIES_MTIME = new Date(Date.UTC(2024, 2, 14, 11, 52, 10));

export function flashFreeBytes(u: UnitState, totalBytes: number, platform: LabPlatform): number {
  const system = platform.systemEntries.reduce((n, e) => n + e.size, 0);
  return Math.max(0, totalBytes - u.usedBytes() - system);
}

/**
 * `dir disk0:` with the column layout of the `dir` captures and the closing lines of the newer one
 * (ntc-templates' cisco_asa_dir2, 9.9: `N file(s) total size: X bytes`, `(M bytes free/P% free)`).
 * The platform's own files and directories come after the images, as in the captures.
 */
export function dir(u: UnitState, totalBytes: number, platform: LabPlatform): string {
  const row = (inode: number, perm: string, size: number, mtime: Date, name: string): string =>
    `${String(inode).padEnd(6)} ${perm.padEnd(5)} ${String(size).padEnd(12)} ${dirTime(mtime)}  ${name}`;
  const names = [...u.flash.keys()];
  const free = flashFreeBytes(u, totalBytes, platform);
  const files = platform.systemEntries.filter((e) => !e.isDirectory);
  const fileBytes = u.usedBytes() + files.reduce((n, e) => n + e.size, 0);
  const lines = [
    '',
    'Directory of disk0:/',
    '',
    ...names.map((n, i) => row(120 + i, '-rwx', u.flash.get(n)!.data.length, u.flash.get(n)!.mtime, n)),
    ...platform.systemEntries.map((e, i) => row(11 + i, e.isDirectory ? 'drwx' : '-rwx', e.size, ENTRIES_MTIME, e.name)),
    '',
    `${names.length + files.length} file(s) total size: ${fileBytes} bytes`,
    `${totalBytes} bytes total (${free} bytes free/${Math.floor((free * 100) / totalBytes)}% free)`,
  ];
  return lines.join('\n');
}

export function runningConfigBootSystem(u: UnitState): string {
  return u.running.bootImages.map((b) => `boot system ${b}`).join('\n');
}

export function runningConfigAsdmImage(u: UnitState): string {
  return u.running.asdmImage ? `asdm image ${u.running.asdmImage}` : '';
}

/**
 * `show bootvar`: BOOT variable is what is saved, Current BOOT variable what is running. ASAv prints the saved
 * entries as `(hd0,1)/FILE` (show_bootvar.asav-9.6-hd0.raw); the platform says how.
 */
export function bootvar(u: UnitState, platform: LabPlatform): string {
  return [
    `BOOT variable = ${u.saved.bootImages.map((b) => platform.bootVariablePath(b)).join(';')}`,
    `Current BOOT variable = ${u.running.bootImages.join(';')}`,
    'CONFIG_FILE variable = ',
    'Current CONFIG_FILE variable = ',
  ].join('\n');
}

/** `show running-config ssh scopy`: the line when SCP to the unit is enabled, nothing otherwise. */
export function runningConfigSshScopy(u: UnitState): string {
  return u.running.sshScopy ? 'ssh scopy enable' : '';
}

/** The `Hardware:` value of the platform's `show version` (the running configuration's header repeats it). */
function hardwareOf(platform: LabPlatform): string {
  const facts = { version: '9.0(0)', asdmVersion: undefined, bootedFile: 'disk0:/x', hostname: 'x', uptime: '1 sec', clusterUptime: undefined, serial: 'x' };
  const line = platform.showVersion(facts).find((l) => l.startsWith('Hardware:'));
  return line ? line.replace(/^Hardware:\s*/, '') : platform.model;
}

export function runningConfig(u: UnitState, pair: PairModel, settings: LabSettings): string {
  const hostname = settings.hostname;
  return [
    ': Saved',
    ':',
    `: Serial Number: ${u.serial}`,
    `: Hardware:   ${hardwareOf(settings.platform)}`,
    ':',
    `ASA Version ${u.version} `,
    '!',
    `hostname ${hostname}`,
    'enable password ***** pbkdf2',
    'names',
    '!',
    ...INTERFACES.flatMap((i, n) => [
      `interface GigabitEthernet0/${n}`,
      ` nameif ${i.name}`,
      ` security-level ${i.name === 'outside' ? 0 : 100}`,
      ` ip address ${i.active} 255.255.255.0 standby ${i.standby} `,
      '!',
    ]),
    'interface GigabitEthernet0/7',
    ' description LAN/STATE Failover Interface',
    '!',
    ...u.running.bootImages.map((b) => `boot system ${b}`),
    ...(u.running.sshScopy ? ['ssh scopy enable'] : []),
    'ftp mode passive',
    'pager lines 24',
    'mtu outside 1500',
    'mtu inside 1500',
    'mtu management 1500',
    'failover',
    `failover lan unit ${u.role}`,
    'failover lan interface folink GigabitEthernet0/7',
    'failover link folink GigabitEthernet0/7',
    'failover interface ip folink 169.254.255.1 255.255.255.252 standby 169.254.255.2',
    'no monitor-interface service-module ',
    'icmp unreachable rate-limit 1 burst-size 1',
    ...(u.running.asdmImage ? [`asdm image ${u.running.asdmImage}`] : []),
    'no asdm history enable',
    'arp timeout 14400',
    'ssh stricthostkeycheck',
    'ssh 0.0.0.0 0.0.0.0 management',
    'ssh timeout 5',
    'ssh version 2',
    'prompt hostname priority state ',
    `Cryptochecksum:${cryptochecksum(u, pair)}`,
    ': end',
  ].join('\n');
}

function cryptochecksum(u: UnitState, pair: PairModel): string {
  let h = 0x811c9dc5;
  const text = `${u.running.bootImages.join(',')}|${u.running.asdmImage}|${pair.timing.reloadSeconds}`;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return [h, h ^ 0xa5a5a5a5, h ^ 0x5a5a5a5a, h ^ 0x3c3c3c3c].map((x) => (x >>> 0).toString(16).padStart(8, '0')).join('');
}

export function writeMemory(u: UnitState, pair: PairModel, settings: LabSettings): string {
  const sum = cryptochecksum(u, pair);
  const bytes = runningConfig(u, pair, settings).length;
  return ['Building configuration...', `Cryptochecksum: ${sum.match(/.{8}/g)!.join(' ')} `, '', `${bytes} bytes copied in 0.120 secs`, '[OK]'].join('\n');
}

// ---- health readings a fleet keeps before and after an upgrade -----------------------------------------

/** The data interfaces of the lab units, as `show running-config` configures them, plus the failover link. */
const LINKS = [
  { port: 'GigabitEthernet0/0', name: 'outside', active: '192.0.2.1', standby: '192.0.2.2' },
  { port: 'GigabitEthernet0/1', name: 'inside', active: '198.51.100.1', standby: '198.51.100.2' },
  { port: 'GigabitEthernet0/2', name: 'management', active: '203.0.113.1', standby: '203.0.113.2' },
];

/**
 * `show interface ip brief`. Column widths and the `YES CONFIG`/`YES unset` method column as in a real
 * ASA's output: ntc-templates tests/cisco_asa/show_interface_ip_brief/cisco_asa_show_interface_ip_brief.raw
 * (a Firepower running ASA). A unit in standby shows its standby addresses.
 */
export function showInterfaceIpBrief(u: UnitState): string {
  const row = (port: string, ip: string, configured: boolean, status: string, protocol: string): string =>
    `${port.padEnd(27)}${ip.padEnd(16)}${configured ? 'YES CONFIG ' : 'YES unset  '}${status.padEnd(22)}${protocol.padEnd(4)}`;
  const lines = ['Interface                  IP-Address      Method Status                Protocol'];
  for (const l of LINKS) {
    const down = u.downInterfaces.has(l.port);
    lines.push(row(l.port, u.isActive ? l.active : l.standby, true, down ? 'down' : 'up', down ? 'down' : 'up'));
  }
  for (const n of [3, 4, 5, 6]) lines.push(row(`GigabitEthernet0/${n}`, 'unassigned', false, 'administratively down', 'down'));
  lines.push(row('GigabitEthernet0/7', u.role === 'primary' ? '169.254.255.1' : '169.254.255.2', true, 'up', 'up'));
  return `${lines.join('\n')}\n`;
}

/**
 * `show conn count`: `54 in use, 123 most used` is the whole output (Cisco ASA command reference, show conn,
 * "sample output from the show conn count command"). Stateful failover replicates connections, so both units
 * show about the same number; connections through a dead link are gone.
 */
export function showConnCount(u: UnitState, pair: PairModel): string {
  const base = 1800 + (u.serial.charCodeAt(u.serial.length - 2) % 7) * 37;
  const wobble = Math.floor((Date.now() / 1000) % 23);
  const lost = u.downInterfaces.size > 0 ? 0.1 : 1;
  const inUse = Math.round((base + wobble) * lost);
  return `${inUse} in use, ${base * 2 + (pair.units.primary.serial.length % 5)} most used\n`;
}

/**
 * `show route`, 9.x layout (codes block with L - local, code column 9 wide, "Gateway of last resort" line):
 * ntc-templates tests/cisco_asa/show_route/cisco_asa_show_route_alt_multiline.raw. A down interface takes
 * its connected, local and static routes with it, as on the device.
 */
export function showRoute(u: UnitState): string {
  const codes = [
    'Codes: L - local, C - connected, S - static, R - RIP, M - mobile, B - BGP',
    '       D - EIGRP, EX - EIGRP external, O - OSPF, IA - OSPF inter area',
    '       N1 - OSPF NSSA external type 1, N2 - OSPF NSSA external type 2',
    '       E1 - OSPF external type 1, E2 - OSPF external type 2, V - VPN',
    '       i - IS-IS, su - IS-IS summary, L1 - IS-IS level-1, L2 - IS-IS level-2',
    '       ia - IS-IS inter area, * - candidate default, U - per-user static route',
    '       o - ODR, P - periodic downloaded static route, + - replicated route',
  ];
  const up = LINKS.filter((l) => !u.downInterfaces.has(l.port));
  const has = (name: string): boolean => up.some((l) => l.name === name);
  const routes: string[] = [];
  if (has('outside')) routes.push(`${'S*'.padEnd(9)}0.0.0.0 0.0.0.0 [1/0] via 192.0.2.254, outside`);
  if (has('inside')) {
    for (const net of ['10.10.0.0 255.255.0.0', '10.20.0.0 255.255.0.0', '10.30.0.0 255.255.0.0', '172.16.0.0 255.240.0.0']) {
      routes.push(`${'S'.padEnd(9)}${net} [1/0] via 198.51.100.254, inside`);
    }
  }
  for (const l of up) {
    const net = l.active.replace(/\.\d+$/, '.0');
    routes.push(`${'C'.padEnd(9)}${net} 255.255.255.0 is directly connected, ${l.name}`);
    routes.push(`${'L'.padEnd(9)}${u.isActive ? l.active : l.standby} 255.255.255.255 is directly connected, ${l.name}`);
  }
  const gateway = has('outside') ? 'Gateway of last resort is 192.0.2.254 to network 0.0.0.0' : 'Gateway of last resort is not set';
  return `${[...codes, '', gateway, '', ...routes].join('\n')}\n`;
}
