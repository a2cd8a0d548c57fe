// "Upgrade Pair..." and "Download Images Only...": pick the pair, read it, pick the ASA image, the ASDM image,
// Upgrade or Download only, confirm the plan in a modal, then hand over to the UpgradeController.
// Automation may pass the image choices; they skip only the matching pickers, never the checks and never the
// confirmation (an argument that skipped it would let any other extension start an upgrade unasked).

import * as vscode from 'vscode';
import type { PairStatus, UpgradeOutcome, UpgradeRequest } from '../../core/model';
import { loadEngine } from '../engine-loader';
import { describeError } from '../errors-text';
import { readSettings } from '../pairs-config';
import { SKIP_RISK, sentenceOf } from '../../core/compat/check';
import { parseImageLocation } from '../../core/image-location';
import { pairStateProblems } from '../../core/preconditions';
import { judgeAsaImage, judgeAsdmImage, refusalDetail } from '../pickers/image-entries';
import { imageProblem, pickImage, pickLocalDelivery, pickMode, type RefusedImageAsker } from '../pickers/image-pick';
import { resolvePair } from '../pickers/pair-pick';
import { formatPlan, planHeadline } from '../plan-text';
import { showRefusal } from '../prompter';
import type { Services } from '../services';

/** How long the image servers may take to say how big the images are (unknown after that). */
const SIZE_PROBE_MS = 10_000;

/** The button that skips the compatibility check: it says what it risks. */
export const SKIP_CHOICE = 'Skip the compatibility check (at my risk)';

/**
 * What picking an image the compatibility check refuses shows: every reason with its fix and, where `canSkip`
 * and every refusal rests on release data, the choice to skip the check, worded as the risk it is.
 */
export function refusedImageAsker(s: Services, pairName: string, canSkip: boolean): RefusedImageAsker {
  return async (file, refusals) => {
    const offerSkip = canSkip && refusals.every((r) => r.overridable);
    s.log.warn(`${pairName}: ${file} is refused by the compatibility check: ${refusals.map(sentenceOf).join(' ')}`);
    const detail = `${refusalDetail(refusals)}${offerSkip ? `\n\n${SKIP_RISK}` : ''}`;
    const answer = await s.prompter.current.modal('compatibility', `${file} is not compatible with ${pairName}.`, detail, offerSkip ? [SKIP_CHOICE] : [], 'Choose another image', offerSkip ? 'warning' : 'error');
    return answer === SKIP_CHOICE ? 'skip' : undefined;
  };
}

/** Engine messages name commands in backticks; a modal shows them raw, so they become quotes. */
function plainText(text: string): string {
  return text.replace(/`([^`]*)`/g, '"$1"');
}

export interface UpgradeArgs {
  asa?: string;
  asdm?: string;
  mode?: 'upgrade' | 'download';
}

function argsOf(value: unknown): UpgradeArgs | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  const s = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);
  return {
    asa: s(v.asa),
    asdm: s(v.asdm),
    mode: v.mode === 'download' || v.mode === 'upgrade' ? v.mode : undefined,
  };
}

export function upgradePair(s: Services, target?: unknown, options?: unknown): Promise<UpgradeOutcome | undefined> {
  return upgradeFlow(s, target, argsOf(options), undefined);
}

export function downloadImagesOnly(s: Services, target?: unknown, options?: unknown): Promise<UpgradeOutcome | undefined> {
  return upgradeFlow(s, target, argsOf(options), 'download');
}

async function upgradeFlow(s: Services, target: unknown, args: UpgradeArgs | undefined, forcedMode: 'download' | undefined): Promise<UpgradeOutcome | undefined> {
  const verb = forcedMode === 'download' ? 'Download images to' : 'Upgrade';
  // Images given as arguments are checked before anything connects: a bad URL touches nothing.
  for (const [kind, value] of [['asa', args?.asa], ['asdm', args?.asdm]] as const) {
    if (value === undefined) continue;
    const problem = imageProblem(value, kind);
    if (problem) {
      s.log.warn(`Refused ${kind.toUpperCase()} image: ${problem}`);
      void showRefusal(s.prompter.current, `The ${kind.toUpperCase()} image cannot be used: nothing was sent.`, s.redactor.redact(problem));
      return undefined;
    }
  }
  const pair = await resolvePair(s.pairs, target, {
    title: `${verb} which pair?`,
    filter: (p) => !s.controller.isRunning(p.name),
    noneMessage: 'Every pair is being upgraded already: show the progress, or wait for it to finish.',
  });
  if (!pair) return undefined;
  if (s.controller.isRunning(pair.name)) {
    void vscode.window.showErrorMessage(`An upgrade of ${pair.name} is already running. Show its progress, or cancel it first.`);
    return undefined;
  }
  const title = `${verb} ${pair.name}`;

  let status: PairStatus;
  let hasStandbyAddress: boolean;
  let route: string | undefined;
  try {
    const engine = await loadEngine();
    const connection = await s.pool.get(pair);
    hasStandbyAddress = connection.connector.hasStandbyAddress;
    route = connection.route;
    status = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Reading ${pair.name}…` }, async () => {
      connection.interactive = true;
      try {
        return await engine.readPairStatus(connection.connector);
      } finally {
        connection.interactive = false;
      }
    });
    s.refresher.setStatus(pair.name, status);
  } catch (e) {
    const message = s.redactor.redact(describeError(e));
    s.log.error(`Reading ${pair.name} before the upgrade failed: ${message}`);
    await s.refresher.reportFailure(pair.name, e);
    const view = s.refresher.view(pair.name);
    void showRefusal(s.prompter.current, `${pair.name} could not be read: nothing was changed.`, view.error?.message ?? message);
    return undefined;
  }

  // The pair itself must be ready before anything is chosen: every reason at once, one a line, with its fix.
  const notReady = pairStateProblems(status, { hasStandbyAddress }, undefined, forcedMode === 'download').problems;
  if (notReady.length) {
    s.log.warn(`${pair.name} is not ready to upgrade:\n${notReady.map((p) => `  - ${p}`).join('\n')}`);
    await s.prompter.current.modal('not-ready', `${pair.name} is not ready to upgrade: nothing was changed.`, notReady.map((p) => `• ${plainText(p)}`).join('\n'), [], 'OK', 'error');
    return undefined;
  }

  const settings = readSettings();
  const staticRepositories = s.lab.repositories(pair.name);
  const automated = args?.asa !== undefined;
  const totalSteps = forcedMode || args?.mode ? 2 : 3;
  // An image the compatibility check refuses: why, and (where the refusal rests on release data) the choice to
  // skip the check, worded as the risk it is.
  const onRefused = refusedImageAsker(s, pair.name, true);
  let skipCompatibility = false;

  let asa = args?.asa;
  if (asa === undefined) {
    const choice = await pickImage({
      kind: 'asa',
      status,
      repositories: settings.repositories,
      staticRepositories,
      title: `${title}: ASA image`,
      step: 1,
      totalSteps,
      downloadOnly: forcedMode === 'download',
      onRefused,
      prompter: s.prompter.current,
    });
    if (!choice || !('location' in choice)) return undefined;
    asa = choice.location;
    skipCompatibility ||= choice.skipCompatibility === true;
  }
  const asaFile = parseImageLocation(asa, 'asa').file;
  let asdm = args?.asdm;
  if (asdm === undefined && !automated) {
    const choice = await pickImage({ kind: 'asdm', status, repositories: settings.repositories, staticRepositories, title: `${title}: ASDM image`, step: 2, totalSteps, asaFile, onRefused, prompter: s.prompter.current });
    if (!choice) return undefined;
    asdm = 'location' in choice ? choice.location : undefined;
    skipCompatibility ||= choice.skipCompatibility === true;
  }
  // Images given as arguments are judged as the pickers judge theirs.
  if (automated) {
    const refusals = [
      ...judgeAsaImage(status, asaFile, { downloadOnly: forcedMode === 'download' || args?.mode === 'download' }),
      ...judgeAsdmImage(status, asaFile, asdm !== undefined ? parseImageLocation(asdm, 'asdm').file : undefined),
    ].filter((c) => c.verdict === 'refuse');
    if (refusals.length) {
      if ((await onRefused(asaFile, refusals)) !== 'skip') return undefined;
      skipCompatibility = true;
    }
  }
  // Automation that names the ASA image and no mode means a full upgrade (a picker would wait forever).
  let mode = forcedMode ?? args?.mode ?? (automated ? 'upgrade' : undefined);
  if (!mode) {
    mode = await pickMode(`${title}: what to do`, s.prompter.current);
    if (!mode) return undefined;
  }

  let request: UpgradeRequest = { asa, asdm, downloadOnly: mode === 'download' };
  if (skipCompatibility) request.skipCompatibilityCheck = true;
  if ((await loadEngine()).hasLocalImage(request) && hasStandbyAddress) {
    // Units behind a jump host usually cannot reach this computer: they can be given the file over SCP instead.
    const delivery = await pickLocalDelivery(`${title}: how the units get the local file`, route, s.prompter.current);
    if (!delivery) return undefined;
    request = { ...request, localDelivery: delivery };
  }
  let headline: string;
  try {
    const engine = await loadEngine();
    // A local file is read first (size, SHA-512, a .sha512 beside it), so the plan shows them; a file that
    // does not match its published SHA-512 is refused here, before anything is touched.
    if (engine.hasLocalImage(request)) {
      request = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Reading the local image (size, SHA-512)…' }, () =>
        engine.withImageFacts(request, { fetchSidecars: false }),
      );
    }
    const plan = engine.buildPlan(status, request, engine.asaDialect, { hasStandbyAddress });
    headline = planHeadline(plan);
    const planText = s.redactor.redact(formatPlan(plan));
    s.log.info(`Plan for ${pair.name}:\n${planText}`);
    const go = mode === 'download' ? 'Download' : 'Upgrade';
    const answer = await s.prompter.current.modal(
      'confirm-upgrade',
      `${mode === 'download' ? 'Download images to' : 'Upgrade'} ${pair.name}: ${s.redactor.redact(planHeadline(plan))}?`,
      planText,
      [go],
      mode === 'download' ? "Don't download" : "Don't upgrade",
    );
    if (answer !== go) {
      s.log.info(`Not confirmed: nothing was changed on ${pair.name}.`);
      return undefined;
    }
  } catch (e) {
    const message = s.redactor.redact(describeError(e));
    s.log.warn(`${pair.name}: ${message}`);
    void showRefusal(s.prompter.current, `${pair.name} cannot be upgraded as asked: nothing was changed.`, message);
    return undefined;
  }
  // The image servers say how big the images are (when they can): the panel shows percentages from it, and a
  // partial file left by an earlier copy is not taken for the image. Asked only once the plan is confirmed.
  const engine = await loadEngine();
  // Likewise the published SHA-512 beside an HTTP(S) image (IMAGE.sha512), when its server has one.
  const [sized, hashed] = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Asking the image server for the image sizes and published hashes…' }, () =>
    Promise.all([engine.withProbedSizes(request, { timeoutMs: SIZE_PROBE_MS }), engine.withSidecarHashes(request)]),
  );
  const hashes = Object.fromEntries(Object.entries(hashed).filter(([k, v]) => /Sha512/.test(k) && v !== undefined));
  return s.controller.run(pair, { ...sized, ...hashes }, { headline });
}
