// Every question the extension asks in a modal or a password box goes through one Prompter. The product uses
// VS Code's; the extension tests install their own through the test API (test mode only) to answer and to
// record what was asked, in order. No command argument can skip a question: automation that wants an upgrade
// without a person confirming it has to be a test that replaced this interface.

import * as vscode from 'vscode';
import { refusalLines } from './refusal-lines';

export { refusalLines };

export interface Question {
  kind: 'confirm-upgrade' | 'confirm-resume' | 'confirm-cancel' | 'confirm-remove' | 'host-key' | 'password' | 'refusal' | 'not-ready' | 'compatibility' | 'image-pick' | 'pick' | 'input' | 'open-file';
  message: string;
  detail?: string;
  /** The buttons offered (the dismissing one last), or the password box's title; for a pick, the entries' labels. */
  buttons: string[];
  /** A pick: every entry as shown, separators included. */
  entries?: PickView[];
}

/** A quick-pick entry as the user sees it. */
export interface PickView {
  label: string;
  description?: string;
  detail?: string;
  separator?: true;
}

export interface Prompter {
  /**
   * A modal with `buttons` and a dismissing button `dismiss` (shown instead of VS Code's "Cancel", so the choices
   * read "Upgrade" / "Don't upgrade"). Resolves with the chosen title; the dismissing one or a closed dialog is
   * undefined.
   */
  modal(kind: Question['kind'], message: string, detail: string, buttons: string[], dismiss: string, severity?: 'warning' | 'error'): Promise<string | undefined>;
  /** A password box; undefined when dismissed. */
  secret(title: string, prompt: string): Promise<string | undefined>;
  /**
   * Test mode only (the product's prompter has none, so VS Code's quick pick, input box and file dialog show):
   * answer a quick pick with the label picked (or, where typing is possible, the text typed), an input box with
   * the text typed, an open dialog with a path; undefined closes it.
   */
  imagePick?(title: string, entries: PickView[]): Promise<string | undefined>;
  pick?(title: string, entries: PickView[]): Promise<string | undefined>;
  input?(title: string, prompt: string, value: string | undefined): Promise<string | undefined>;
  openFile?(title: string): Promise<string | undefined>;
}

export const vscodePrompter: Prompter = {
  async modal(_kind, message, detail, buttons, dismiss, severity = 'warning') {
    const items: vscode.MessageItem[] = [...buttons.map((title) => ({ title })), { title: dismiss, isCloseAffordance: true }];
    const show = severity === 'error' ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
    const answer = await show(message, { modal: true, detail }, ...items);
    return answer && answer.title !== dismiss ? answer.title : undefined;
  },
  secret(title, prompt) {
    return Promise.resolve(vscode.window.showInputBox({ title, prompt, password: true, ignoreFocusOut: true }));
  },
};

/** What a quick-pick item looks like to a test's prompter. */
export function pickView(item: vscode.QuickPickItem): PickView {
  return item.kind === vscode.QuickPickItemKind.Separator ? { label: item.label, separator: true } : { label: item.label, description: item.description, detail: item.detail };
}

/** vscode.window.showInputBox, or the test's prompter (its text held to the same validation: invalid is not accepted). */
export async function inputBox(prompter: Prompter, options: vscode.InputBoxOptions): Promise<string | undefined> {
  if (!prompter.input) return vscode.window.showInputBox(options);
  const typed = await prompter.input(options.title ?? '', options.prompt ?? '', options.value);
  if (typed === undefined) return undefined;
  const problem = await options.validateInput?.(typed);
  if (problem && (typeof problem === 'string' || problem.severity === vscode.InputBoxValidationSeverity.Error)) {
    throw new Error(`The test typed "${typed}" into "${options.title ?? options.prompt}", which does not validate: ${typeof problem === 'string' ? problem : problem.message}`);
  }
  return typed;
}

/** vscode.window.showQuickPick, or the test's prompter picking by label. */
export async function quickPick<T extends vscode.QuickPickItem>(prompter: Prompter, items: T[], options: vscode.QuickPickOptions): Promise<T | undefined> {
  if (!prompter.pick) return vscode.window.showQuickPick(items, options);
  const label = await prompter.pick(options.title ?? options.placeHolder ?? '', items.map(pickView));
  return items.find((i) => i.label === label && i.kind !== vscode.QuickPickItemKind.Separator);
}

/** vscode.window.showOpenDialog for one file, or the test's prompter naming a path. */
export async function openFile(prompter: Prompter, options: vscode.OpenDialogOptions): Promise<string | undefined> {
  if (prompter.openFile) return prompter.openFile(options.title ?? '');
  const files = await vscode.window.showOpenDialog({ ...options, canSelectMany: false });
  return files?.[0]?.fsPath;
}

/** The extension's current prompter; replaced only by the test API. */
export class PrompterSlot {
  current: Prompter = vscodePrompter;
}

export async function showRefusal(prompter: Prompter, title: string, message: string): Promise<void> {
  await prompter.modal('refusal', title, refusalLines(message).map((l) => `• ${l}`).join('\n'), [], 'OK', 'error');
}
