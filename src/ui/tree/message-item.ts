// A line under a pair that says what went wrong (or what is happening) and offers the action that helps.

import * as vscode from 'vscode';

export class MessageItem extends vscode.TreeItem {
  constructor(
    readonly pairName: string,
    message: string,
    kind: 'error' | 'info' | 'loading',
    action?: { title: string; command: string; arguments?: unknown[] },
    label?: string,
  ) {
    // The label stays one short line; the whole message is in the tooltip.
    super(label ?? (message.length > 90 ? `${message.slice(0, 88).trimEnd()}…` : message), vscode.TreeItemCollapsibleState.None);
    this.id = `${pairName}/message/${kind}`;
    this.contextValue = kind === 'error' ? 'message.error' : 'message';
    this.iconPath =
      kind === 'error'
        ? new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'))
        : kind === 'loading'
          ? new vscode.ThemeIcon('loading~spin')
          : new vscode.ThemeIcon('info');
    this.tooltip = action ? `${message}\n\nClick: ${action.title}` : message;
    if (action) {
      this.description = action.title;
      this.command = { title: action.title, command: action.command, arguments: action.arguments };
    }
  }
}
