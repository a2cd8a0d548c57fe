// A line under a pair that says what stands in the way (or what is happening) and offers the action that helps.
// 'sign-in' is neutral: a pair not contacted yet, or whose password was refused, is not an error.

import * as vscode from 'vscode';

export type MessageKind = 'error' | 'info' | 'loading' | 'sign-in' | 'warning';

export class MessageItem extends vscode.TreeItem {
  constructor(
    readonly pairName: string,
    message: string,
    kind: MessageKind,
    action?: { title: string; command: string; arguments?: unknown[] },
    label?: string,
  ) {
    // The label stays one short line; the whole message is in the tooltip.
    super(label ?? (message.length > 90 ? `${message.slice(0, 88).trimEnd()}…` : message), vscode.TreeItemCollapsibleState.None);
    this.id = `${pairName}/message/${kind}`;
    this.contextValue = kind === 'error' ? 'message.error' : `message.${kind}`;
    this.iconPath =
      kind === 'error'
        ? new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'))
        : kind === 'warning'
          ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
          : kind === 'loading'
            ? new vscode.ThemeIcon('loading~spin')
            : kind === 'sign-in'
              ? new vscode.ThemeIcon('key')
              : new vscode.ThemeIcon('info');
    this.tooltip = action ? `${message}\n\nClick: ${action.title}` : message;
    if (action) {
      if (kind !== 'sign-in') this.description = action.title;
      this.command = { title: action.title, command: action.command, arguments: action.arguments };
    }
  }
}
