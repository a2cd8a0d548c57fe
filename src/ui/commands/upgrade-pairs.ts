// "Upgrade Pairs...": several pairs in one run, on the CLI's fleet engine (see ../fleet-runner.ts). The pairs
// selected in the tree (or picked in a multi-select quick pick), each read first; one ASA image per platform
// family among them, the ASDM image, the concurrency and the canary count; then the fleet plan (every pair
// checked before any starts) in a modal, "Upgrade" / "Don't upgrade"; then the run, with a table of the pairs
// by phase in the fleet panel. Automation may pass the choices (images, concurrency, canaries); they skip only
// the matching questions, never the checks and never the confirmation (see prompter.ts).

import * as vscode from 'vscode';
import type { PairStatus, UpgradeRequest } from '../../core/model';
import { loadEngine } from '../engine-loader';
import { describeError } from '../errors-text';
import { familyGroups } from '../fleet-families';
import { fleetPlanText } from '../fleet-plan-text';
import type { FleetRunSummary } from '../fleet-runner';
import { rolloutText } from '../fleet-state';
import { readSettings, type PairConfig } from '../pairs-config';
import { imageProblem, pickImage } from '../pickers/image-pick';
import { parseImageLocation } from '../../core/image-location';
import { refusedImageAsker } from './upgrade-pair';
import { pairNameOf } from '../pickers/pair-pick';
import { inputBox, showRefusal } from '../prompter';
import type { Services } from '../services';

/** How long the image servers may take to say how big the images are (unknown after that). */
const SIZE_PROBE_MS = 10_000;

export interface UpgradePairsArgs {
  /** One ASA image for every pair, or one per family key (see fleet-families.ts). */
  asa?: string | Record<string, string>;
  asdm?: string;
  concurrency?: number;
  canary?: number;
}

function argsOf(value: unknown): UpgradePairsArgs | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  const asa =
    typeof v.asa === 'string'
      ? v.asa
      : v.asa && typeof v.asa === 'object' && !Array.isArray(v.asa)
        ? Object.fromEntries(Object.entries(v.asa).filter((e): e is [string, string] => typeof e[1] === 'string'))
        : undefined;
  const int = (x: unknown): number | undefined => (typeof x === 'number' && Number.isInteger(x) ? x : undefined);
  return { asa, asdm: typeof v.asdm === 'string' ? v.asdm : undefined, concurrency: int(v.concurrency), canary: int(v.canary) };
}

/** The pairs a call names: the tree's selection (VS Code passes the clicked node, then every selected node), or names. */
function namedPairs(clicked: unknown, selected: unknown): string[] {
  const all = Array.isArray(selected) && selected.length ? selected : clicked !== undefined ? [clicked] : [];
  return [...new Set(all.map(pairNameOf).filter((n): n is string => n !== undefined))];
}

async function choosePairs(s: Services, clicked: unknown, selected: unknown): Promise<PairConfig[] | undefined> {
  const names = namedPairs(clicked, selected);
  const busy = (p: PairConfig): boolean => s.controller.isRunning(p.name) || s.fleet.isRunning(p.name);
  if (names.length) {
    const pairs: PairConfig[] = [];
    for (const n of names) {
      const p = s.pairs.get(n);
      if (!p) {
        void vscode.window.showErrorMessage(`There is no pair named "${n}". Add it with "ASA Upgrade: Add Pair".`);
        return undefined;
      }
      pairs.push(p);
    }
    const running = pairs.filter(busy);
    if (running.length) {
      void vscode.window.showErrorMessage(`${running.map((p) => p.name).join(', ')} ${running.length === 1 ? 'is' : 'are'} being upgraded already: wait for ${running.length === 1 ? 'it' : 'them'}, or leave ${running.length === 1 ? 'it' : 'them'} out of the selection.`);
      return undefined;
    }
    return pairs;
  }
  const candidates = s.pairs.all().filter((p) => !busy(p));
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(s.pairs.all().length ? 'Every pair is being upgraded already.' : 'No pair to choose from. Add pairs with "ASA Upgrade: Add Pair" or open the lab.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    candidates.map((p) => ({ label: p.name, description: p.lab ? 'lab' : p.active, pair: p })),
    { title: 'Upgrade which pairs?', placeHolder: 'Choose the failover pairs to upgrade in one run', canPickMany: true, ignoreFocusOut: true },
  );
  return picked?.length ? picked.map((i) => i.pair) : undefined;
}

/** Reads each pair (one at a time: a pair not signed in yet asks for its credentials or host key here). */
async function readAll(s: Services, pairs: PairConfig[]): Promise<Map<string, PairStatus> | undefined> {
  const engine = await loadEngine();
  const statuses = new Map<string, PairStatus>();
  const failures: string[] = [];
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Reading ${pairs.length} pairs…` }, async () => {
    for (const pair of pairs) {
      try {
        const connection = await s.pool.get(pair);
        connection.interactive = true;
        try {
          statuses.set(pair.name, await engine.readPairStatus(connection.connector));
        } finally {
          connection.interactive = false;
        }
        s.refresher.setStatus(pair.name, statuses.get(pair.name)!);
      } catch (e) {
        await s.refresher.reportFailure(pair.name, e);
        failures.push(`${pair.name}: ${s.redactor.redact(s.refresher.view(pair.name).error?.message ?? describeError(e))}`);
      }
    }
  });
  if (failures.length) {
    s.log.warn(`Upgrade Pairs: ${failures.length} pair(s) could not be read; nothing was changed.\n${failures.join('\n')}`);
    await showRefusal(s.prompter.current, `${failures.length} of ${pairs.length} pairs could not be read, so no pair starts (nothing was changed).`, failures.join('\n'));
    return undefined;
  }
  return statuses;
}

async function askCount(s: Services, title: string, prompt: string, min: number, max: number, value: number): Promise<number | undefined> {
  const answer = await inputBox(s.prompter.current, {
    title,
    prompt,
    value: String(value),
    ignoreFocusOut: true,
    validateInput: (t) => {
      const n = Number(t.trim());
      return Number.isInteger(n) && n >= min && n <= max ? undefined : `A whole number from ${min} to ${max}.`;
    },
  });
  return answer === undefined ? undefined : Number(answer.trim());
}

export async function upgradePairs(s: Services, clicked?: unknown, selected?: unknown, options?: unknown): Promise<FleetRunSummary | undefined> {
  const args = argsOf(options);
  // Images given as arguments are checked before anything connects: a bad URL touches nothing.
  const given = [...(typeof args?.asa === 'string' ? [['asa', args.asa]] : Object.entries(args?.asa ?? {}).map(([, v]) => ['asa', v])), ...(args?.asdm ? [['asdm', args.asdm]] : [])] as Array<['asa' | 'asdm', string]>;
  for (const [kind, value] of given) {
    const problem = imageProblem(value, kind);
    if (problem) {
      void showRefusal(s.prompter.current, `The ${kind.toUpperCase()} image cannot be used: nothing was sent.`, s.redactor.redact(problem));
      return undefined;
    }
  }
  if (s.fleet.running) {
    void vscode.window.showErrorMessage('Pairs are being upgraded in this window already: wait for that run to end, or stop it from its panel.');
    return undefined;
  }
  const pairs = await choosePairs(s, clicked, selected);
  if (!pairs) return undefined;
  const statuses = await readAll(s, pairs);
  if (!statuses) return undefined;

  const groups = familyGroups(pairs.map((p) => ({ name: p.name, status: statuses.get(p.name)! })));
  const settings = readSettings();
  const title = `Upgrade ${pairs.length} pairs`;
  const totalSteps = groups.length + 1;
  const imageOf = new Map<string, string>();
  for (const [i, g] of groups.entries()) {
    let asa = typeof args?.asa === 'string' ? args.asa : args?.asa?.[g.key];
    if (asa === undefined) {
      const first = g.pairs[0];
      const choice = await pickImage({
        kind: 'asa',
        status: statuses.get(first)!,
        repositories: settings.repositories,
        staticRepositories: s.lab.repositories(first),
        title: `${title}: ASA image for ${g.title} (${g.pairs.join(', ')})`,
        step: i + 1,
        totalSteps,
        prompter: s.prompter.current,
        // Every pair's plan is checked again before any starts; the skip choice is only offered for one pair.
        onRefused: refusedImageAsker(s, first, false),
      });
      if (!choice || !('location' in choice)) return undefined;
      asa = choice.location;
    }
    for (const name of g.pairs) imageOf.set(name, asa);
  }
  let asdm = args?.asdm;
  if (asdm === undefined && args?.asa === undefined) {
    const first = pairs[0].name;
    const choice = await pickImage({ kind: 'asdm', status: statuses.get(first)!, repositories: settings.repositories, staticRepositories: s.lab.repositories(first), title: `${title}: ASDM image (every pair)`, step: groups.length + 1, totalSteps, prompter: s.prompter.current, asaFile: parseImageLocation(imageOf.get(first)!, 'asa').file, onRefused: refusedImageAsker(s, first, false) });
    if (!choice) return undefined;
    asdm = 'location' in choice ? choice.location : undefined;
  }
  const concurrency =
    args?.concurrency ?? (await askCount(s, `${title}: how many at a time`, 'Pairs upgraded at the same time once the canaries are done', 1, pairs.length, Math.min(2, pairs.length)));
  if (concurrency === undefined) return undefined;
  const canary =
    args?.canary ?? (await askCount(s, `${title}: canary pairs`, 'Pairs upgraded first, one at a time and alone; a failure there stops the run before the others start', 0, pairs.length, pairs.length > 1 ? 1 : 0));
  if (canary === undefined) return undefined;
  if (concurrency < 1 || concurrency > pairs.length || canary < 0 || canary > pairs.length) {
    void showRefusal(s.prompter.current, `${title}: nothing was changed.`, `The concurrency must be 1 to ${pairs.length} and the canary count 0 to ${pairs.length}.`);
    return undefined;
  }
  const rollout = { concurrency, canary, continueOnFailure: false };
  for (const url of [...imageOf.values(), asdm]) s.controller.registerUrlPassword(url);

  const engine = await loadEngine();
  const requests = new Map<string, UpgradeRequest>();
  try {
    const facts = new Map<string, Promise<UpgradeRequest>>();
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Asking the image servers for the image sizes and published hashes…' }, async () => {
      for (const p of pairs) {
        const request: UpgradeRequest = { asa: imageOf.get(p.name)!, ...(asdm ? { asdm } : {}), downloadOnly: false };
        if (engine.hasLocalImage(request)) {
          throw new Error('Upgrade Pairs takes images the units copy from a server or find on flash; a file on this computer is served to one pair at a time: use Upgrade Pair for it, or put it on an HTTP/SCP server.');
        }
        const key = JSON.stringify(request);
        if (!facts.has(key)) {
          facts.set(
            key,
            Promise.all([engine.withProbedSizes(request, { timeoutMs: SIZE_PROBE_MS }), engine.withSidecarHashes(request)]).then(([sized, hashed]) => ({
              ...sized,
              ...Object.fromEntries(Object.entries(hashed).filter(([k, v]) => /Sha512/.test(k) && v !== undefined)),
            })),
          );
        }
        requests.set(p.name, await facts.get(key)!);
      }
    });
  } catch (e) {
    void showRefusal(s.prompter.current, `${title}: nothing was changed.`, s.redactor.redact(describeError(e)));
    return undefined;
  }

  let entries;
  try {
    entries = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Checking ${pairs.length} pairs…` }, () => s.fleet.plan(pairs, requests));
  } catch (e) {
    void showRefusal(s.prompter.current, `${title}: nothing was changed.`, s.redactor.redact(describeError(e)));
    return undefined;
  }
  const text = fleetPlanText(entries, rolloutText(rollout, entries.filter((e) => !e.done).length), (t) => s.redactor.redact(t));
  s.log.info(`Fleet plan:\n${text.message}\n${text.detail}`);
  if (text.refused) {
    await s.prompter.current.modal('refusal', text.message, text.detail, [], 'OK', 'error');
    return undefined;
  }
  if (entries.every((e) => e.done)) {
    void vscode.window.showInformationMessage(`Every selected pair already runs the chosen images: nothing to do.`);
    return undefined;
  }
  const go = 'Upgrade';
  const answer = await s.prompter.current.modal('confirm-upgrade', text.message, text.detail, [go], "Don't upgrade");
  if (answer !== go) {
    s.log.info('Upgrade Pairs not confirmed: nothing was changed.');
    return undefined;
  }
  return s.fleet.run(pairs, entries, rollout);
}
