// Compatibility data: which images each ASA platform takes, the release trains it runs, the upgrade path with
// its interim releases, the zero-downtime rule for failover pairs and the minimum ASDM for each ASA train.
// Everything the checks in this folder decide comes from these tables; each entry names its source, and a
// unit test fails when one does not.
//
// Sources (read 2026-11-30):
// - ASA compatibility matrix ("Cisco Secure Firewall ASA Compatibility"):
//   https://www.cisco.com/c/en/us/td/docs/security/asa/compatibility/asamatrx.html — platforms per release,
//   ASDM per ASA release.
// - ASA upgrade guide, "Planning Your Upgrade" (Upgrade Path table, version-specific guidelines):
//   https://www.cisco.com/c/en/us/td/docs/security/asa/upgrade/asa-upgrade/planning.html
// - Cisco event response "Continued Attacks Against Cisco Firewalls" (end-of-support trains of the 5500-X
//   models), summarised in /work/shared/docs/asa-cli.md, section Compatibility.
// - Cisco ASA 5500 Series Configuration Guide using the CLI (7.x and 8.x), "Performing Zero Downtime Upgrades
//   for Failover Pairs", table "Zero-Downtime Upgrade Support".
// - Release notes of the first release of each newer platform (named on each row).
// Where a fact could not be confirmed it says "unsure" and the checks stay lenient about it (they warn, or
// accept both choices) rather than refuse on a guess.

/** How an ASA image file is packaged; a platform boots only its own families. */
export type ImageFamily = 'lfbff' | 'smp' | 'k8' | 'fp1k' | 'fp2k' | 'fp3k';

export interface FamilyRow {
  family: ImageFamily;
  /** How one image of the family is named to a user, and several. */
  title: string;
  plural: string;
  /** A real file name of the family, shown in fixes. */
  example: string;
  /** Matched against the image file name (the version is parsed elsewhere, see ../images.ts). */
  pattern: RegExp;
  /** The family carries the ASDM image inside (Firepower appliance-mode bundles). */
  asdmInside?: true;
  source: string;
}

/** Image families, most specific pattern first (an lfbff or smp name also ends in -k8). */
export const IMAGE_FAMILIES: readonly FamilyRow[] = [
  {
    family: 'fp1k',
    title: 'Firepower 1000 package (cisco-asa-fp1k .SPA)',
    plural: 'Firepower 1000 packages (cisco-asa-fp1k .SPA)',
    example: 'cisco-asa-fp1k.9.20.2.SPA',
    pattern: /^cisco-asa-fp1k\..+\.spa$/i,
    asdmInside: true,
    source: 'ASA upgrade guide (Firepower 1000/2100 appliance mode: one package holds ASA, ASDM and FXOS); asa-cli.md Image names',
  },
  {
    family: 'fp2k',
    title: 'Firepower 2100 package (cisco-asa-fp2k .SPA)',
    plural: 'Firepower 2100 packages (cisco-asa-fp2k .SPA)',
    example: 'cisco-asa-fp2k.9.18.4.SPA',
    pattern: /^cisco-asa-fp2k\..+\.spa$/i,
    asdmInside: true,
    source: 'ASA upgrade guide (Firepower 1000/2100 appliance mode: one package holds ASA, ASDM and FXOS); asa-cli.md Image names',
  },
  {
    family: 'fp3k',
    title: 'Secure Firewall 3100 package (cisco-asa-fp3k .SPA)',
    plural: 'Secure Firewall 3100 packages (cisco-asa-fp3k .SPA)',
    example: 'cisco-asa-fp3k.9.20.2.SPA',
    pattern: /^cisco-asa-fp3k\..+\.spa$/i,
    asdmInside: true,
    source: 'ASA upgrade guide (Secure Firewall 3100 appliance mode package); asa-cli.md Compatibility',
  },
  {
    family: 'lfbff',
    title: 'lfbff .SPA image',
    plural: 'lfbff .SPA images',
    example: 'asa9-16-3-19-lfbff-k8.SPA',
    pattern: /^asa[\d-]+-lfbff-k8\.spa$/i,
    source: 'ASA compatibility matrix (5506-X/5508-X/5516-X and ISA 3000 images); asa-cli.md Image names',
  },
  {
    family: 'smp',
    title: 'smp .bin image',
    plural: 'smp .bin images',
    example: 'asa9-12-4-smp-k8.bin',
    pattern: /^asa[\d-]+-smp-k8\.bin$/i,
    source: 'ASA compatibility matrix (5512-X..5585-X and ASAv images); asa-cli.md Image names',
  },
  {
    family: 'k8',
    title: 'k8 .bin image (asaNNN-k8.bin)',
    plural: 'k8 .bin images (asaNNN-k8.bin)',
    example: 'asa924-k8.bin',
    pattern: /^asa[\d-]+-k8\.bin$/i,
    source: 'ASA compatibility matrix (5505 and 5510-5550 images); asa-cli.md Compatibility (asa8NN-k8.bin)',
  },
];

export interface PlatformRow {
  /** Short name used in messages: `ASA 5516-X`. */
  name: string;
  /** Matched against the model `show version` prints (`Model Id:` or the first item of `Hardware:`). */
  model: RegExp;
  /** Image families the platform boots. Empty: ASA on this platform is not upgraded with `boot system`. */
  families: readonly ImageFamily[];
  /** The first release the platform runs (`9.3(2)`), when known. */
  firstRelease?: string;
  /** The last release train (`9.16`) the platform runs; absent when none is announced. */
  lastTrain?: string;
  /** Why images of no family are accepted (families is empty). */
  refusal?: string;
  source: string;
}

export const PLATFORMS: readonly PlatformRow[] = [
  {
    name: 'ASA 5505',
    model: /^ASA ?5505\b/i,
    families: ['k8'],
    firstRelease: '7.2(1)',
    lastTrain: '9.2',
    source: 'ASA compatibility matrix (5505: 7.2(1) to 9.2); asa-cli.md Compatibility (last train 9.2)',
  },
  {
    name: 'ASA 5510/5520/5540',
    model: /^ASA ?55(10|20|40)\b/i,
    families: ['k8'],
    firstRelease: '7.0(1)',
    lastTrain: '9.1',
    source: 'ASA compatibility matrix (5510/5520/5540: 7.0 to 9.1); asa-cli.md Compatibility',
  },
  {
    // First release not recorded here (unsure): the check only enforces the last train.
    name: 'ASA 5550',
    model: /^ASA ?5550\b/i,
    families: ['k8'],
    lastTrain: '9.1',
    source: 'ASA compatibility matrix (5550: last 9.1); asa-cli.md Compatibility',
  },
  {
    // 8.x builds for the 5580 were plain k8 images, 9.0/9.1 smp ones (unsure which where): both are accepted.
    name: 'ASA 5580',
    model: /^ASA ?5580\b/i,
    families: ['k8', 'smp'],
    firstRelease: '8.1(1)',
    lastTrain: '9.1',
    source: 'ASA compatibility matrix (5580: 8.1 to 9.1); asa-cli.md Compatibility',
  },
  {
    name: 'ASA 5512-X/5515-X',
    model: /^ASA ?551[25]\b/i,
    families: ['smp'],
    firstRelease: '8.6(1)',
    lastTrain: '9.12',
    source: 'ASA compatibility matrix (5512-X/5515-X: 8.6(1) to 9.12); Cisco event response "Continued Attacks Against Cisco Firewalls"',
  },
  {
    name: 'ASA 5525-X/5545-X/5555-X',
    model: /^ASA ?55(25|45|55)\b/i,
    families: ['smp'],
    firstRelease: '8.6(1)',
    lastTrain: '9.14',
    source: 'ASA compatibility matrix (5525-X/5545-X/5555-X: 8.6(1) to 9.14); Cisco event response "Continued Attacks Against Cisco Firewalls"',
  },
  {
    // Before 9.0 the 5585-X also ran plain k8 builds (unsure which releases): both are accepted.
    name: 'ASA 5585-X',
    model: /^ASA ?5585\b/i,
    families: ['smp', 'k8'],
    firstRelease: '8.2(3)',
    lastTrain: '9.12',
    source: 'ASA compatibility matrix (5585-X: 8.2(3) to 9.12); asa-cli.md Compatibility',
  },
  {
    name: 'ASA 5506-X',
    model: /^ASA ?5506/i,
    families: ['lfbff'],
    firstRelease: '9.3(2)',
    lastTrain: '9.16',
    source: 'ASA 9.3(2) release notes (5506-X introduced); ASA compatibility matrix (last 9.16); Cisco event response',
  },
  {
    name: 'ASA 5508-X/5516-X',
    model: /^ASA ?55(08|16)\b/i,
    families: ['lfbff'],
    firstRelease: '9.3(3)',
    lastTrain: '9.16',
    source: 'ASA 9.3(3) release notes (5508-X and 5516-X introduced); ASA compatibility matrix (last 9.16); Cisco event response',
  },
  {
    name: 'ISA 3000',
    model: /^ISA-?3000/i,
    families: ['lfbff'],
    firstRelease: '9.4(1)',
    source: 'ASA 9.4(1.225) release notes (ISA 3000 introduced); ASA compatibility matrix (no last release announced)',
  },
  {
    name: 'ASAv',
    model: /^ASAv/i,
    families: ['smp'],
    firstRelease: '9.2(1)',
    source: 'ASA 9.2(1) release notes (ASAv introduced); ASA compatibility matrix (no last release announced)',
  },
  {
    name: 'Firepower 1000',
    model: /^FPR-?1\d{3}\b/i,
    families: ['fp1k'],
    firstRelease: '9.13(1)',
    source: 'ASA 9.13(1) release notes (Firepower 1000 introduced); ASA compatibility matrix',
  },
  {
    // Reported to end with the 9.20 train (with threat defense 7.4); not confirmed in the matrix, so not enforced.
    name: 'Firepower 2100',
    model: /^FPR-?21\d\d\b/i,
    families: ['fp2k'],
    firstRelease: '9.8(2)',
    source: 'ASA 9.8(2) release notes (Firepower 2100 introduced); ASA compatibility matrix',
  },
  {
    name: 'Secure Firewall 3100',
    model: /^FPR-?31\d\d\b/i,
    families: ['fp3k'],
    firstRelease: '9.17(1)',
    source: 'ASA 9.17(1) release notes (Secure Firewall 3100 introduced); ASA compatibility matrix',
  },
  {
    name: 'Firepower 4100/9300',
    model: /^FPR-?(4[01]\d\d|9K|9300)/i,
    families: [],
    refusal: 'ASA on a Firepower 4100/9300 is a logical device upgraded from FXOS (chassis manager or FXOS CLI) with a .csp package, not with boot system',
    source: 'FXOS configuration guide, "Image Management" (upgrade the ASA logical device image)',
  },
];

/** A release a failover pair must reach before going further, per the upgrade guide's Upgrade Path table. */
export interface PathRow {
  /** Running releases this row covers: from `runningFrom` (inclusive) up to `runningBefore` (exclusive). */
  runningFrom: string;
  runningBefore: string;
  /** How the upgrade guide names the starting point. */
  label: string;
  /** Upgrade to this release first when the target is beyond it. */
  interim: string;
  source: string;
}

const UPGRADE_GUIDE_PATH = 'ASA upgrade guide, Planning Your Upgrade, Upgrade Path table; asa-cli.md Compatibility';

export const UPGRADE_PATH: readonly PathRow[] = [
  { runningFrom: '0.0(0)', runningBefore: '8.3(0)', label: '8.2 and earlier', interim: '9.0(4)', source: UPGRADE_GUIDE_PATH },
  { runningFrom: '8.3(0)', runningBefore: '8.4(0)', label: '8.3', interim: '9.0(4)', source: UPGRADE_GUIDE_PATH },
  { runningFrom: '8.4(0)', runningBefore: '8.4(5)', label: '8.4(1) through 8.4(4)', interim: '9.0(4)', source: UPGRADE_GUIDE_PATH },
  { runningFrom: '8.5(0)', runningBefore: '8.6(0)', label: '8.5', interim: '9.0(4)', source: UPGRADE_GUIDE_PATH },
  { runningFrom: '8.6(0)', runningBefore: '8.7(0)', label: '8.6', interim: '9.0(4)', source: UPGRADE_GUIDE_PATH },
  { runningFrom: '9.0(0)', runningBefore: '9.0(2)', label: '9.0(1)', interim: '9.0(4)', source: UPGRADE_GUIDE_PATH },
  { runningFrom: '9.1(0)', runningBefore: '9.1(2)', label: '9.1(1)', interim: '9.1(2)', source: UPGRADE_GUIDE_PATH },
];

/**
 * Failover between two releases: the releases before 9.0 reach Standby Ready with a mixed pair only one minor
 * release apart (7.0 -> 7.1, not 7.0 -> 7.2) or from the last minor release of a major one to the next major
 * one (7.2 -> 8.0). From 9.0 the upgrade guide's path governs: mixed versions are supported along it (a real
 * pair ran `Ours 9.2(2)4, Mate 9.5(2)` and reached Standby Ready).
 */
export interface ZeroDowntimeRule {
  /** The rule as named in messages. */
  name: string;
  /** Release trains in order; a mixed pair may span two neighbours, not more. */
  trains: readonly string[];
  source: string;
}

export const ZERO_DOWNTIME_RULES: readonly ZeroDowntimeRule[] = [
  {
    name: 'zero-downtime upgrades of a failover pair before 9.0 go one minor release at a time',
    trains: ['7.0', '7.1', '7.2', '8.0', '8.1', '8.2', '8.3', '8.4'],
    source: 'Cisco ASA 5500 Series Configuration Guide using the CLI (7.x, 8.x), table "Zero-Downtime Upgrade Support"',
  },
];

/** Evidence that a mixed 9.x pair reaches Standby Ready along the path (shown when the check passes). */
export const MIXED_VERSIONS_EVIDENCE = {
  text: 'mixed versions are supported during an upgrade along the upgrade path (a real pair ran Ours 9.2(2)4, Mate 9.5(2) and reached Standby Ready)',
  source: 'ASA upgrade guide (failover upgrade); public show failover capture quoted in asa-cli.md Compatibility',
};

/** ASDM A.N is the minimum for ASA B.N: the ASDM major release that goes with each ASA major release. */
export interface AsdmRule {
  asaMajor: number;
  asdmMajor: number;
  source: string;
}

export const ASDM_RULES: readonly AsdmRule[] = [
  { asaMajor: 9, asdmMajor: 7, source: 'ASA compatibility matrix, ASA and ASDM compatibility per release (ASA 9.N needs ASDM 7.N or later)' },
  { asaMajor: 8, asdmMajor: 6, source: 'ASA compatibility matrix (ASA 8.N with ASDM 6.N)' },
  { asaMajor: 7, asdmMajor: 5, source: 'ASA compatibility matrix (ASA 7.N with ASDM 5.N)' },
];

/** The newest ASA release train this data knows; a newer target is beyond what the tables can say. */
export const NEWEST_KNOWN_TRAIN = {
  train: '9.24',
  source: "Cisco's Next Generation Firewall Product Line Software Release and Sustaining Bulletin (ASA 9.24 planned for 2H25)",
};
