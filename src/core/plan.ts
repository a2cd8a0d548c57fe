// The plan: from the pair's state and the chosen images, the exact ordered steps with the exact commands,
// the unit each runs on, the address it is sent to, and what it waits for. `plan` prints it; the runner
// executes these steps, re-checking the pair before each phase.

import type { UnitRole, UnitStatus } from './facts';
import type { ImageSource, PairStatus, PhaseId, PlanStep, UpgradePlan, UpgradeRequest } from './model';
import type { CommandDialect, PairAddress } from './ports';
import { alreadyHas, checkPreconditions, unitOf, type PairStage, type PlanContext, type ResolvedImage } from './preconditions';
import { redactUrlCredentials } from './redact';
import { capitalised, otherRole } from './states';
import { toCopySource } from './image-location';
import { bootListWithFallback, normalizeImagePath } from './boot-fallback';

export { normalizeImagePath } from './boot-fallback';

export type { PlanContext } from './preconditions';

/** Commands for reading a unit's boot configuration; not in the dialect because only the check step shows them. */
export const BOOT_CONFIG_COMMANDS = ['show running-config boot system', 'show running-config asdm image'];

export interface Route {
  address: PairAddress;
  via: 'self' | 'mate';
}

/** How a unit is reached: the active one on the active address, the other on the standby address or through the mate. */
export function routeTo(role: UnitRole, activeRole: UnitRole, hasStandbyAddress: boolean): Route {
  if (role === activeRole) return { address: 'active', via: 'self' };
  return hasStandbyAddress ? { address: 'standby', via: 'self' } : { address: 'active', via: 'mate' };
}

export function flashPathFor(file: string): string {
  return `disk0:/${file}`;
}

/** The boot list to configure: the new image first, a fallback that is a real flash file after it (boot-fallback.ts). */
export function bootListFor(active: UnitStatus, asa: ImageSource): string[] {
  return bootListWithFallback(active, asa).images;
}

export function asdmImageFor(active: UnitStatus, asdm: ImageSource | undefined): string | undefined {
  return asdm ? flashPathFor(asdm.file) : normalizeImagePath(active.asdmImage);
}

function redactSource(source: ImageSource): ImageSource {
  return source.kind === 'url' ? { ...source, url: redactUrlCredentials(source.url) } : source;
}

export interface BuiltPlan {
  plan: UpgradePlan;
  stage: PairStage;
  asa: ResolvedImage;
  asdm?: ResolvedImage;
}

/** Step ids, shared by the plan and the runner's events. */
export const STEP = {
  copy: (role: UnitRole, kind: 'asa' | 'asdm') => `copy-${role}-${kind}`,
  verify: (role: UnitRole, kind: 'asa' | 'asdm') => `verify-${role}-${kind}`,
  bootConfig: 'boot-config',
  checkStandbyBoot: 'check-standby-boot',
  reloadSecondary: 'reload-secondary',
  failoverToSecondary: 'failover-to-secondary',
  reloadPrimary: 'reload-primary',
  failoverToPrimary: 'failover-to-primary',
  finalCheck: 'final-check',
} as const;

export function buildPlanDetailed(status: PairStatus, request: UpgradeRequest, dialect: CommandDialect, ctx: PlanContext): BuiltPlan {
  const pre = checkPreconditions(status, request, ctx);
  const { asa, asdm, stage } = pre;
  const primary = unitOf(status, 'primary')!;
  const secondary = unitOf(status, 'secondary')!;
  const activeRole: UnitRole = primary.isActive ? 'primary' : 'secondary';
  const active = activeRole === 'primary' ? primary : secondary;
  const to = asa.name.version;
  const steps: PlanStep[] = [];
  const onUnit = (role: UnitRole, command: string): { route: Route; command: string } => {
    const route = routeTo(role, activeRole, ctx.hasStandbyAddress);
    return { route, command: route.via === 'mate' ? dialect.onMate(command) : command };
  };
  const add = (phase: PhaseId, id: string, title: string, unit: UnitRole, commands: string[], extra: { waitsFor?: string; skip?: string; activeThen?: UnitRole; note?: string } = {}): void => {
    const route = routeTo(unit, extra.activeThen ?? activeRole, ctx.hasStandbyAddress);
    const step: PlanStep = { id, phase, title, unit, address: route.address, via: route.via, commands };
    if (extra.waitsFor) step.waitsFor = extra.waitsFor;
    if (extra.note) step.note = extra.note;
    if (extra.skip) step.skip = extra.skip;
    steps.push(step);
  };

  // 1. Download both images to both units (the two units copy at the same time).
  const images = [asa, asdm].filter((i): i is ResolvedImage => i !== undefined);
  for (const unit of [primary, secondary]) {
    for (const image of images) {
      const dest = flashPathFor(image.source.file);
      const localPath = image.source.kind === 'local' ? image.source.path : undefined;
      const push = localPath !== undefined && request.localDelivery === 'scp';
      const copy = push ? { command: `scp -t ${dest}` } : onUnit(unit.role, dialect.copy(redactUrlCredentials(toCopySource(image.source)), dest));
      let skip: string | undefined;
      if (image.source.kind === 'flash') skip = `${dest} is already on flash (it is the source)`;
      else {
        const have = alreadyHas(status, unit, image);
        if (have) skip = `${dest} is already there (${have.size} bytes${image.bytes !== undefined ? ', the expected size' : ''})`;
      }
      add('download', STEP.copy(unit.role, image.kind), `${push ? 'Push' : 'Copy'} ${image.source.file} to the ${unit.role}${push ? ' over SCP' : ''}`, unit.role, [copy.command], {
        waitsFor: push ? `the SCP push of ${localPath} to finish (${dest})` : `the copy to finish (${dest})`,
        skip,
      });
    }
  }
  for (const unit of [primary, secondary]) {
    for (const image of images) {
      const dest = flashPathFor(image.source.file);
      const verify = onUnit(unit.role, dialect.verify(dest, 'md5'));
      const against = image.md5 ? `the known MD5 ${image.md5}` : `the MD5 of the ${otherRole(unit.role)}'s copy`;
      const sha512 = image.sha512 ? [onUnit(unit.role, dialect.verify(dest, 'sha-512')).command] : [];
      add('download', STEP.verify(unit.role, image.kind), `Check ${image.source.file} on the ${unit.role}`, unit.role, [verify.command, ...sha512], {
        waitsFor: `the MD5 to match ${against}${image.sha512 ? `, and the SHA-512 to match ${sha512Description(image)}` : ''}`,
      });
    }
  }

  if (!request.downloadOnly) {
    const pastBoot = stage !== 'fresh';
    const upgradedBoth = stage === 'both-upgraded' || stage === 'done';
    const boot = bootListWithFallback(active, asa.source);
    const bootList = boot.images;
    const asdmImage = asdmImageFor(active, asdm?.source);
    const standbyRole = otherRole(activeRole);
    add('boot-config', STEP.bootConfig, `Set the boot images (${bootList.join(', ')}) and save, on the ${activeRole}`, activeRole, [...dialect.setBootImages(bootList, asdmImage), dialect.writeMemory()], {
      waitsFor: 'the configuration to be saved on both units',
      skip: pastBoot ? 'already set: the secondary already runs the new version' : undefined,
      note: boot.note,
    });
    add(
      'boot-config',
      STEP.checkStandbyBoot,
      `Confirm the ${standbyRole} has the same boot configuration`,
      standbyRole,
      BOOT_CONFIG_COMMANDS.map((c) => onUnit(standbyRole, c).command),
      { waitsFor: `boot system ${bootList.join(', ')}${asdmImage ? ` and asdm image ${asdmImage}` : ''}`, skip: pastBoot ? 'already checked before the secondary was reloaded' : undefined },
    );

    const secondaryDone = stage !== 'fresh';
    add('reload-secondary', STEP.reloadSecondary, 'Reload the secondary (standby), from the primary', 'primary', [dialect.reloadStandby()], {
      waitsFor: `the secondary back on ${to} in Standby Ready, with proof it reloaded (version changed, uptime reset)`,
      skip: secondaryDone ? `the secondary already runs ${to}` : undefined,
      activeThen: 'primary',
    });
    const failedOver = stage === 'on-secondary' || stage === 'both-upgraded';
    add('failover-to-secondary', STEP.failoverToSecondary, 'Make the secondary active (the primary becomes standby)', 'primary', [dialect.noFailoverActive()], {
      waitsFor: 'show failover on the active address: Secondary - Active, Primary - Standby Ready',
      skip: failedOver ? 'the secondary is already active' : stage === 'done' ? 'both units already run the new version' : undefined,
      activeThen: 'primary',
    });
    add('reload-primary', STEP.reloadPrimary, 'Reload the primary (now standby), from the secondary', 'secondary', [dialect.reloadStandby()], {
      waitsFor: `the primary back on ${to} in Standby Ready, with proof it reloaded (version changed, uptime reset)`,
      skip: upgradedBoth ? `the primary already runs ${to}` : undefined,
      activeThen: 'secondary',
    });
    add('failover-to-primary', STEP.failoverToPrimary, 'Make the primary active again', 'secondary', [dialect.noFailoverActive()], {
      waitsFor: 'show failover on the active address: Primary - Active, Secondary - Standby Ready',
      skip: stage === 'done' ? 'the primary is already active' : undefined,
      activeThen: 'secondary',
    });
    // Fixed routes for the last check: by then the primary is active again.
    steps.push({
      id: STEP.finalCheck,
      phase: 'failover-to-primary',
      title: `Confirm both units run ${to}, the primary active and the secondary Standby Ready`,
      unit: 'primary',
      address: 'active',
      via: 'self',
      commands: [dialect.showFailover(), dialect.showVersion()],
    });
  }

  const plan: UpgradePlan = {
    fromVersion: pre.fromVersion,
    toVersion: to,
    asaImage: redactSource(asa.source),
    downloadOnly: request.downloadOnly === true,
    compatibility: pre.compatibility,
    steps,
  };
  const notes = images.map((image) => imageNote(image, request));
  if (notes.length) plan.imageNotes = notes;
  if (request.skipCompatibilityCheck === true) plan.compatibilitySkipped = true;
  if (active.asdmVersion !== undefined) plan.fromAsdmVersion = active.asdmVersion;
  if (asdm) {
    plan.toAsdmVersion = asdm.name.version;
    plan.asdmImage = redactSource(asdm.source);
  }
  return { plan, stage, asa, asdm };
}

function sha512Description(image: ResolvedImage): string {
  return image.sha512Origin === 'local-file' ? `the local file's SHA-512 ${image.sha512}` : `Cisco's published value ${image.sha512}`;
}

/** One line per image: where it comes from, what is known of it, and which SHA-512 it is held to. */
function imageNote(image: ResolvedImage, request: UpgradeRequest): string {
  const what = `${image.kind.toUpperCase()} ${image.source.file}`;
  const size = image.bytes !== undefined ? `${image.bytes} bytes` : undefined;
  const from =
    image.source.kind === 'local'
      ? `local file ${image.source.path}${size ? `, ${size}` : ''}, ${request.localDelivery === 'scp' ? 'pushed to each unit over SCP on the SSH route' : 'served over HTTP from this workstation for the copies only'}`
      : image.source.kind === 'flash'
        ? 'already on flash'
        : `from ${redactUrlCredentials(image.source.url)}${size ? `, ${size}` : ''}`;
  const hash =
    image.sha512 === undefined
      ? `no published hash given${image.source.kind === 'url' && /^https?:/i.test(image.source.url) ? ` (${image.source.file}.sha512 beside it is looked for once confirmed)` : ''}`
      : image.sha512Origin === 'local-file'
        ? `no published hash given; SHA-512 of the local file ${image.sha512} is checked on both units`
        : `SHA-512 checked on both units against Cisco's published value ${image.sha512}`;
  return `${what}: ${from}; ${hash}`;
}

export function buildPlan(status: PairStatus, request: UpgradeRequest, dialect: CommandDialect, ctx: PlanContext): UpgradePlan {
  return buildPlanDetailed(status, request, dialect, ctx).plan;
}

export function describeUnit(role: UnitRole): string {
  return capitalised(role);
}
