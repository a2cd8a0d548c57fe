// What the image pickers offer, judged by the compatibility checks (src/core/compat): the images that pass
// first, newest first (so the running image is never the first suggestion: it is "same as running"), then,
// under a separator, the images that do not, as disabled entries with their reason. QuickPick has no disabled
// items, so a disabled entry is an ordinary one whose description says why and which is refused if picked.
// No vscode here: the pickers map these entries to QuickPickItems.

import { checkCompatibility, compatibilityInputOf, type CompatibilityCheck, type CompatibilityInput } from '../../core/compat/check';
import type { PairStatus } from '../../core/model';
import { compareVersions } from '../../core/versions';

export const NOT_OFFERED = 'Not offered for this pair';

export interface ImageCandidate<T> {
  fileName: string;
  version: string;
  /** Where the image is (`disk0:/... on primary and secondary`, the repository URL). */
  where: string;
  /** Codicon for the entry (`file-binary`, `cloud-download`, `check`). */
  icon: string;
  /** Overrides the label (the "Keep the current ASDM image" entry). */
  label?: string;
  value: T;
}

export interface ImageEntry<T> {
  label: string;
  description?: string;
  detail?: string;
  value: T;
  /** Set on a disabled entry: the refusals, each with its reason and fix. */
  refused?: CompatibilityCheck[];
  /** Checks that could not decide (unknown platform or release), shown on the entry. */
  warnings?: CompatibilityCheck[];
}

export type PickEntry<T> = { separator: string } | ImageEntry<T>;

/** The checks that concern the ASA image alone (the ASDM is chosen next), without the passes. */
export function judgeAsaImage(status: PairStatus, fileName: string, options: { downloadOnly?: boolean } = {}): CompatibilityCheck[] {
  const input: CompatibilityInput = { ...compatibilityInputOf(status), asaFile: fileName, downloadOnly: options.downloadOnly === true };
  return checkCompatibility(input).filter((c) => c.id !== 'asdm' && c.verdict !== 'pass');
}

/** The ASDM check for an ASDM image (undefined: keep the current one) with the chosen ASA image (undefined: the running ASA). */
export function judgeAsdmImage(status: PairStatus, asaFile: string | undefined, asdmFile: string | undefined): CompatibilityCheck[] {
  const input: CompatibilityInput = { ...compatibilityInputOf(status) };
  if (asaFile !== undefined) input.asaFile = asaFile;
  if (asdmFile !== undefined) input.asdmFile = asdmFile;
  return checkCompatibility(input).filter((c) => c.id === 'asdm' && c.verdict !== 'pass');
}

function newestFirst(a: { version: string }, b: { version: string }): number {
  try {
    return compareVersions(b.version, a.version);
  } catch {
    return b.version.localeCompare(a.version);
  }
}

/**
 * The entries in the order shown: `heading` then the images that pass (newest first), then NOT_OFFERED and
 * the others (newest first), each with its reasons. `note` describes a version against what runs.
 */
export function imageEntries<T>(
  candidates: ImageCandidate<T>[],
  judge: (c: ImageCandidate<T>) => CompatibilityCheck[],
  note: (version: string) => string,
  heading?: string,
): PickEntry<T>[] {
  const offered: ImageEntry<T>[] = [];
  const refused: Array<ImageEntry<T> & { version: string }> = [];
  const sorted = [...candidates].sort(newestFirst);
  for (const c of sorted) {
    const checks = judge(c);
    const refusals = checks.filter((x) => x.verdict === 'refuse');
    const warnings = checks.filter((x) => x.verdict === 'warn');
    if (refusals.length) {
      refused.push({
        label: `$(circle-slash) ${c.label ?? c.fileName}`,
        description: `${c.version} · ${refusals.map((r) => r.summary ?? r.title).join('; ')}`,
        detail: c.where,
        value: c.value,
        refused: refusals,
        version: c.version,
      });
      continue;
    }
    const entry: ImageEntry<T> = {
      label: `$(${c.icon}) ${c.label ?? c.fileName}`,
      description: note(c.version),
      detail: warnings.length ? `${c.where} · $(warning) ${warnings.map((w) => w.reason).join(' ')}` : c.where,
      value: c.value,
    };
    if (warnings.length) entry.warnings = warnings;
    offered.push(entry);
  }
  const out: PickEntry<T>[] = [];
  if (heading && offered.length) out.push({ separator: heading });
  out.push(...offered);
  if (refused.length) out.push({ separator: NOT_OFFERED }, ...refused.map(({ version: _v, ...e }) => e));
  return out;
}

/** The text of the modal a disabled entry opens: one refusal a line, each with its fix, no backticks. */
export function refusalDetail(refusals: CompatibilityCheck[]): string {
  return refusals.map((r) => `• ${r.title}: ${r.reason}${r.fix ? ` ${r.fix}` : ''}`.replace(/`([^`]*)`/g, '"$1"')).join('\n');
}
