// Phase 1: copy the images to both units (in parallel, one session per unit, with live progress read from
// the destination's size on flash), then prove both units hold the same complete image.

import { CommandRejectedError } from '../errors';
import type { UnitRole } from '../facts';
import type { PlanStep, UpgradePlan } from '../model';
import { flashPathFor, STEP } from '../plan';
import type { UnitSession } from '../ports';
import type { ResolvedImage } from '../preconditions';
import { optional } from '../status';
import { toCopySource } from '../image-location';
import { watchCopy } from '../copy-progress';
import { CancelledError, throwIfCancelled } from '../waits';
import { Stop, type RunContext } from './run-context';

/** How long a copy waits for its watcher to read the destination first (a slow second login must not hold it). */
const COPY_WATCH_START_MS = 5_000;

export async function downloadImages(run: RunContext, plan: UpgradePlan): Promise<void> {
  const { recorder } = run;
  recorder.phase('download', 'running');
  const images = [run.asaImage, run.asdmImage].filter((i): i is ResolvedImage => i !== undefined);
  const copies = plan.steps.filter((s) => s.phase === 'download' && s.id.startsWith('copy-'));
  for (const s of copies.filter((c) => c.skip)) recorder.step(s.id, 'skipped', s.skip);
  const copiedBytes = new Map<string, number>();
  const perUnit = (['primary', 'secondary'] as const).map(async (role) => {
    const todo = copies.filter((s) => s.unit === role && !s.skip);
    if (!todo.length) return;
    const session = await run.sessionOn(role);
    for (const s of todo) {
      throwIfCancelled(run.signal, `before copying to the ${role}`);
      const image = images.find((i) => s.id === STEP.copy(role, i.kind))!;
      copiedBytes.set(s.id, await copyOne(run, session, role, image, s));
    }
  });
  const settled = await Promise.allSettled(perUnit);
  const failure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
  throwIfCancelled(run.signal, 'after the copies');
  await verifyImages(run, images, copiedBytes);
  recorder.phase('download', 'done');
}

async function copyOne(run: RunContext, session: UnitSession, role: UnitRole, image: ResolvedImage, s: PlanStep): Promise<number> {
  const { recorder } = run;
  const dest = flashPathFor(image.source.file);
  recorder.step(s.id, 'running');
  // Bytes come from the destination's size on flash, read over a second session while this one copies.
  let bytes = 0;
  const progress = (marks?: number): void =>
    recorder.emit({ type: 'copy', at: Date.now(), unit: role, file: image.source.file, bytes, ...(image.bytes !== undefined ? { totalBytes: image.bytes } : {}), ...(marks !== undefined ? { marks } : {}) });
  progress();
  const watch = watchCopy({
    connector: run.connector,
    copySession: session,
    file: image.source.file,
    intervalMs: run.limits.pollIntervalMs,
    commandTimeoutMs: run.pollCommandMs(),
    signal: run.signal,
    onBytes: (n) => {
      bytes = n;
      progress();
    },
  });
  await watch.ready(COPY_WATCH_START_MS);
  run.touched.copied = true;
  try {
    const result = await session.copy(toCopySource(image.source), dest, (p) => progress(p.marks), run.commandOptions(run.limits.copyTimeoutMs));
    await watch.stop();
    recorder.emit({ type: 'copy', at: Date.now(), unit: role, file: image.source.file, bytes: result.bytes, totalBytes: image.bytes ?? result.bytes });
    recorder.step(s.id, 'done', `${result.bytes} bytes`);
    return result.bytes;
  } catch (e) {
    await watch.stop();
    recorder.step(s.id, 'failed', (e as Error).message);
    if (e instanceof CancelledError || run.signal?.aborted) throw new CancelledError(`Cancelled while copying ${image.source.file} to the ${role}.`);
    throw new Stop(`Copying ${image.source.file} to the ${role} failed: ${(e as Error).message}`);
  }
}

/** Both units must hold the same, complete image: same size (and copy count), same MD5 (the known one when given). */
async function verifyImages(run: RunContext, images: ResolvedImage[], copiedBytes: Map<string, number>): Promise<void> {
  const { recorder } = run;
  const sessions = { primary: await run.sessionOn('primary'), secondary: await run.sessionOn('secondary') };
  const listings = {
    primary: await optional(() => sessions.primary.listFlash(run.commandOptions())),
    secondary: await optional(() => sessions.secondary.listFlash(run.commandOptions())),
  };
  for (const image of images) {
    const dest = flashPathFor(image.source.file);
    const sizes: Partial<Record<UnitRole, number>> = {};
    for (const role of ['primary', 'secondary'] as const) {
      const listing = listings[role];
      if (!listing) continue;
      const f = listing.files.find((x) => x.name === image.source.file);
      if (!f) throw new Stop(`${dest} is not on the ${role}'s flash after the download. Check the copy output (--verbose) and run again.`);
      sizes[role] = f.size;
      const copied = copiedBytes.get(STEP.copy(role, image.kind));
      if (copied !== undefined && copied !== f.size) throw new Stop(`${dest} on the ${role} is ${f.size} bytes but ${copied} bytes were copied: the copy is incomplete. Delete it (delete ${dest}) and run again.`);
      if (image.bytes !== undefined && f.size !== image.bytes) {
        throw new Stop(`${dest} on the ${role} is ${f.size} bytes, not the expected ${image.bytes}. Delete it (delete ${dest}) and run again.`);
      }
    }
    if (sizes.primary !== undefined && sizes.secondary !== undefined && sizes.primary !== sizes.secondary) {
      throw new Stop(`${dest} differs in size between the units (primary ${sizes.primary}, secondary ${sizes.secondary} bytes). Delete the wrong copy (delete ${dest}) and run again; nothing was reloaded.`);
    }
    const hashes: Partial<Record<UnitRole, string>> = {};
    for (const role of ['primary', 'secondary'] as const) {
      const id = STEP.verify(role, image.kind);
      recorder.step(id, 'running');
      try {
        hashes[role] = await sessions[role].verify(dest, 'md5', run.commandOptions(run.limits.copyTimeoutMs));
        recorder.step(id, 'done', `MD5 ${hashes[role]}`);
      } catch (e) {
        if (e instanceof CommandRejectedError) {
          recorder.step(id, 'skipped', `the ${role} cannot hash files: ${(e as Error).message}`);
          recorder.log('warn', `The ${role} refused verify /md5 for ${dest}; only its size was checked.`);
          continue;
        }
        recorder.step(id, 'failed', (e as Error).message);
        throw e;
      }
      if (image.md5 && hashes[role] !== image.md5) {
        recorder.step(id, 'failed', 'MD5 mismatch');
        throw new Stop(
          `${dest} on the ${role} does not match the known MD5 (device ${hashes[role]}, expected ${image.md5}): the transfer was corrupted. ` +
            `Delete it on that unit (delete ${dest}) and run the upgrade again. Nothing was reloaded.`,
        );
      }
    }
    if (!image.md5 && hashes.primary && hashes.secondary && hashes.primary !== hashes.secondary) {
      recorder.step(STEP.verify('secondary', image.kind), 'failed', 'MD5 differs between units');
      throw new Stop(
        `${dest} has a different MD5 on each unit (primary ${hashes.primary}, secondary ${hashes.secondary}): one transfer was corrupted. ` +
          `Delete the file on both units (delete ${dest}) and run the upgrade again, ideally with the MD5 from Cisco's download page. Nothing was reloaded.`,
      );
    }
  }
}
