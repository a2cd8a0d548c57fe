// Phase 2: the new image first in `boot system`, the running image after it as the fallback, the ASDM
// image, `write memory` on the active unit, then wait until the standby shows the same entries (replication).

import { CommandRejectedError } from '../errors';
import type { BootConfig } from '../facts';
import type { PairStatus, UpgradePlan } from '../model';
import { asdmImageFor, bootListFor, normalizeImagePath, STEP } from '../plan';
import { isTransient } from '../snapshot';
import { optional } from '../status';
import { otherRole } from '../states';
import { throwIfCancelled, WaitTimeoutError } from '../waits';
import { Stop, type RunContext } from './run-context';

export async function setBootConfig(run: RunContext, plan: UpgradePlan, status: PairStatus): Promise<void> {
  const { recorder } = run;
  const setStep = plan.steps.find((s) => s.id === STEP.bootConfig)!;
  const checkStep = plan.steps.find((s) => s.id === STEP.checkStandbyBoot)!;
  if (setStep.skip) {
    recorder.phase('boot-config', 'skipped', setStep.skip);
    recorder.step(setStep.id, 'skipped', setStep.skip);
    recorder.step(checkStep.id, 'skipped', checkStep.skip);
    return;
  }
  throwIfCancelled(run.signal, 'before setting the boot images');
  // A file a unit rejected is never booted: only a fresh copy that passed every check clears it.
  const files = [run.asa.source.file, run.asdmImage?.source.file];
  const rejected = (['primary', 'secondary'] as const).flatMap((r) => recorder.untrustedOn(r).filter((u) => files.includes(u.file)));
  if (rejected.length) {
    throw new Stop(
      `Refusing to set the boot images: ${rejected.map((u) => `the ${u.unit} rejected ${u.file} (${u.reason})`).join('; ')}. ` +
        'Copy a good image again (run the upgrade again with a checked image). The boot configuration was not changed and nothing was reloaded.',
    );
  }
  recorder.phase('boot-config', 'running');
  const activeRole = setStep.unit;
  const active = status.units.find((u) => u.role === activeRole)!;
  const bootList = bootListFor(active, run.asa.source);
  const asdmImage = asdmImageFor(active, run.asdmImage?.source);
  const session = await run.sessionOn(activeRole);
  recorder.step(setStep.id, 'running');
  const current = await optional(() => session.bootConfig(run.commandOptions()));
  const matches = (b: BootConfig | undefined): boolean =>
    b !== undefined &&
    b.bootImages.length === bootList.length &&
    b.bootImages.every((x, i) => normalizeImagePath(x) === bootList[i]) &&
    (asdmImage === undefined || normalizeImagePath(b.asdmImage) === asdmImage);
  run.touched.configured = true;
  if (!matches(current)) await session.setBootImages(bootList, asdmImage, run.commandOptions());
  else recorder.log('info', 'The boot images are already set; saving the configuration again.');
  await session.writeMemory(run.commandOptions(run.limits.copyTimeoutMs));
  recorder.step(setStep.id, 'done');

  const other = otherRole(activeRole);
  recorder.step(checkStep.id, 'running');
  let seen: BootConfig | undefined;
  let readable = true;
  await run.waitFor(
    async () => {
      const s = await run.sessionOn(other);
      try {
        seen = await s.bootConfig(run.commandOptions());
      } catch (e) {
        if (e instanceof CommandRejectedError) {
          readable = false;
          return true;
        }
        if (isTransient(e)) return undefined;
        throw e;
      }
      return matches(seen) ? true : undefined;
    },
    {
      what: `the ${other} to show the same boot configuration`,
      timeoutMs: run.limits.failoverTimeoutMs,
      lastSeen: () => (seen ? `boot system ${seen.bootImages.join(', ') || '(none)'}` : undefined),
    },
  ).catch((e) => {
    if (e instanceof WaitTimeoutError) {
      throw new Stop(
        `The ${other} did not get the new boot configuration (it shows ${seen?.bootImages.join(', ') || 'no boot system entries'}). ` +
          'Check configuration replication (show failover), then run the upgrade again; nothing was reloaded.',
      );
    }
    throw e;
  });
  if (!readable) {
    recorder.step(checkStep.id, 'skipped', `the ${other} refused to show its boot configuration; its version is checked after its reload`);
    recorder.log('warn', `Could not read the ${other}'s boot configuration; the version it boots is checked after its reload.`);
  } else recorder.step(checkStep.id, 'done');
  recorder.phase('boot-config', 'done');
}
