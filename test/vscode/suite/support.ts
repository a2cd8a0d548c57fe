// What the extension suites share: the product extension's test API, the lab, polling for user-visible state,
// and the "ASA Upgrade" output channel as the user would read it.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Question } from '../../../src/ui/prompter';
import type { AsaUpgradeTestApi, TreeSnapshotNode } from '../../../src/ui/test-api';

export const EXTENSION_ID = 'asa-tools.asa-failover-upgrade';

let answering = false;

/**
 * The product's test API. The first call makes every question of the extension (modals, password boxes) go to
 * the tests, dismissed unless a test answers it (see `answer`): no modal is left open in the window.
 */
export async function extensionApi(): Promise<AsaUpgradeTestApi> {
  const extension = vscode.extensions.getExtension<AsaUpgradeTestApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed in this VS Code`);
  const api = await extension.activate();
  assert.ok(api && typeof api.openLab === 'function', `${EXTENSION_ID} did not return its test API from activate() (is ASA_UPGRADE_TEST_API=1 set?)`);
  if (!answering) {
    answering = true;
    api.answerQuestions(() => undefined);
  }
  return api;
}

/** Answers the extension's questions from now on: `answers` maps a question kind to the button (or password) to give. */
export function answer(api: AsaUpgradeTestApi, answers: Partial<Record<Question['kind'], string>>): void {
  api.answerQuestions((q) => answers[q.kind]);
}

/** Confirms upgrades (and resumes) as a user clicking "Upgrade" would. */
export function confirmUpgrades(api: AsaUpgradeTestApi): void {
  answer(api, { 'confirm-upgrade': 'Upgrade', 'confirm-resume': 'Resume' });
}

/** Opens the lab through the command a user runs ("ASA Upgrade: Open Lab"); returns the lab pair's name. */
export async function openLab(): Promise<string> {
  const name = await vscode.commands.executeCommand<string | undefined>('asaUpgrade.openLab');
  assert.ok(name, 'asaUpgrade.openLab did not start the lab (see the "ASA Upgrade" output channel)');
  return name;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `probe` until it returns a value; the last value seen is in the timeout message. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs: number, describe?: () => unknown): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) {
      const seen = describe ? JSON.stringify(await describe(), null, 2) : '';
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${seen ? `; last seen: ${seen}` : ''}`);
    }
    await sleep(250);
  }
}

export function pairNode(tree: TreeSnapshotNode[], name: string): TreeSnapshotNode | undefined {
  return tree.find((n) => n.label === name);
}

export function unit(node: TreeSnapshotNode | undefined, role: 'Primary' | 'Secondary'): TreeSnapshotNode['children'][number] | undefined {
  return node?.children.find((c) => c.label === role);
}

/** Where this extension host writes the extensions' log files (set by the runner or by electron.ts). */
function logsRoot(): string | undefined {
  return process.env.ASA_TEST_LOGS_ROOT;
}

function newestLog(dir: string, depth: number): string | undefined {
  let best: { file: string; mtime: number } | undefined;
  const visit = (d: string, left: number): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory() && left > 0) visit(p, left - 1);
      else if (e.isFile() && e.name === 'ASA Upgrade.log' && path.basename(d) === EXTENSION_ID) {
        const mtime = fs.statSync(p).mtimeMs;
        if (!best || mtime > best.mtime) best = { file: p, mtime };
      }
    }
  };
  visit(dir, depth);
  return best?.file;
}

/** The text of the "ASA Upgrade" output channel (a LogOutputChannel: VS Code keeps it in a file). */
export function outputChannelText(): string {
  const root = logsRoot();
  assert.ok(root, 'ASA_TEST_LOGS_ROOT is not set: the test host must say where the extension host writes its logs');
  const file = newestLog(root, 4);
  assert.ok(file, `no "ASA Upgrade" log under ${root}: the extension did not create its output channel`);
  return fs.readFileSync(file, 'utf8');
}

/** The lab's history as the test API exposes it (only what the suites read). */
export interface LabHistoryView {
  events: Array<{ kind: string; command?: string }>;
}

/** Copies that reached the lab's units: `copy` commands (also through `failover exec mate`) and copies started. */
export function copiesReceived(history: LabHistoryView): number {
  return history.events.filter((e) => (e.kind === 'command' && /(^|\s)copy\s/.test(e.command ?? '')) || e.kind === 'copy-start').length;
}

/** Sets asaUpgrade.refreshIntervalSeconds (user settings); returns how to put the previous value back. */
export async function setRefreshInterval(seconds: number): Promise<() => Promise<void>> {
  const config = vscode.workspace.getConfiguration('asaUpgrade');
  const previous = config.inspect<number>('refreshIntervalSeconds')?.globalValue;
  await config.update('refreshIntervalSeconds', seconds, vscode.ConfigurationTarget.Global);
  return async () => {
    await vscode.workspace.getConfiguration('asaUpgrade').update('refreshIntervalSeconds', previous, vscode.ConfigurationTarget.Global);
  };
}
