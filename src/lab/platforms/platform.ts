// What makes one lab platform look like a real model: the model string `show version` and `show failover`
// print, the serial format, the image family and file names it runs, where it says its system image is,
// and the shape of its `show version`. Each platform lives in its own file next to this one and names the
// public capture its formats rest on (test/fixtures/asa-outputs/README.md lists them all).

export type ImageFamily = 'smp' | 'lfbff' | 'fp2k';

/** The ASA and ASDM image files of one side of an upgrade (names as Cisco publishes them). */
export interface LabImageSet {
  asa: string;
  asdm: string;
}

/** What `show version` needs to know about the unit at the moment it is asked. */
export interface VersionFacts {
  version: string;
  asdmVersion: string | undefined;
  /** `disk0:/asa9-20-2-smp-k8.bin`: the flash file the unit booted. */
  bootedFile: string;
  hostname: string;
  /** `41 days 19 hours` */
  uptime: string;
  /** `failover cluster up ...` when the platform prints it; undefined leaves the line out. */
  clusterUptime: string | undefined;
  serial: string;
}

export interface LabPlatform {
  /** What `asa-upgrade lab --platform NAME` takes. */
  readonly name: string;
  /** For people: `ASAv`, `ASA 5516-X`, `Firepower 2100 (appliance mode)`. */
  readonly title: string;
  /** As `Hardware:` and `show failover` print it: `ASAv`, `ASA5516`, `ASA5585-SSP-10`, `FPR-2130`. */
  readonly model: string;
  readonly family: ImageFamily;
  /** The last release train the model runs (`9.16`), undefined where Cisco has announced none. */
  readonly lastRelease: string | undefined;
  /** What a lab pair runs at start and the images it offers as the upgrade; both valid for the model. */
  readonly from: LabImageSet;
  readonly to: LabImageSet;
  /** Flash size of a unit, as its `dir` total prints it. */
  readonly flashTotalBytes: number;
  /** A serial number in the format real units of this model carry, drawn with `random` (0 <= x < 1). */
  serial(random: () => number): string;
  /** The `System image file is "..."` value for a unit that booted `bootedFile` (`disk0:/...`). */
  systemImagePath(bootedFile: string, version: string): string;
  /** The `BOOT variable = ...` value of `show bootvar` for a saved boot entry. */
  bootVariablePath(entry: string): string;
  /** `show version`, line by line. */
  showVersion(facts: VersionFacts): string[];
  /** `slot 0: MODEL hw/sw rev (HW/VERSION) status (...)` of `show failover`, or undefined where the capture prints none. */
  failoverSlot(version: string, status: string): string | undefined;
  /** Files and directories a unit of this model keeps on disk0: besides the images. */
  readonly systemEntries: readonly { name: string; isDirectory: boolean; size: number }[];
}

const ALNUM = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const pick = (random: () => number, alphabet: string): string => alphabet[Math.floor(random() * alphabet.length) % alphabet.length];

/**
 * Serials of Cisco hardware: 3 letters for the plant, 2 digits year (since 1996), 2 digits week, 4 characters
 * (`JAD222605K8` is JAD 22 26 05K8 in the 5516 capture, `JAF1610APKQ` on the 5585, `JAD230418PC` on the 2130).
 */
export function hardwareSerial(plant: string, random: () => number, years: [number, number]): string {
  const year = years[0] + Math.floor(random() * (years[1] - years[0] + 1));
  const week = 1 + Math.floor(random() * 52);
  let tail = '';
  for (let i = 0; i < 4; i++) tail += pick(random, ALNUM);
  return `${plant}${String(year).padStart(2, '0')}${String(week).padStart(2, '0')}${tail}`;
}

/** ASAv serials: `9A` and 9 characters (`9AT1L9EX0DF`, `9A5BHB00D2D`, `9AD21GCRV4D` in the captures). */
export function virtualSerial(random: () => number): string {
  let s = '9A';
  for (let i = 0; i < 9; i++) s += pick(random, ALNUM);
  return s;
}

/** `disk0:/x.bin` as the unit keeps it -> `x.bin`. */
export function fileOf(path: string): string {
  return path.replace(/^.*[/:]/, '');
}

/**
 * The FXOS/SSP build a release ships with, as `show version` prints it after `... Operating System Version`.
 * The captures pair 9.8(4)10 with 2.2, 9.9(2)32 with 2.3, 9.14(2)14 with 2.8, 9.16(3)19 with 2.10: the minor
 * is the ASA train minus 6. The build number after the dot is not known for other releases and is made up.
 */
export function platformOsVersion(version: string): string {
  const m = /^9\.(\d+)\(/.exec(version);
  const minor = m ? Math.max(0, Number(m[1]) - 6) : 0;
  return `2.${minor}(1.${100 + minor * 7})`;
}

/**
 * `Compiled on Wed 03-Aug-22 03:28 GMT by builders`: one fixed date per train so an upgrade visibly changes
 * it; the real dates are not modelled.
 */
export function compiledOn(version: string): string {
  const m = /^9\.(\d+)\((\d+)\)/.exec(version);
  const train = m ? Number(m[1]) : 0;
  const year = String(16 + Math.floor(train / 2)).padStart(2, '0');
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const month = months[(train + Number(m?.[2] ?? 0)) % 12];
  return `Compiled on Wed 14-${month}-${year} 03:28 GMT by builders`;
}

/**
 * The 5500-X/ISA/FPR license table: `Name<pad to 34>: value<pad to 15>perpetual`, as the 5516, 5555 and
 * ISA 3000 captures print it (the value column is 15 wide, `perpetual` follows).
 */
export function perpetualFeatures(rows: [string, string][]): string[] {
  return rows.map(([name, value]) => `${name.padEnd(34)}: ${value.padEnd(15)}perpetual`);
}

/** The same table without a term, as ASAv (smart licensing) and the FPR-2130 capture print it. */
export function plainFeatures(rows: [string, string][], indent = ''): string[] {
  return rows.map(([name, value]) => `${indent}${name.padEnd(34)}: ${value}`);
}

/**
 * ` 1: Ext: GigabitEthernet1/1  : address is 7872.5dce.e58c, irq 255`: the name padded to 20, the index
 * right-aligned to 2 on 5500-X and ASAv captures, flush left (`1: Int: ...`) in the FPR-2130 capture.
 */
export function interfaceLine(index: number, kind: 'Ext' | 'Int', name: string, mac: string, irq: number, indexWidth = 2): string {
  return `${String(index).padStart(indexWidth)}: ${kind}: ${name.padEnd(20)}: address is ${mac}, irq ${irq}`;
}

/**
 * The first line of `show version`. The 5516 (9.9) and ASAv (9.6) captures end it with a space, others do
 * not; the lab prints none.
 */
export function versionLine(version: string): string {
  return `Cisco Adaptive Security Appliance Software Version ${version}`;
}

/**
 * The head every platform's `show version` shares, from the version line to the blank line before
 * `Hardware:` (same order and spacing in the ASAv, 5516, 5555 and FPR-2130 captures); `systemImage` is the path
 * as the platform prints it.
 */
export function showVersionHead(f: VersionFacts, systemImage: string): string[] {
  return [
    versionLine(f.version),
    platformOsLine(f.version),
    ...(f.asdmVersion ? [`Device Manager Version ${f.asdmVersion}`] : []),
    '',
    compiledOn(f.version),
    `System image file is "${systemImage}"`,
    'Config file at boot was "startup-config"',
    '',
    `${f.hostname} up ${f.uptime}`,
    ...(f.clusterUptime ? [`failover cluster up ${f.clusterUptime}`] : []),
    '',
  ];
}

/**
 * The platform OS line: `Firepower Extensible Operating System Version 2.3(1.121)` on 9.8/9.9 captures,
 * `SSP Operating System Version 2.8(1.148)` from 9.14 on (5555 9.14, ISA 3000 9.16 captures). Where the label
 * changed between 9.9 and 9.14 is not known from captures; the lab switches at 9.13 (FXOS 2.7).
 */
export function platformOsLine(version: string): string {
  const m = /^9\.(\d+)\(/.exec(version);
  const label = m && Number(m[1]) >= 13 ? 'SSP Operating System Version' : 'Firepower Extensible Operating System Version';
  return `${label} ${platformOsVersion(version)}`;
}
