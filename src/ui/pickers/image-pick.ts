// The image quick pick: images already on the units' flash, images in the configured repositories, and
// "Specify image URL..." (validated as you type). Each item says which version it carries and how it
// compares with what runs now.

import { join } from 'node:path';
import * as vscode from 'vscode';
import type { PairStatus } from '../../core/model';
import { imageLocationProblem } from '../../core/image-location';
import { parseImageFileName } from '../../core/images';
import { compareVersions } from '../../core/versions';
import { redactUrlCredentials } from '../../core/redact';
import { openFile, pickView, quickPick, type Prompter } from '../prompter';
import type { CompatibilityCheck } from '../../core/compat/check';
import { imageEntries, judgeAsaImage, judgeAsdmImage, type ImageCandidate, type PickEntry } from './image-entries';
import { listRepository, listStaticRepository, type RepositoryImage, type StaticRepository } from './repositories';

export type ImageKind = 'asa' | 'asdm';

const KIND_NAME: Record<ImageKind, string> = { asa: 'ASA', asdm: 'ASDM' };

/** Why `input` cannot be used as an image of `kind`, or undefined. The same check for the input box and for arguments. */
export function imageProblem(input: string, kind: ImageKind): string | undefined {
  return imageLocationProblem(input, kind);
}

function runningVersions(status: PairStatus, kind: ImageKind): string[] {
  const versions = status.units.map((u) => (kind === 'asa' ? u.version : u.asdmVersion)).filter((v): v is string => Boolean(v));
  return [...new Set(versions)];
}

/** "newer than 9.18(4)22" / "same as running" / "older than ..." against the oldest running version. */
export function versionNote(version: string, running: string[]): string {
  if (running.length === 0) return version;
  let oldest = running[0];
  for (const r of running) if (safeCompare(r, oldest) < 0) oldest = r;
  const c = safeCompare(version, oldest);
  if (c > 0) return `${version} · newer than running ${oldest}`;
  if (c === 0) return `${version} · same as running`;
  return `${version} · older than running ${oldest}`;
}

function safeCompare(a: string, b: string): number {
  try {
    return compareVersions(a, b);
  } catch {
    return a.localeCompare(b);
  }
}

type ImageValue = { location: string } | { keep: true } | { custom: true } | { localFile: true };

interface ImageItem extends vscode.QuickPickItem {
  value?: ImageValue;
  /** A disabled entry: refused if picked, with these reasons. */
  refused?: CompatibilityCheck[];
}

/** `skipCompatibility`: the user chose to skip the refusals of the compatibility check, as a risk. */
export type ImageChoice = ({ location: string } | { keep: true }) & { skipCompatibility?: true };

/**
 * Asked when the user picks an image the compatibility check refuses: resolves 'skip' when the user accepts the
 * risk of skipping the check (offered only when every refusal may be overridden), undefined to choose again.
 */
export type RefusedImageAsker = (file: string, refusals: CompatibilityCheck[]) => Promise<'skip' | undefined>;

function toItems(entries: PickEntry<ImageValue>[]): ImageItem[] {
  return entries.map((e) =>
    'separator' in e ? { label: e.separator, kind: vscode.QuickPickItemKind.Separator } : { label: e.label, description: e.description, detail: e.detail, value: e.value, refused: e.refused },
  );
}

/** The image file a location names (URL, disk0:/FILE or a local path). */
function fileOf(location: string): string {
  return location.replace(/[?#].*$/, '').split(/[/\\]/).pop() ?? location;
}

export async function pickImage(args: {
  kind: ImageKind;
  status: PairStatus;
  repositories: string[];
  staticRepositories: StaticRepository[];
  title: string;
  step: number;
  totalSteps: number;
  /** Answers the pick (and the file dialog) in place of VS Code's in test mode (see Prompter.imagePick). */
  prompter: Prompter;
  /** For the ASDM pick: the ASA image chosen (its release sets the ASDM minimum); absent: the running ASA. */
  asaFile?: string;
  downloadOnly?: boolean;
  onRefused: RefusedImageAsker;
}): Promise<ImageChoice | undefined> {
  const { kind, status } = args;
  const running = runningVersions(status, kind);
  const judge = (file: string | undefined): CompatibilityCheck[] =>
    kind === 'asa' ? judgeAsaImage(status, file!, { downloadOnly: args.downloadOnly }) : judgeAsdmImage(status, args.asaFile, file);
  const note = (version: string): string => versionNote(version, running);

  // Candidates: the running ASDM (kept), images on the units' flash, images in the repositories.
  const flashCandidates: Array<ImageCandidate<ImageValue>> = [];
  if (kind === 'asdm') {
    flashCandidates.push({ fileName: '', label: 'Keep the current ASDM image', version: running[0] ?? '', where: running.join(' / ') || 'no ASDM image configured', icon: 'check', value: { keep: true } });
  }
  const onFlash = new Map<string, { version: string; units: string[] }>();
  for (const unit of status.units) {
    for (const f of unit.flashFiles ?? []) {
      const parsed = f.isDirectory ? undefined : parseImageFileName(f.name);
      if (!parsed || parsed.kind !== kind) continue;
      const entry = onFlash.get(parsed.fileName) ?? { version: parsed.version, units: [] };
      entry.units.push(unit.role);
      onFlash.set(parsed.fileName, entry);
    }
  }
  for (const [file, e] of onFlash) {
    flashCandidates.push({
      fileName: file,
      version: e.version,
      where: `disk0:/${file} on ${e.units.join(' and ')}${e.units.length < status.units.length ? ' (copied to the other unit)' : ''}`,
      icon: 'file-binary',
      value: { location: `disk0:/${file}` },
    });
  }
  const repoCandidates: Array<ImageCandidate<ImageValue>> = [];
  const repoNotes: ImageItem[] = [];
  const custom: ImageItem[] = [
    { label: 'Other', kind: vscode.QuickPickItemKind.Separator },
    { label: '$(link) Specify image URL...', description: 'ftp, tftp, http, https, scp, smb', value: { custom: true } },
    { label: '$(file) Local file...', description: 'an image on this computer, served to the units over HTTP or pushed over SCP', value: { localFile: true } },
  ];

  const qp = vscode.window.createQuickPick<ImageItem>();
  qp.title = args.title;
  qp.step = args.step;
  qp.totalSteps = args.totalSteps;
  qp.placeholder = `Choose the ${KIND_NAME[kind]} image${running.length ? ` (running ${running.join(' / ')})` : ''}; images this pair cannot take are listed last, with why`;
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  qp.ignoreFocusOut = true;
  const entries = (): PickEntry<ImageValue>[] =>
    imageEntries([...flashCandidates, ...repoCandidates], (c) => ('keep' in c.value ? judge(undefined) : judge(c.fileName)), note, 'Compatible with this pair, newest first');
  const render = (): void => {
    const active = qp.activeItems[0];
    qp.items = [...toItems(entries()), ...repoNotes, ...custom];
    // The first entry is the newest compatible image; keep the user's place when repositories add entries.
    if (active) qp.activeItems = qp.items.filter((i) => i.label === active.label);
  };
  render();
  const repoCount = args.repositories.length + args.staticRepositories.length;
  qp.busy = repoCount > 0;

  const addRepo = (label: string, images: RepositoryImage[] | Error): void => {
    if (images instanceof Error) {
      repoNotes.push({ label, kind: vscode.QuickPickItemKind.Separator }, { label: '$(warning) Could not list this repository', detail: redactUrlCredentials(images.message), alwaysShow: true });
    } else {
      const mine = images.filter((i) => i.kind === kind);
      if (!mine.length) repoNotes.push({ label, kind: vscode.QuickPickItemKind.Separator }, { label: `$(info) No ${KIND_NAME[kind]} image here`, alwaysShow: false });
      for (const image of mine) {
        repoCandidates.push({
          fileName: image.fileName,
          version: image.version,
          where: image.url ? redactUrlCredentials(image.url) : `${join(image.repository, image.fileName)} (local file, served to the units over HTTP while they copy it)`,
          icon: 'cloud-download',
          value: { location: image.url ?? join(image.repository, image.fileName) },
        });
      }
    }
    render();
  };
  let remaining = repoCount;
  let allListed: (() => void) | undefined;
  const done = (): void => {
    remaining--;
    if (remaining <= 0) {
      qp.busy = false;
      allListed?.();
    }
  };
  for (const repo of args.staticRepositories) {
    addRepo(repo.label, listStaticRepository(repo));
    done();
  }
  for (const repo of args.repositories) {
    listRepository(repo)
      .then((images) => addRepo(redactUrlCredentials(repo), images))
      .catch((e: unknown) => addRepo(redactUrlCredentials(repo), e instanceof Error ? e : new Error(String(e))))
      .finally(done);
  }

  const listed = new Promise<void>((resolve) => {
    if (!qp.busy) resolve();
    else allListed = resolve;
  });
  // The user picks in the QuickPick; a test's prompter answers instead, once every repository is listed.
  const pick = async (): Promise<ImageItem | undefined> => {
    const answer = args.prompter.imagePick;
    if (answer) {
      await listed;
      const label = await answer.call(args.prompter, args.title, qp.items.map(pickView));
      return qp.items.find((i) => i.label === label && i.value);
    }
    return new Promise<ImageItem | undefined>((resolve) => {
      const subscriptions: vscode.Disposable[] = [];
      const finish = (item: ImageItem | undefined): void => {
        for (const d of subscriptions) d.dispose();
        resolve(item);
      };
      subscriptions.push(
        qp.onDidAccept(() => {
          const item = qp.selectedItems[0];
          if (item?.value) finish(item);
        }),
        qp.onDidHide(() => finish(undefined)),
      );
      qp.show();
    });
  };

  try {
    for (;;) {
      const picked = await pick();
      const value = picked?.value;
      if (!value) return undefined;
      if (picked.refused) {
        // A disabled entry: refused, unless the user takes the risk of skipping the check (where it may be).
        if ((await args.onRefused(picked.label.replace(/^\$\([^)]*\)\s*/, ''), picked.refused)) !== 'skip') continue;
        if ('keep' in value || 'location' in value) return { ...value, skipCompatibility: true };
        continue;
      }
      if ('keep' in value || 'location' in value) return value;
      const choice = 'custom' in value ? await askImageUrl(kind, args.title) : await askLocalFile(kind, args.title, args.prompter);
      if (!choice || !('location' in choice)) return choice;
      // An image typed or chosen by hand is judged like the listed ones.
      const file = fileOf(choice.location);
      const refusals = judge(file).filter((c) => c.verdict === 'refuse');
      if (!refusals.length) return choice;
      if ((await args.onRefused(file, refusals)) === 'skip') return { ...choice, skipCompatibility: true };
    }
  } finally {
    qp.dispose();
  }
}

/** An image file on this computer: its size and SHA-512 are read before the plan; it is served while the units copy it. */
async function askLocalFile(kind: ImageKind, title: string, prompter: Prompter): Promise<ImageChoice | undefined> {
  const path = await openFile(prompter, { title: `${title}: local ${KIND_NAME[kind]} image`, openLabel: 'Use this image' });
  if (!path) return undefined;
  const problem = imageProblem(path, kind);
  if (problem) {
    void vscode.window.showErrorMessage(problem);
    return undefined;
  }
  return { location: path };
}

/** The input box for a custom image URL; validates as the user types. */
export async function askImageUrl(kind: ImageKind, title: string, fileName?: string): Promise<ImageChoice | undefined> {
  const example = fileName ? `http://SERVER/${fileName}` : `https://SERVER/images/${kind === 'asa' ? 'asa9-20-2-smp-k8.bin' : 'asdm-7201.bin'}`;
  const value = await vscode.window.showInputBox({
    title,
    prompt: fileName
      ? `The URL the ASA copies ${fileName} from (ftp, tftp, http, https, scp or smb)`
      : `URL of the ${KIND_NAME[kind]} image the ASA copies (ftp, tftp, http, https, scp or smb), or disk0:/FILE`,
    placeHolder: example,
    value: fileName ? example : undefined,
    valueSelection: fileName ? [7, 13] : undefined,
    ignoreFocusOut: true,
    validateInput: (text) => {
      if (!text.trim()) return undefined;
      const problem = imageProblem(text.trim(), kind);
      if (problem) return { message: problem, severity: vscode.InputBoxValidationSeverity.Error };
      if (fileName && !text.trim().endsWith(`/${fileName}`)) return { message: `The URL should end with /${fileName}.`, severity: vscode.InputBoxValidationSeverity.Warning };
      return undefined;
    },
  });
  if (!value?.trim()) return undefined;
  const problem = imageProblem(value.trim(), kind);
  if (problem) {
    void vscode.window.showErrorMessage(problem);
    return undefined;
  }
  return { location: value.trim() };
}

export async function pickMode(title: string, prompter: Prompter): Promise<'upgrade' | 'download' | undefined> {
  const items: Array<vscode.QuickPickItem & { mode: 'upgrade' | 'download' }> = [
    {
      label: '$(cloud-upload) Upgrade',
      detail: 'Copy and verify the images, set the boot images, reload the secondary, fail over, reload the primary, fail back.',
      mode: 'upgrade',
    },
    { label: '$(cloud-download) Download only', detail: 'Copy and verify the images on both units; nothing is reloaded or reconfigured.', mode: 'download' },
  ];
  const picked = await quickPick(prompter, items, { title, placeHolder: 'What to do', ignoreFocusOut: true });
  return picked?.mode;
}

/**
 * How a local image reaches the units: served over HTTP from this computer (the default), or pushed over SCP on
 * the SSH route (needs `ssh scopy enable` on the units, checked before any copy). Through jump hosts (`route`,
 * "via bastion-1") the units seldom reach this computer, so SCP comes first there.
 */
export async function pickLocalDelivery(title: string, route: string | undefined, prompter: Prompter): Promise<'http' | 'scp' | undefined> {
  const http = {
    label: '$(globe) Serve it over HTTP from this computer',
    detail: 'The units copy it from a temporary server on the address that routes to them, open only while they copy.',
    delivery: 'http' as const,
  };
  const scp = {
    label: '$(arrow-up) Push it over SCP on the SSH route',
    description: route ? `the units are reached ${route}` : undefined,
    detail: "For units that cannot reach this computer. Needs 'ssh scopy enable' on the units (checked first; never changed by this tool).",
    delivery: 'scp' as const,
  };
  const picked = await quickPick(prompter, route ? [scp, http] : [http, scp], { title, placeHolder: 'How the units get the local image', ignoreFocusOut: true });
  return picked?.delivery;
}
