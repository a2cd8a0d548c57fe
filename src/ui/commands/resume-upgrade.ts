// "Resume Upgrade...": continues a job whose journal is unfinished (window reload, crash, failure, cancel).
// The engine re-reads both units and continues from where the pair really is.

import * as vscode from 'vscode';
import { requestHasMaskedCredentials } from '../../core/journal';
import type { UpgradeOutcome, UpgradeRequest } from '../../core/model';
import { askImageUrl } from '../pickers/image-pick';
import { pairNameOf } from '../pickers/pair-pick';
import type { Services } from '../services';

export async function resumeUpgrade(s: Services, target?: unknown): Promise<UpgradeOutcome | undefined> {
  const jobs = s.controller.unfinishedJobs().filter((j) => s.pairs.get(j.pairName));
  const wanted = pairNameOf(target);
  const candidates = wanted ? jobs.filter((j) => j.pairName === wanted) : jobs;
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(wanted ? `There is no unfinished upgrade of ${wanted} to resume.` : 'There is no unfinished upgrade to resume.');
    return undefined;
  }
  const job =
    candidates.length === 1
      ? candidates[0]
      : (
          await vscode.window.showQuickPick(
            candidates.map((j) => ({ label: j.pairName, description: `started ${new Date(j.startedAt).toLocaleString()}`, job: j })),
            { title: 'Resume which upgrade?' },
          )
        )?.job;
  if (!job) return undefined;
  const pair = s.pairs.get(job.pairName);
  if (!pair) return undefined;
  const request: UpgradeRequest = { ...job.request };
  // Journals never keep URL credentials: ask for the URL again if the copy may still be needed.
  for (const kind of ['asa', 'asdm'] as const) {
    const value = request[kind];
    if (value !== undefined && requestHasMaskedCredentials({ asa: value })) {
      const again = await askImageUrl(kind, `Resume ${pair.name}: the ${kind.toUpperCase()} image URL again (its password is not kept)`);
      if (!again || !('location' in again)) return undefined;
      request[kind] = again.location;
    }
  }
  const go = 'Resume';
  const answer = await s.prompter.current.modal(
    'confirm-resume',
    `Resume the upgrade of ${pair.name}?`,
    'Both units are read again and the upgrade continues from where the pair really is: an upgraded unit is not reloaded again and images already on flash are not copied again.',
    [go],
    "Don't resume",
  );
  if (answer !== go) return undefined;
  return s.controller.run(pair, request, { resume: true });
}

/** On start: offer each unfinished job once. */
export function offerResume(s: Services): void {
  for (const job of s.controller.unfinishedJobs()) {
    if (job.lab || !s.pairs.get(job.pairName)) {
      // The lab died with the old window; a job on it cannot be resumed.
      if (job.lab) s.controller.discardJob(job.metaPath);
      continue;
    }
    const resume = `Resume upgrade of ${job.pairName}`;
    const discard = 'Discard';
    void vscode.window
      .showWarningMessage(`The upgrade of ${job.pairName} started ${new Date(job.startedAt).toLocaleString()} did not finish.`, resume, discard)
      .then((answer) => {
        if (answer === resume) void vscode.commands.executeCommand('asaUpgrade.resumeUpgrade', job.pairName);
        else if (answer === discard) {
          s.controller.discardJob(job.metaPath);
          s.log.info(`Unfinished upgrade of ${job.pairName} discarded (the pair itself was not touched).`);
        }
      });
  }
  s.controller.refreshContext();
}
