// Every compatibility check with its verdict. A check passes with what it found, warns where the data does
// not know the platform or the release (never a silent pass), or refuses with the reason and the fix (never a
// silent refusal). Refusals that rest on release data (limits, path, zero-downtime, ASDM) may be overridden
// by the user's skip choice, for releases newer than the data; they then show as warnings naming the risk.

import { parseImageFileName } from '../images';
import type { PairStatus } from '../model';
import { compareVersions, parseVersion } from '../versions';
import { IMAGE_FAMILIES, MIXED_VERSIONS_EVIDENCE, NEWEST_KNOWN_TRAIN, PLATFORMS } from './data';
import { asdmProblem, minimumAsdm } from './asdm';
import { trainOf, upgradeHops, zeroDowntimeProblem } from './path';
import { article, familiesWanted, imageFamilyOf, platformOf } from './platforms';

export type Verdict = 'pass' | 'warn' | 'refuse';

export type CheckId = 'platform' | 'image-family' | 'release-limits' | 'direction' | 'upgrade-path' | 'zero-downtime' | 'asdm';

export interface CompatibilityCheck {
  id: CheckId;
  title: string;
  verdict: Verdict;
  /** What was found. */
  reason: string;
  /** What to do about it (refusals and warnings). */
  fix?: string;
  /** A refusal in a few words, for a picker entry ("beyond the ASA 5506-X's last release train 9.16"). */
  summary?: string;
  /** Where the rule comes from. */
  source?: string;
  /** Whether the skip choice may override a refusal (release data may be older than Cisco's releases). */
  overridable: boolean;
  /** The check refused and the user chose to skip it. */
  skipped?: true;
}

export interface CompatibilityInput {
  /** The model each unit reports (`ASA5516`, `ASAv10`, `FPR-2130`), primary first. */
  models: Array<string | undefined>;
  /** The ASA release the pair runs (before this upgrade). */
  running: string;
  /** The ASDM release the active unit runs, when one is configured. */
  runningAsdm?: string;
  /** The ASA image file to install; absent: an ASDM image alone, checked against the running ASA. */
  asaFile?: string;
  /** The ASDM image file to install; absent keeps the current one. */
  asdmFile?: string;
  downloadOnly?: boolean;
  /** Part-way through this upgrade (resume): the pair is meant to be mixed, the direction was checked at the start. */
  resuming?: boolean;
  /** The user's choice to override refusals that rest on release data. */
  skip?: boolean;
}

export const CHECK_TITLES: Record<CheckId, string> = {
  platform: 'Platform',
  'image-family': 'Image family',
  'release-limits': 'Release limits',
  direction: 'Upgrade direction',
  'upgrade-path': 'Upgrade path',
  'zero-downtime': 'Failover during the upgrade',
  asdm: 'ASDM',
};

/** How the skip choice is worded wherever it is offered or used. */
export const SKIP_RISK =
  'Skipping the compatibility check is a risk: a unit may refuse to boot the image or come up broken in the change window, and the pair may not ' +
  'reach Standby Ready with mixed versions. Skip only when Cisco supports this upgrade and the data here is older than that.';

export function compatibilityInputOf(status: PairStatus, fromVersion?: string): Pick<CompatibilityInput, 'models' | 'running' | 'runningAsdm'> {
  const primary = status.units.find((u) => u.role === 'primary');
  const active = status.units.find((u) => u.isActive) ?? primary;
  const input: Pick<CompatibilityInput, 'models' | 'running' | 'runningAsdm'> = {
    models: status.units.map((u) => u.model),
    running: fromVersion ?? primary?.version ?? status.units[0]?.version ?? 'unknown',
  };
  if (active?.asdmVersion !== undefined) input.runningAsdm = active.asdmVersion;
  return input;
}

export function checkCompatibility(input: CompatibilityInput): CompatibilityCheck[] {
  const checks: CompatibilityCheck[] = [];
  const add = (id: CheckId, verdict: Verdict, reason: string, extra: { fix?: string; source?: string; overridable?: boolean; summary?: string } = {}): void => {
    const c: CompatibilityCheck = { id, title: CHECK_TITLES[id], verdict, reason, overridable: extra.overridable === true };
    if (extra.fix) c.fix = extra.fix;
    if (extra.summary && verdict === 'refuse') c.summary = extra.summary;
    if (extra.source) c.source = extra.source;
    checks.push(c);
  };

  // Platform.
  const model = input.models.find((m) => m !== undefined);
  const platform = platformOf(model);
  const otherModels = [...new Set(input.models.filter((m): m is string => m !== undefined && m !== model))];
  const mismatch = otherModels.length ? ` The units report different models (${[model, ...otherModels].join(', ')}); failover needs the same model on both.` : '';
  if (!model) {
    add('platform', 'warn', 'show version did not say which model the units are, so the image family and the release limits are not checked.' + mismatch, {
      fix: "Check Cisco's ASA compatibility matrix for this model and release before upgrading.",
    });
  } else if (!platform) {
    add('platform', 'warn', `The model ${model} is not in the compatibility data, so the image family and the release limits are not checked.` + mismatch, {
      fix: `Check Cisco's ASA compatibility matrix for the ${model} and this release before upgrading. Known platforms: ${PLATFORMS.map((p) => p.name).join(', ')}.`,
    });
  } else if (platform.families.length === 0) {
    add('platform', 'refuse', `The ${model} is a ${platform.name}: ${platform.refusal}.` + mismatch, {
      fix: 'Upgrade it from FXOS following Cisco\'s procedure; this tool upgrades ASA appliances and ASAv.',
      summary: `the ${platform.name} is upgraded from FXOS`,
      source: platform.source,
    });
  } else {
    const releases = `${platform.firstRelease ? `${platform.firstRelease} and later` : 'releases'}${platform.lastTrain ? ` up to the ${platform.lastTrain} train` : ', no last release announced'}`;
    add('platform', otherModels.length ? 'warn' : 'pass', `${model} is ${article(platform.name)}: it boots ${platform.families.map((f) => IMAGE_FAMILIES.find((r) => r.family === f)!.plural).join(' or ')} and runs ${releases}.` + mismatch, {
      source: platform.source,
      ...(otherModels.length ? { fix: 'Check show version on both units: a failover pair is two units of the same model.' } : {}),
    });
  }

  const asa = input.asaFile !== undefined ? parseImageFileName(input.asaFile) : undefined;
  const target = asa?.kind === 'asa' ? asa.version : undefined;
  const family = input.asaFile !== undefined ? imageFamilyOf(input.asaFile) : undefined;

  if (input.asaFile !== undefined) {
    // Image family.
    if (!family) {
      add('image-family', 'warn', `${input.asaFile} is not of an image family in the compatibility data, so whether the unit boots it is not checked.`, {
        fix: `Check that it is the image Cisco publishes for this model (families known: ${IMAGE_FAMILIES.map((f) => f.title).join(', ')}).`,
      });
    } else if (!platform || platform.families.length === 0) {
      add('image-family', 'warn', `${input.asaFile} is ${article(family.title)}; the platform is not known, so whether the unit boots it is not checked.`, {
        fix: "Check Cisco's ASA compatibility matrix for the model.",
        source: family.source,
      });
    } else if (!platform.families.includes(family.family)) {
      add('image-family', 'refuse', `${input.asaFile} is ${article(family.title)}, and the ${platform.name} (${model}) boots only ${platform.families.map((f) => IMAGE_FAMILIES.find((r) => r.family === f)!.plural).join(' or ')}.`, {
        fix: `Use ${familiesWanted(platform)} of the release you want.`,
        summary: `wrong image family: the ${model} boots ${platform.families.map((f) => IMAGE_FAMILIES.find((r) => r.family === f)!.plural).join(' or ')}`,
        source: `${platform.source}; ${family.source}`,
      });
    } else {
      add('image-family', 'pass', `${input.asaFile} is ${article(family.title)}, which the ${platform.name} boots.`, { source: family.source });
    }

    // Release limits.
    const targetTrain = target ? trainOf(target) : undefined;
    if (!target || !targetTrain) {
      add('release-limits', 'warn', `The release of ${input.asaFile} could not be read from its name, so the release limits are not checked.`, { fix: 'Check the image name against Cisco\'s download page.' });
    } else if (compareVersions(`${targetTrain}(0)`, `${NEWEST_KNOWN_TRAIN.train}(0)`) > 0) {
      add('release-limits', 'warn', `${target} is newer than any release in the compatibility data (newest known: the ${NEWEST_KNOWN_TRAIN.train} train), so the platform's limits, the upgrade path and the ASDM minimum are not known for it.`, {
        fix: `Check the ${targetTrain} release notes and Cisco's ASA compatibility matrix before upgrading.`,
        source: NEWEST_KNOWN_TRAIN.source,
      });
    } else if (!platform || platform.families.length === 0) {
      add('release-limits', 'warn', `The platform is not known, so whether it runs ${target} is not checked.`, { fix: "Check Cisco's ASA compatibility matrix for the model and release." });
    } else if (platform.lastTrain && compareVersions(`${targetTrain}(0)`, `${platform.lastTrain}(0)`) > 0) {
      add('release-limits', 'refuse', `The ${platform.name} runs releases up to the ${platform.lastTrain} train, its last; ${input.asaFile} is ${target}.`, {
        fix: `Choose a ${platform.lastTrain} image (the newest ${platform.lastTrain} release is the last one for this model), or replace the hardware.`,
        summary: `beyond the ${platform.name}'s last release train ${platform.lastTrain}`,
        source: platform.source,
        overridable: true,
      });
    } else if (platform.firstRelease && compareVersions(target, platform.firstRelease) < 0) {
      add('release-limits', 'refuse', `The ${platform.name} runs ${platform.firstRelease} and later; ${input.asaFile} is ${target}.`, {
        fix: `Choose ${platform.firstRelease} or later.`,
        summary: `older than the ${platform.name}'s first release ${platform.firstRelease}`,
        source: platform.source,
        overridable: true,
      });
    } else {
      add('release-limits', 'pass', `The ${platform.name} runs ${target} (${platform.firstRelease ? `${platform.firstRelease} and later` : 'releases'}${platform.lastTrain ? ` up to the ${platform.lastTrain} train` : ', no last release announced'}).`, {
        source: platform.source,
      });
    }

    // Direction: only upgrades; the same version is nothing to do.
    let upgrade = false;
    if (input.resuming) {
      add('direction', 'pass', `Continuing this upgrade from ${input.running} to ${target ?? input.asaFile}: the direction was checked when it started.`);
      upgrade = target !== undefined && parseVersion(input.running) !== undefined;
    } else if (input.downloadOnly) {
      add('direction', 'pass', 'Download only: the images are copied and checked, nothing is booted.');
      upgrade = target !== undefined && parseVersion(input.running) !== undefined && compareVersions(target, input.running) > 0;
    } else if (!parseVersion(input.running)) {
      add('direction', 'refuse', `The pair's version "${input.running}" could not be read, so the upgrade cannot be checked.`, { fix: 'Check show version on the active unit.', summary: 'the running version could not be read' });
    } else if (target) {
      const cmp = compareVersions(target, input.running);
      if (cmp === 0) add('direction', 'refuse', `The pair already runs ${target}. Nothing to upgrade (use download only to just copy images).`, { fix: 'Choose a newer image.', summary: `same as running ${input.running}` });
      else if (cmp < 0)
        add('direction', 'refuse', `${input.asaFile} is ${target}, older than the ${input.running} the pair runs. This tool only upgrades; downgrade by hand following Cisco's procedure.`, {
          fix: 'Choose a newer image.',
          summary: `older than running ${input.running}`,
        });
      else {
        add('direction', 'pass', `${input.running} -> ${target} is an upgrade.`);
        upgrade = true;
      }
    } else {
      add('direction', 'warn', `The release of ${input.asaFile} could not be read from its name, so whether it is an upgrade is not checked.`, { fix: 'Check the image name.' });
    }

    // Upgrade path and failover with mixed versions, for an upgrade whose versions are known.
    if (upgrade && target) {
      const hops = upgradeHops(input.running, target);
      if (hops.length) {
        const steps = [...hops.map((h) => `${h.from} -> ${h.to}`), `${hops[hops.length - 1].to} -> ${target}`];
        add('upgrade-path', 'refuse', `From ${input.running} the upgrade path goes through ${hops.map((h) => h.to).join(', then ')} before ${target} (starting point "${hops[0].startingPoint}" in Cisco's Upgrade Path table).`, {
          fix: `Upgrade the pair hop by hop, each hop an ordinary upgrade: ${steps.join(', then ')}.`,
          summary: `needs interim release ${hops.map((h) => h.to).join(', then ')} first`,
          source: hops[0].source,
          overridable: true,
        });
      } else {
        add('upgrade-path', 'pass', `${input.running} -> ${target} is direct on the upgrade path (no interim release listed).`, { source: 'ASA upgrade guide, Upgrade Path table' });
      }
      const zd = zeroDowntimeProblem(input.running, target);
      if (zd) {
        add('zero-downtime', 'refuse', `A pair running ${input.running} and ${target} side by side would not reach Standby Ready: ${zd.rule.name}.`, {
          fix: `Upgrade through ${zd.trainsFirst.join(', then ')} first, one train per upgrade.`,
          summary: `too far apart for a failover pair: through ${zd.trainsFirst.join(', ')} first`,
          source: zd.rule.source,
          overridable: true,
        });
      } else if (parseVersion(target)!.major >= 9) {
        add('zero-downtime', 'pass', `${input.running} and ${target} side by side: ${MIXED_VERSIONS_EVIDENCE.text}.`, { source: MIXED_VERSIONS_EVIDENCE.source });
      } else {
        add('zero-downtime', 'pass', `${input.running} and ${target} are at most one minor release apart, as zero-downtime upgrades before 9.0 require.`, {
          source: 'Cisco ASA 5500 Series Configuration Guide using the CLI (7.x, 8.x), table "Zero-Downtime Upgrade Support"',
        });
      }
    }
  }

  checks.push(asdmCheck(input, target, family?.asdmInside === true));

  if (input.skip) {
    for (const c of checks) {
      if (c.verdict !== 'refuse' || !c.overridable) continue;
      c.verdict = 'warn';
      c.skipped = true;
      c.reason = `Skipped at your risk: ${c.reason}`;
    }
  }
  return checks;
}

function asdmCheck(input: CompatibilityInput, target: string | undefined, asdmInside: boolean): CompatibilityCheck {
  const asaVersion = target ?? (input.asaFile === undefined ? input.running : undefined);
  const base = { id: 'asdm' as const, title: CHECK_TITLES.asdm, overridable: false };
  if (!asaVersion) return { ...base, verdict: 'warn', reason: 'The ASA release is not known, so the ASDM it needs is not checked.', fix: "Check Cisco's ASA compatibility matrix." };
  const min = minimumAsdm(asaVersion);
  const asaNamed = target ? `ASA ${asaVersion}` : `ASA ${asaVersion} (running)`;
  if (input.asdmFile !== undefined) {
    const asdm = parseImageFileName(input.asdmFile);
    if (!asdm || asdm.kind !== 'asdm') return { ...base, verdict: 'warn', reason: `The release of ${input.asdmFile} could not be read from its name, so it is not checked.`, fix: 'Check the ASDM image name.' };
    if (!min) return { ...base, verdict: 'warn', reason: `The compatibility data has no ASDM rule for ${asaNamed}.`, fix: "Check Cisco's ASA compatibility matrix for the ASDM it needs." };
    const problem = asdmProblem(asdm.version, asaVersion);
    if (problem) {
      return {
        ...base,
        overridable: true,
        verdict: 'refuse',
        reason: `${input.asdmFile}: ${problem}${target ? '' : ' (running)'}.`,
        fix: `Choose ASDM ${min.train} or later.`,
        summary: `older than ASDM ${min.train}, the minimum for ASA ${asaVersion}`,
        source: min.rule.source,
      };
    }
    return { ...base, verdict: 'pass', reason: `${input.asdmFile} is ASDM ${asdm.version}; ${asaNamed} needs ASDM ${min.train} or later.`, source: min.rule.source };
  }
  if (asdmInside) return { ...base, verdict: 'pass', reason: 'The Firepower package carries its own ASDM: the ASDM image comes with it.', source: 'ASA upgrade guide (Firepower appliance-mode packages)' };
  if (input.runningAsdm === undefined) return { ...base, verdict: 'pass', reason: 'No ASDM image is configured on the pair (show version prints no Device Manager Version): nothing to keep in step.' };
  if (!min) return { ...base, verdict: 'warn', reason: `The compatibility data has no ASDM rule for ${asaNamed}.`, fix: "Check Cisco's ASA compatibility matrix for the ASDM it needs." };
  const problem = asdmProblem(input.runningAsdm, asaVersion);
  if (problem && input.downloadOnly) {
    // Nothing is booted by a download: the ASDM matters when the pair is upgraded.
    return { ...base, verdict: 'warn', reason: `Download only, keeping the current ASDM: ${problem}.`, fix: `Include an ASDM ${min.train} or later image when you upgrade.`, source: min.rule.source };
  }
  if (problem) {
    return {
      ...base,
      overridable: true,
      verdict: 'refuse',
      reason: `Keeping the current ASDM: ${problem}.`,
      fix: `Choose an ASDM ${min.train} or later image with this upgrade.`,
      summary: `older than ASDM ${min.train}, the minimum for ASA ${asaVersion}`,
      source: min.rule.source,
    };
  }
  return { ...base, verdict: 'pass', reason: `Keeping ASDM ${input.runningAsdm}; ${asaNamed} needs ASDM ${min.train} or later.`, source: min.rule.source };
}

/** The refusals as sentences (reason, then fix), for error messages and the editor's modal. */
export function refusalsOf(checks: CompatibilityCheck[]): string[] {
  return checks.filter((c) => c.verdict === 'refuse').map(sentenceOf);
}

export function sentenceOf(c: CompatibilityCheck): string {
  return c.fix ? `${c.reason} ${c.fix}` : c.reason;
}

export const VERDICT_LABEL: Record<Verdict, string> = { pass: 'PASS', warn: 'WARN', refuse: 'REFUSE' };

/** One line per check: `PASS    Platform: ...`; the source on its own line when asked. */
export function formatChecks(checks: CompatibilityCheck[], options: { sources?: boolean; indent?: string } = {}): string {
  const indent = options.indent ?? '';
  const lines: string[] = [];
  for (const c of checks) {
    lines.push(`${indent}${VERDICT_LABEL[c.verdict].padEnd(7)}${c.title}: ${sentenceOf(c)}`);
    if (options.sources && c.source) lines.push(`${indent}       (source: ${c.source})`);
  }
  return lines.join('\n');
}
