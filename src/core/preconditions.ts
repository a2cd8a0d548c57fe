// What must hold before an upgrade touches a pair. Every problem found is reported at once, each with what
// to do about it, and nothing on the pair has been changed when they are.

import { InvalidInputError, PreconditionError } from './errors';
import type { FlashFile, UnitRole, UnitStatus } from './facts';
import { parseImageLocation } from './image-location';
import { parseImageFileName, type ImageKind, type ImageName } from './images';
import type { ImageSource, PairStatus, Sha512Origin, UpgradeRequest } from './model';
import { capitalised, isActiveState, isStandbyReady } from './states';
import { sameVersion } from './versions';
import { checkCompatibility, compatibilityInputOf, refusalsOf, type CompatibilityCheck, type CompatibilityInput } from './compat/check';

export interface ResolvedImage {
  kind: ImageKind;
  source: ImageSource;
  name: ImageName;
  md5?: string;
  /** Expected SHA-512 (lower-case hex) and where it comes from. */
  sha512?: string;
  sha512Origin?: Sha512Origin;
  /** Known size of the image, from the request. */
  bytes?: number;
}

export interface PlanContext {
  hasStandbyAddress: boolean;
  /** Continue a job this tool started: the pair may be part-way through this upgrade. */
  resume?: boolean;
  /** The version the pair ran before the job started (from the journal), when resuming. */
  fromVersion?: string;
}

/**
 * Where a pair is in this upgrade, read from the devices:
 * - `fresh`: both units on the old version, primary active;
 * - `secondary-upgraded`: the secondary runs the target, the primary still active on the old version;
 * - `on-secondary`: the secondary (upgraded) is active, the primary standby on the old version;
 * - `both-upgraded`: both run the target, the secondary still active;
 * - `done`: both run the target and the primary is active.
 */
export type PairStage = 'fresh' | 'secondary-upgraded' | 'on-secondary' | 'both-upgraded' | 'done';

export function unitOf(status: PairStatus, role: UnitRole): UnitStatus | undefined {
  return status.units.find((u) => u.role === role);
}

export function resolveImages(request: UpgradeRequest): { asa?: ResolvedImage; asdm?: ResolvedImage; problems: string[] } {
  const problems: string[] = [];
  const resolve = (input: string, kind: ImageKind, md5?: string, bytes?: number, sha512?: string, sha512Origin?: Sha512Origin): ResolvedImage | undefined => {
    try {
      const source = parseImageLocation(input, kind);
      const name = parseImageFileName(source.file)!;
      const r: ResolvedImage = { kind, source, name };
      if (md5 !== undefined) {
        if (!/^[0-9a-fA-F]{32}$/.test(md5)) {
          problems.push(`The ${kind.toUpperCase()} MD5 hash given is not 32 hexadecimal digits. Copy it again from Cisco's download page.`);
        } else r.md5 = md5.toLowerCase();
      }
      if (sha512 !== undefined) {
        if (!/^[0-9a-fA-F]{128}$/.test(sha512)) {
          problems.push(`The ${kind.toUpperCase()} SHA-512 hash given is not 128 hexadecimal digits. Copy it again from Cisco's download page (the SHA512 checksum shown for the file).`);
        } else {
          r.sha512 = sha512.toLowerCase();
          r.sha512Origin = sha512Origin ?? 'published';
        }
      }
      if (bytes !== undefined && Number.isSafeInteger(bytes) && bytes > 0) r.bytes = bytes;
      return r;
    } catch (e) {
      if (e instanceof InvalidInputError) {
        problems.push(`${kind.toUpperCase()} image: ${e.message}`);
        return undefined;
      }
      throw e;
    }
  };
  const asa = resolve(request.asa, 'asa', request.asaMd5, request.asaBytes, request.asaSha512, request.asaSha512Origin);
  const asdm = request.asdm !== undefined ? resolve(request.asdm, 'asdm', request.asdmMd5, request.asdmBytes, request.asdmSha512, request.asdmSha512Origin) : undefined;
  return { asa, asdm, problems };
}

export function stageOf(status: PairStatus, target: string): PairStage | undefined {
  const p = unitOf(status, 'primary');
  const s = unitOf(status, 'secondary');
  if (!p || !s) return undefined;
  const pNew = sameVersion(p.version, target);
  const sNew = sameVersion(s.version, target);
  if (!pNew && !sNew) return p.isActive ? 'fresh' : undefined;
  if (!pNew && sNew) return p.isActive ? 'secondary-upgraded' : s.isActive ? 'on-secondary' : undefined;
  if (pNew && sNew) return p.isActive ? 'done' : s.isActive ? 'both-upgraded' : undefined;
  return undefined;
}

export function fileOn(unit: UnitStatus | undefined, file: string): FlashFile | undefined {
  return unit?.flashFiles?.find((f) => f.name === file);
}

/** The size an image will have on flash, as far as it can be known before copying. */
export function expectedSize(status: PairStatus, image: ResolvedImage): number | undefined {
  if (image.bytes !== undefined) return image.bytes;
  const sizes = status.units.map((u) => fileOn(u, image.source.file)?.size).filter((n): n is number => n !== undefined);
  return sizes.length ? Math.max(...sizes) : undefined;
}

/**
 * Whether `unit` already has the image: a file of that name whose size matches what is known of the image
 * (the request's size, else the other unit's copy). With nothing to compare against, presence counts;
 * the hash check after the download phase catches a file that is not the image.
 */
export function alreadyHas(status: PairStatus, unit: UnitStatus, image: ResolvedImage): FlashFile | undefined {
  const mine = fileOn(unit, image.source.file);
  if (!mine) return undefined;
  if (image.bytes !== undefined) return mine.size === image.bytes ? mine : undefined;
  const others = status.units.filter((u) => u.role !== unit.role).map((u) => fileOn(u, image.source.file));
  if (others.some((f) => f !== undefined && f.size !== mine.size)) {
    // Sizes differ between the units: only the larger one can be complete.
    return others.every((f) => f === undefined || f.size <= mine.size) ? mine : undefined;
  }
  return mine;
}

function runningImageFile(unit: UnitStatus): FlashFile | undefined {
  const name = unit.systemImage?.replace(/^[a-z0-9]+:\//i, '');
  return name ? fileOn(unit, name) : undefined;
}

export interface PreconditionResult {
  asa: ResolvedImage;
  asdm?: ResolvedImage;
  stage: PairStage;
  fromVersion: string;
  compatibility: CompatibilityCheck[];
}

/**
 * What is wrong with the pair itself (failover, roles, states, versions), whatever the images: the editor asks
 * this when "Upgrade Pair..." opens, before any picker. `stop` means nothing further can be reasoned about.
 */
export function pairStateProblems(status: PairStatus, ctx: PlanContext, target?: string, downloadOnly = false): { problems: string[]; stop: boolean } {
  const problems: string[] = [];
  if (!status.failoverEnabled) {
    problems.push('Failover is off on the unit at the active address: this tool upgrades active/standby failover pairs. Turn failover on, or upgrade the unit by hand.');
    return { problems, stop: true };
  }
  const primary = unitOf(status, 'primary');
  const secondary = unitOf(status, 'secondary');
  if (!primary || !secondary) {
    problems.push('Only one unit of the pair answered: check that the mate is present (show failover) and that the standby address, if given, is right.');
    return { problems, stop: true };
  }
  const actives = status.units.filter((u) => u.isActive);
  if (actives.length !== 1) {
    problems.push(
      actives.length === 0
        ? `Neither unit is active (primary: ${primary.state}, secondary: ${secondary.state}). Wait until one unit is Active and the other Standby Ready, then try again.`
        : 'Both units report Active. Resolve the failover problem (check the failover link) before upgrading.',
    );
    return { problems, stop: true };
  }
  const atActiveAddress = status.activeRole ? unitOf(status, status.activeRole) : undefined;
  if (atActiveAddress && !atActiveAddress.isActive && ctx.resume !== true) {
    // Sending the plan's commands to the wrong unit would copy and configure before any check caught it.
    problems.push(
      `The active address reaches the ${status.activeRole} unit, which is ${atActiveAddress.state}, not Active: the active and standby ` +
        'addresses look swapped. Give the address the active unit answers on as the active address (and the other as the standby address), then try again.',
    );
    return { problems, stop: true };
  }
  const stage = target !== undefined ? stageOf(status, target) : undefined;
  const mixed = !sameVersion(primary.version, secondary.version);
  const resumable = ctx.resume === true && stage !== undefined && !downloadOnly;

  if (mixed && !(resumable && (stage === 'secondary-upgraded' || stage === 'on-secondary'))) {
    problems.push(
      `The units run different versions (primary ${primary.version}, secondary ${secondary.version}). ` +
        (ctx.resume
          ? `That is not where an upgrade to ${target ?? 'the new version'} leaves a pair (the secondary is upgraded first). Bring both units to the same version by hand, then start again.`
          : 'Finish or roll back that upgrade first; if this tool started it, resume it instead.'),
    );
  }
  if (!primary.isActive && !(resumable && (stage === 'on-secondary' || stage === 'both-upgraded'))) {
    problems.push(
      'The primary unit is not the active unit. The upgrade starts with the primary active: fail over to it first (`no failover active` on the secondary, or `failover active` on the primary), wait for Standby Ready, then try again.',
    );
  }
  const standby = actives[0].role === 'primary' ? secondary : primary;
  if (!isStandbyReady(standby.state)) {
    problems.push(`The ${standby.role} (standby) is "${standby.state}", not Standby Ready. Wait until it is Standby Ready (show failover), then try again.`);
  }
  if (!isActiveState(actives[0].state)) {
    problems.push(`The ${actives[0].role} is "${actives[0].state}". Wait until it is Active, then try again.`);
  }
  return { problems, stop: false };
}

/** The version the pair ran before this job: the primary's on a fresh start, the journal's (or the older unit's) part-way. */
function fromVersionOf(status: PairStatus, stage: PairStage | undefined, target: string | undefined, ctx: PlanContext): string {
  const primary = unitOf(status, 'primary')!;
  const secondary = unitOf(status, 'secondary');
  if (stage === 'fresh' || stage === undefined) return primary.version;
  return ctx.fromVersion ?? (sameVersion(primary.version, target) ? secondary?.version ?? primary.version : primary.version);
}

function compatibilityWith(status: PairStatus, request: UpgradeRequest, ctx: PlanContext, asa: ResolvedImage | undefined, asdm: ResolvedImage | undefined): CompatibilityCheck[] {
  const target = asa?.name.version;
  const stage = target !== undefined ? stageOf(status, target) : undefined;
  const downloadOnly = request.downloadOnly === true;
  const resumable = ctx.resume === true && stage !== undefined && !downloadOnly;
  const input: CompatibilityInput = {
    ...compatibilityInputOf(status, unitOf(status, 'primary') ? fromVersionOf(status, stage, target, ctx) : undefined),
    downloadOnly,
    resuming: resumable,
    skip: request.skipCompatibilityCheck === true,
  };
  if (asa) input.asaFile = asa.source.file;
  if (asdm) input.asdmFile = asdm.source.file;
  return checkCompatibility(input);
}

/** Every compatibility check with its verdict, whatever the pair's state (`plan` shows them even when refusing). */
export function compatibilityOf(status: PairStatus, request: UpgradeRequest, ctx: PlanContext): CompatibilityCheck[] {
  const { asa, asdm } = resolveImages(request);
  return asa ? compatibilityWith(status, request, ctx, asa, asdm) : [];
}

export function preconditionProblems(status: PairStatus, request: UpgradeRequest, ctx: PlanContext): { problems: string[]; result?: PreconditionResult } {
  const { asa, asdm, problems } = resolveImages(request);
  const downloadOnly = request.downloadOnly === true;
  const target = asa?.name.version;
  const state = pairStateProblems(status, ctx, target, downloadOnly);
  problems.push(...state.problems);
  if (state.stop) return { problems };
  const primary = unitOf(status, 'primary')!;
  const secondary = unitOf(status, 'secondary')!;
  const stage = target !== undefined ? stageOf(status, target) : undefined;
  const fromVersion = fromVersionOf(status, stage, target, ctx);

  if (!asa || target === undefined) return { problems };
  // Platform, image family, release limits, direction, upgrade path, zero-downtime and ASDM (src/core/compat).
  const compatibility = compatibilityWith(status, request, ctx, asa, asdm);
  problems.push(...refusalsOf(compatibility));

  // Files already on flash are the source: every unit needs its own copy, the ASA cannot copy between units.
  for (const image of [asa, asdm]) {
    if (!image || image.source.kind !== 'flash') continue;
    for (const u of [primary, secondary]) {
      if (u.flashFiles && !fileOn(u, image.source.file)) {
        problems.push(`${image.source.path} is not on the ${u.role}'s flash. Copy it to both units first, or give a URL so this tool copies it.`);
      }
    }
  }

  // Flash space: each unit needs room for the images it does not have yet.
  for (const u of [primary, secondary]) {
    if (u.flashFreeBytes === undefined || !u.flashFiles) continue;
    let needed = 0;
    let estimated = false;
    for (const image of [asa, asdm]) {
      if (!image || image.source.kind === 'flash' || alreadyHas(status, u, image)) continue;
      let size = expectedSize(status, image);
      if (size === undefined && image.kind === 'asa') {
        size = runningImageFile(u)?.size;
        estimated = size !== undefined;
      }
      const existing = fileOn(u, image.source.file)?.size ?? 0;
      needed += Math.max(0, (size ?? 0) - existing);
    }
    if (needed > u.flashFreeBytes) {
      problems.push(
        `The ${u.role} has ${u.flashFreeBytes} bytes free on flash but needs ${estimated ? 'about ' : ''}${needed} for the new images. ` +
          'Free space by deleting images no longer in use (never the running image or the boot images), then try again.',
      );
    }
  }

  if (problems.length || !stage) {
    if (!problems.length) problems.push('The pair is in a state this upgrade cannot start from. Check show failover on both units.');
    return { problems };
  }
  const result: PreconditionResult = { asa, stage, fromVersion, compatibility };
  if (asdm) result.asdm = asdm;
  return { problems, result };
}

/** Throws PreconditionError naming every problem, or returns what the plan is built on. */
export function checkPreconditions(status: PairStatus, request: UpgradeRequest, ctx: PlanContext): PreconditionResult {
  const { problems, result } = preconditionProblems(status, request, ctx);
  if (problems.length || !result) {
    const list = problems.map((p) => `  - ${p}`).join('\n');
    throw new PreconditionError(`The upgrade cannot start; nothing was changed on the pair:\n${list}`);
  }
  return result;
}

export function roleName(role: UnitRole): string {
  return capitalised(role);
}
