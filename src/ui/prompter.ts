// Every question the extension asks in a modal or a password box goes through one Prompter. The product uses
// VS Code's; the extension tests install their own through the test API (test mode only) to answer and to
// record what was asked, in order. No command argument can skip a question: automation that wants an upgrade
// without a person confirming it has to be a test that replaced this interface.

import * as vscode from 'vscode';

export interface Question {
  kind: 'confirm-upgrade' | 'confirm-resume' | 'confirm-cancel' | 'confirm-remove' | 'host-key' | 'password' | 'refusal';
  message: string;
  detail?: string;
  /** The buttons offered (the dismissing one last), or the password box's title. */
  buttons: string[];
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

/** The extension's current prompter; replaced only by the test API. */
export class PrompterSlot {
  current: Prompter = vscodePrompter;
}

/**
 * A refusal or failure, readable: one reason a line, each with its fix, no Markdown backticks (a modal shows
 * them raw). `text` is an engine message; sentences that name problems become lines.
 */
export function refusalLines(text: string): string[] {
  const lines = text
    .replace(/`([^`]*)`/g, '"$1"')
    .split('\n')
    .map((l) => l.trim().replace(/^[-•*]\s+/, ''))
    .filter(Boolean)
    // The modal's title already says nothing was changed; the engine's list header would repeat it.
    .filter((l) => !/^the upgrade cannot start; nothing was changed on the pair:?$/i.test(l));
  return lines.length ? lines : [text.trim()];
}

export async function showRefusal(prompter: Prompter, title: string, message: string): Promise<void> {
  await prompter.modal('refusal', title, refusalLines(message).map((l) => `• ${l}`).join('\n'), [], 'OK', 'error');
}
