// Phase 1: copy the images to both units (in parallel, one session per unit, with live progress read from
// the destination's size on flash), then prove both units hold the same complete image.
// A file is "already there" only with proof, never by its name: the source's size AND a hash matching the
// source's (known: --asa-md5; later a published SHA-512), or, with no hash known, the same hash on both
// units plus the unit's own signature check of a signed (.SPA) image. A copy the unit rejected (signature or
// other integrity error) is deleted from that unit, recorded in the journal as untrusted, and never skipped
// or booted.

import { CommandRejectedError, CopyFailedError } from '../errors';
import type { HashAlgorithm, UnitRole } from '../facts';
import type { PlanStep, UpgradePlan } from '../model';
import { flashPathFor, STEP } from '../plan';
import type { UnitSession } from '../ports';
import type { ResolvedImage } from '../preconditions';
import { optional } from '../status';
import { toCopySource } from '../image-location';
import { watchCopy } from '../copy-progress';
import { CopyStalledError, guardCopyProgress, type CopyStallGuard } from '../copy-stall';
import { CancelledError, formatMs, throwIfCancelled } from '../waits';
import { capitalised, otherRole } from '../states';
import { Stop, type RunContext } from './run-context';

/** How long a copy waits for its watcher to read the destination first (a slow second login must not hold it). */
const COPY_WATCH_START_MS = 5_000;

export async function downloadImages(run: RunContext, plan: UpgradePlan): Promise<void> {
  const { recorder } = run;
  recorder.phase('download', 'running');
  const images = [run.asaImage, run.asdmImage].filter((i): i is ResolvedImage => i !== undefined);
  const copies = plan.steps.filter((s) => s.phase === 'download' && s.id.startsWith('copy-'));
  const imageOf = (role: UnitRole, s: PlanStep): ResolvedImage => images.find((i) => s.id === STEP.copy(role, i.kind))!;
  const known = new Map<string, string>();
  const proven = await provenAlreadyThere(run, copies.filter((c) => c.skip), (s) => imageOf(s.unit as UnitRole, s), known);
  for (const s of copies.filter((c) => c.skip)) {
    const doubt = proven.get(s.id);
    if (doubt === undefined) recorder.step(s.id, 'skipped', s.skip);
    else recorder.log('warn', `${flashPathFor(imageOf(s.unit as UnitRole, s).source.file)} is on the ${s.unit} but ${doubt}: copying it again.`);
  }
  const copiedBytes = new Map<string, number>();
  // A skipped copy is copied after all when the file on flash was not proven to be the image.
  const todoOn = (role: UnitRole): PlanStep[] => copies.filter((s) => s.unit === role && (!s.skip || proven.get(s.id) !== undefined));
  const local = (['primary', 'secondary'] as const).some((role) => todoOn(role).some((s) => imageOf(role, s).source.kind === 'local'));
  try {
    // Every unit that will receive a pushed file must accept SCP: checked on all of them before any copy starts.
    if (local) await checkLocalDelivery(run, todoOn, imageOf);
    const perUnit = (['primary', 'secondary'] as const).map(async (role) => {
      const todo = todoOn(role);
      if (!todo.length) return;
      const session = await run.sessionOn(role);
      for (const s of todo) {
        throwIfCancelled(run.signal, `before copying to the ${role}`);
        copiedBytes.set(s.id, await copyOne(run, session, role, imageOf(role, s), s));
      }
    });
    const settled = await Promise.allSettled(perUnit);
    const failure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
  } finally {
    // A local file is reachable only while the copies run.
    await run.args.localImages?.close().catch(() => undefined);
  }
  throwIfCancelled(run.signal, 'after the copies');
  await verifyImages(run, images, copiedBytes, known);
  recorder.phase('download', 'done');
}

/** A local image needs a delivery; an SCP push needs the unit's own address and `ssh scopy enable` on it. */
async function checkLocalDelivery(run: RunContext, todoOn: (role: UnitRole) => PlanStep[], imageOf: (role: UnitRole, s: PlanStep) => ResolvedImage): Promise<void> {
  const delivery = run.args.localImages;
  if (!delivery) throw new Stop('An image is a local file but this run has no way to deliver it to the units (serve it over HTTP or push it over SCP). Nothing was copied.');
  if (delivery.mode !== 'scp') return;
  for (const role of ['primary', 'secondary'] as const) {
    if (!todoOn(role).some((s) => imageOf(role, s).source.kind === 'local')) continue;
    const session = await run.sessionOn(role);
    if (session.via === 'mate') {
      throw new Stop(`Pushing over SCP needs the ${role}'s own address (--standby): SCP cannot go through failover exec mate. Give the standby address, or serve the file over HTTP instead. Nothing was copied.`);
    }
    const enabled = session.scpServerEnabled ? await session.scpServerEnabled(run.commandOptions()) : false;
    if (!enabled) {
      throw new Stop(
        `The ${role} does not accept SCP pushes (show running-config ssh scopy shows nothing). To allow them, on the active unit run: ` +
          'configure terminal, ssh scopy enable, end, write memory (it replicates to the standby); or serve the file over HTTP instead (without --push scp). Nothing was copied.',
      );
    }
  }
}

/** The known hash of an image: the published SHA-512 first, else the MD5 given. */
export function knownHash(image: ResolvedImage): { algorithm: HashAlgorithm; hex: string } | undefined {
  if (image.sha512) return { algorithm: 'sha-512', hex: image.sha512.toLowerCase() };
  return image.md5 ? { algorithm: 'md5', hex: image.md5 } : undefined;
}

/**
 * For each copy the plan skips (a file of that name is on the unit), why it is not proven to be the image,
 * or undefined when it is. Hashes read on the way are kept in `known` (step id -> MD5) for the final check.
 */
async function provenAlreadyThere(run: RunContext, skipped: PlanStep[], imageOf: (s: PlanStep) => ResolvedImage, known: Map<string, string>): Promise<Map<string, string | undefined>> {
  const out = new Map<string, string | undefined>();
  if (!skipped.length) return out;
  const sessions: Partial<Record<UnitRole, UnitSession>> = {};
  const sessionFor = async (role: UnitRole): Promise<UnitSession> => (sessions[role] ??= await run.sessionOn(role));
  for (const s of skipped) {
    const role = s.unit as UnitRole;
    const image = imageOf(s);
    const file = image.source.file;
    const dest = flashPathFor(file);
    if (image.source.kind === 'flash') {
      out.set(s.id, undefined); // the user's own file on flash is the source
      continue;
    }
    if (run.recorder.untrustedOn(role).some((u) => u.file === file)) {
      out.set(s.id, 'the unit rejected this file before (the journal lists it as untrusted)');
      continue;
    }
    // The source's size: given, or known from this pair's earlier complete copies of it.
    const recorded = run.recorder.sourceHashOf(file);
    const completed = run.recorder.completedCopy(role, file);
    const sourceBytes = image.bytes ?? recorded?.bytes ?? completed?.bytes ?? run.recorder.completedCopy(otherRole(role), file)?.bytes;
    if (sourceBytes === undefined) {
      out.set(s.id, "the source's size is not known, so the file cannot be shown to be the image");
      continue;
    }
    const session = await sessionFor(role);
    const size = await optional(() => (session.fileSize ? session.fileSize(file, run.commandOptions()) : session.listFlash(run.commandOptions()).then((l) => l.files.find((f) => f.name === file)?.size)));
    if (size !== sourceBytes) {
      out.set(s.id, `it is ${size ?? 'of unknown size'} bytes, not the source's ${sourceBytes}`);
      continue;
    }
    const expected = knownHash(image);
    if (expected?.algorithm === 'sha-512') {
      const sha = await optional(() => session.verify(dest, 'sha-512', run.commandOptions(run.limits.copyTimeoutMs)));
      out.set(s.id, sha === expected.hex ? undefined : sha === undefined ? 'the unit could not hash it' : `its SHA-512 is not the published ${expected.hex.slice(0, 16)}...`);
      continue;
    }
    const md5 = await optional(() => session.verify(dest, 'md5', run.commandOptions(run.limits.copyTimeoutMs)));
    if (md5 !== undefined) known.set(STEP.verify(role, image.kind), md5);
    if (expected) {
      out.set(s.id, md5 === expected.hex ? undefined : md5 === undefined ? 'the unit could not hash it' : `its MD5 ${md5} is not the source's ${expected.hex}`);
      continue;
    }
    if (recorded) {
      // The source's hash as computed from the complete copies an earlier job checked.
      out.set(s.id, md5 === recorded.md5 ? undefined : md5 === undefined ? 'the unit could not hash it' : `its MD5 ${md5} is not the ${recorded.md5} computed from the source's earlier copies`);
      continue;
    }
    if (completed?.bytes === size && md5 !== undefined) {
      // A complete copy from the source by an earlier run of this job; the check after the copies compares both units.
      out.set(s.id, undefined);
      continue;
    }
    out.set(s.id, 'pending');
  }
  // No hash of the source is known: both units' copies must hash the same and each pass the unit's own
  // signature check (only signed .SPA images carry one).
  for (const s of skipped.filter((x) => out.get(x.id) === 'pending')) {
    const role = s.unit as UnitRole;
    const image = imageOf(s);
    const mate = skipped.find((x) => x.unit !== role && imageOf(x) === image);
    const mine = known.get(STEP.verify(role, image.kind));
    const theirs = mate ? known.get(STEP.verify(mate.unit as UnitRole, image.kind)) : undefined;
    if (mine && theirs && mine === theirs && mate && out.get(mate.id) === undefined) {
      // The other unit's file is proven to come from the source (a complete copy): the same hash is the source's.
      out.set(s.id, undefined);
      continue;
    }
    if (!mine || !theirs || mine !== theirs || !mate || out.get(mate.id) !== 'pending') {
      out.set(s.id, 'no hash of the source is known and the other unit has no copy with the same hash to compare with (give the image\'s MD5)');
      continue;
    }
    const session = await sessionFor(role);
    const verdict = session.verifySignature ? await optional(() => session.verifySignature!(flashPathFor(image.source.file), run.commandOptions(run.limits.copyTimeoutMs))) : undefined;
    out.set(s.id, verdict === 'valid' ? undefined : verdict === 'invalid' ? 'the unit says its digital signature is not valid' : 'no hash of the source is known and the unit cannot check a signature on it (give the image\'s MD5)');
  }
  return out;
}

/** Integrity errors of a copy: the file is on flash but the unit does not trust it. */
function isIntegrityError(deviceMessage: string): boolean {
  // "Host key verification failed" is the SCP server's key, not the image: nothing was written to reject.
  if (/host key/i.test(deviceMessage)) return false;
  return /signature|integrity|checksum|hash|verif|corrupt/i.test(deviceMessage);
}

/** The unit rejected the file: delete it there (say so), journal it as untrusted, and stop. */
async function rejectCopy(run: RunContext, session: UnitSession, role: UnitRole, image: ResolvedImage, deviceMessage: string): Promise<never> {
  const dest = flashPathFor(image.source.file);
  let deleted = false;
  let why = 'this tool cannot delete files on it';
  if (session.deleteFile) {
    try {
      await session.deleteFile(dest, run.commandOptions());
      deleted = true;
    } catch (e) {
      why = (e as Error).message;
    }
  }
  run.recorder.untrusted({ unit: role, file: image.source.file, reason: deviceMessage, at: Date.now(), deleted });
  (run.touched.rejected ??= []).push(image.source.file);
  const what = deleted
    ? `${dest} was deleted from the ${role}`
    : `${dest} could not be deleted from the ${role} (${why}): delete it there (delete /noconfirm ${dest})`;
  run.recorder.log('warn', `The ${role} rejected ${dest} (${deviceMessage}); ${deleted ? 'deleted it from the ' + role : 'could not delete it'}.`);
  throw new Stop(
    `The ${role} rejected ${image.source.file}: ${deviceMessage}. ${capitalised(what)}; it is recorded as untrusted and will never be skipped or booted. ` +
      `Get the image again (from Cisco, checking its hash) and run the upgrade again. Nothing was reloaded and the boot configuration was not changed.`,
  );
}

async function copyOne(run: RunContext, session: UnitSession, role: UnitRole, image: ResolvedImage, s: PlanStep): Promise<number> {
  if (image.source.kind === 'local' && run.args.localImages?.mode === 'scp') return pushOne(run, session, role, image, s);
  const { recorder } = run;
  const dest = flashPathFor(image.source.file);
  recorder.step(s.id, 'running');
  // Bytes come from the destination's size on flash, read over a second session while this one copies.
  let bytes = 0;
  let stall: CopyStallGuard | undefined;
  let lastProgressAt = Date.now();
  const progress = (marks?: number): void => {
    lastProgressAt = Date.now();
    recorder.emit({ type: 'copy', at: lastProgressAt, unit: role, file: image.source.file, bytes, ...(image.bytes !== undefined ? { totalBytes: image.bytes } : {}), ...(marks !== undefined ? { marks } : {}) });
  };
  progress();
  // A copy whose size cannot be read (or that does not grow) still says every heartbeat that it is going on.
  const startedAt = Date.now();
  const heartbeatMs = run.heartbeatMs();
  const stillCopying = setInterval(() => {
    if (Date.now() - lastProgressAt < heartbeatMs) return;
    const total = image.bytes !== undefined ? ` of ${image.bytes}` : '';
    recorder.log('info', `Still copying ${image.source.file} to the ${role} (${formatMs(Date.now() - startedAt)} so far; last seen: ${bytes}${total} bytes on flash).`);
  }, Math.max(100, Math.floor(heartbeatMs / 2)));
  const watch = watchCopy({
    connector: run.connector,
    copySession: session,
    file: image.source.file,
    intervalMs: run.limits.pollIntervalMs,
    commandTimeoutMs: run.pollCommandMs(),
    signal: run.signal,
    onBytes: (n) => {
      bytes = n;
      stall?.bytes(n);
      progress();
    },
  });
  await watch.ready(COPY_WATCH_START_MS);
  const noProgressMinutes = Math.round((run.limits.copyNoProgressMs / 60_000) * 10) / 10;
  stall = guardCopyProgress({
    limitMs: run.limits.copyNoProgressMs,
    // Marks stream only from a copy on the unit's own session; through the mate only the watcher tells.
    observable: () => session.via === 'self' || watch.watching,
    describe: (idleMs, lastBytes) =>
      `no progress for ${Math.round(idleMs / 1000)} s (no new ! mark, ${lastBytes === undefined ? 'the file did not appear on flash' : `the file on flash stayed at ${lastBytes} bytes`}): ` +
      'the transfer stalled (server, network, or a question the unit asks that the upgrade does not answer). ' +
      `The session running it was closed; the unit may still hold a partial ${dest}: delete it (delete ${dest}) before running the upgrade again. ` +
      `--copy-no-progress-minutes (now ${noProgressMinutes}) changes the limit.`,
  });
  const guard = stall;
  run.touched.copied = true;
  try {
    const source = image.source.kind === 'local' ? await run.args.localImages!.urlFor!({ path: image.source.path, file: image.source.file, ...(image.bytes !== undefined ? { bytes: image.bytes } : {}) }, session.address) : toCopySource(image.source);
    const options = run.commandOptions(run.limits.copyTimeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, guard.signal]) : guard.signal;
    const result = await session.copy(
      source,
      dest,
      (p) => {
        guard.marks(p.marks);
        progress(p.marks);
      },
      { ...options, signal },
    );
    guard.stop();
    await watch.stop();
    clearInterval(stillCopying);
    recorder.emit({ type: 'copy', at: Date.now(), unit: role, file: image.source.file, bytes: result.bytes, totalBytes: image.bytes ?? result.bytes });
    recorder.step(s.id, 'done', `${result.bytes} bytes`);
    recorder.copyCompleted(role, image.source.file, result.bytes);
    return result.bytes;
  } catch (e) {
    guard.stop();
    await watch.stop();
    clearInterval(stillCopying);
    recorder.step(s.id, 'failed', (e as Error).message);
    if (e instanceof CancelledError || run.signal?.aborted) throw new CancelledError(`Cancelled while copying ${image.source.file} to the ${role}.`);
    if (e instanceof CopyStalledError) {
      // The copy may hang on the unit for good; this session would wait for its prompt forever.
      await session.close().catch(() => undefined);
    }
    if (e instanceof CopyFailedError && isIntegrityError(e.deviceMessage)) await rejectCopy(run, session, role, image, e.deviceMessage);
    throw new Stop(`Copying ${image.source.file} to the ${role} failed: ${(e as Error).message}`);
  }
}

/** An SCP push of a local file: progress is the bytes sent; text the unit writes into the channel is logged. */
async function pushOne(run: RunContext, session: UnitSession, role: UnitRole, image: ResolvedImage, s: PlanStep): Promise<number> {
  const { recorder } = run;
  const file = image.source.file;
  recorder.step(s.id, 'running');
  const progress = (bytes: number): void => recorder.emit({ type: 'copy', at: Date.now(), unit: role, file, bytes, ...(image.bytes !== undefined ? { totalBytes: image.bytes } : {}) });
  progress(0);
  run.touched.copied = true;
  try {
    const path = (image.source as { path: string }).path;
    const result = await run.args.localImages!.push!({ path, file, ...(image.bytes !== undefined ? { bytes: image.bytes } : {}) }, session.address, progress, run.commandOptions(run.limits.copyTimeoutMs));
    if (result.deviceLines?.length) recorder.log('info', `The ${role} said while receiving ${file}: ${result.deviceLines.join(' / ')}`);
    progress(result.bytes);
    recorder.step(s.id, 'done', `${result.bytes} bytes pushed over SCP`);
    return result.bytes;
  } catch (e) {
    recorder.step(s.id, 'failed', (e as Error).message);
    if (e instanceof CancelledError || run.signal?.aborted) throw new CancelledError(`Cancelled while pushing ${file} to the ${role}.`);
    throw new Stop(`Pushing ${file} to the ${role} over SCP failed: ${(e as Error).message}`);
  }
}

/** Both units must hold the same, complete image: same size (and copy count), same MD5 (the known one when given). */
async function verifyImages(run: RunContext, images: ResolvedImage[], copiedBytes: Map<string, number>, known: Map<string, string>): Promise<void> {
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
    if (!image.sha512) recorder.log('info', `${image.source.file}: no published hash given; the units' copies are compared by MD5 (give --asa-sha512/--asdm-sha512 or put ${image.source.file}.sha512 beside the image).`);
    const hashes: Partial<Record<UnitRole, string>> = {};
    for (const role of ['primary', 'secondary'] as const) {
      const id = STEP.verify(role, image.kind);
      recorder.step(id, 'running');
      try {
        // A file not copied again was hashed when it was proven to be the image: not hashed twice.
        const earlier = copiedBytes.has(STEP.copy(role, image.kind)) ? undefined : known.get(id);
        hashes[role] = earlier ?? (await run.saying(`the ${role} to hash ${dest} (verify /md5)`, () => sessions[role].verify(dest, 'md5', run.commandOptions(run.limits.copyTimeoutMs))));
        if (!image.sha512) recorder.step(id, 'done', `MD5 ${hashes[role]}; no published hash given`);
      } catch (e) {
        if (e instanceof CommandRejectedError && image.sha512) {
          // Units in FIPS mode refuse MD5; the expected SHA-512 is checked all the same.
          recorder.log('warn', `The ${role} refused verify /md5 for ${dest}; checking its SHA-512.`);
          await checkSha512(run, sessions[role], role, image, dest, id, undefined);
          continue;
        }
        if (e instanceof CommandRejectedError) {
          recorder.step(id, 'skipped', `the ${role} cannot hash files: ${(e as Error).message}`);
          recorder.log('warn', `The ${role} refused verify /md5 for ${dest}; only its size was checked.`);
          continue;
        }
        recorder.step(id, 'failed', (e as Error).message);
        throw e;
      }
      if (image.md5 && hashes[role] === image.md5 && copiedBytes.has(STEP.copy(role, image.kind))) recorder.trusted(role, image.source.file);
      if (image.md5 && hashes[role] !== image.md5) {
        recorder.step(id, 'failed', 'MD5 mismatch');
        throw new Stop(
          `${dest} on the ${role} does not match the known MD5 (device ${hashes[role]}, expected ${image.md5}): the transfer was corrupted. ` +
            `Delete it on that unit (delete ${dest}) and run the upgrade again. Nothing was reloaded.`,
        );
      }
      if (image.sha512) {
        await checkSha512(run, sessions[role], role, image, dest, id, hashes[role]);
        if (copiedBytes.has(STEP.copy(role, image.kind))) recorder.trusted(role, image.source.file);
      }
    }
    if (!image.md5 && hashes.primary && hashes.secondary && hashes.primary === hashes.secondary) {
      for (const role of ['primary', 'secondary'] as const) if (copiedBytes.has(STEP.copy(role, image.kind))) recorder.trusted(role, image.source.file);
    }
    // The source's hash, computed: both complete copies agree (or match the known hash).
    const agreed = image.md5 ?? (hashes.primary && hashes.primary === hashes.secondary ? hashes.primary : undefined);
    const size = sizes.primary ?? sizes.secondary;
    if (agreed && size !== undefined && (hashes.primary ?? agreed) === agreed && (hashes.secondary ?? agreed) === agreed) recorder.recordSourceHash(image.source.file, agreed, size);
    if (!image.md5 && hashes.primary && hashes.secondary && hashes.primary !== hashes.secondary) {
      recorder.step(STEP.verify('secondary', image.kind), 'failed', 'MD5 differs between units');
      throw new Stop(
        `${dest} has a different MD5 on each unit (primary ${hashes.primary}, secondary ${hashes.secondary}): one transfer was corrupted. ` +
          `Delete the file on both units (delete ${dest}) and run the upgrade again, ideally with the MD5 from Cisco's download page. Nothing was reloaded.`,
      );
    }
  }
}

/**
 * `verify /sha-512` against the expected value, on a unit that already passed the MD5 check. A mismatch stops
 * the run here, before any configuration change, and deletes nothing: the user decides what to remove.
 */
async function checkSha512(run: RunContext, session: UnitSession, role: UnitRole, image: ResolvedImage, dest: string, stepId: string, md5: string | undefined): Promise<void> {
  const published = image.sha512Origin !== 'local-file';
  const expectedName = published ? "Cisco's published value" : "the local file's SHA-512";
  let hash: string;
  try {
    hash = await session.verify(dest, 'sha-512', run.commandOptions(run.limits.copyTimeoutMs));
  } catch (e) {
    run.recorder.step(stepId, 'failed', (e as Error).message);
    throw new Stop(`verify /sha-512 ${dest} failed on the ${role}: ${(e as Error).message}. Nothing was configured or reloaded.`);
  }
  if (hash !== image.sha512) {
    run.recorder.step(stepId, 'failed', `SHA-512 does not match ${expectedName}`);
    throw new Stop(
      `${dest} on the ${role} does not match ${expectedName}: the unit computed SHA-512 ${hash}, expected ${image.sha512}. ` +
        `Nothing was configured or reloaded, and nothing was deleted. Check the hash you gave against Cisco's download page; if it is right, ` +
        `the file on the unit is not Cisco's image: delete it (delete ${dest}) and copy it again.`,
    );
  }
  const verdict = `SHA-512 matches ${published ? "Cisco's published value" : 'the local file (no published hash given)'}`;
  run.recorder.step(stepId, 'done', `${md5 ? `MD5 ${md5}; ` : ''}${verdict}`);
  // Said in the log too, which the progress panel shows.
  run.recorder.log('info', `${dest} on the ${role}: ${verdict}.`);
}
