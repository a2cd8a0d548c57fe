// The pairs the view shows: the configured ones plus the in-memory lab pair. One source, one change event.

import * as vscode from 'vscode';
import { readConfiguredPairs, type PairConfig } from './pairs-config';

export class PairStore implements vscode.Disposable {
  private configured: PairConfig[] = [];
  private readonly labPairs = new Map<string, PairConfig>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;
  /** Problems found in the settings (bad entries), shown once by the caller. */
  problems: string[] = [];

  constructor() {
    this.reload();
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('asaUpgrade.pairs')) {
        this.reload();
        this.changed.fire();
      }
    });
  }

  private reload(): void {
    const { pairs, problems } = readConfiguredPairs();
    this.configured = pairs;
    this.problems = problems;
    this.updateContext();
  }

  all(): PairConfig[] {
    return [...this.labPairs.values(), ...this.configured.filter((p) => !this.labPairs.has(p.name))];
  }

  configuredPairs(): PairConfig[] {
    return [...this.configured];
  }

  get(name: string): PairConfig | undefined {
    return this.labPairs.get(name) ?? this.configured.find((p) => p.name === name);
  }

  addLab(pair: PairConfig): void {
    this.labPairs.set(pair.name, { ...pair, lab: true });
    this.updateContext();
    this.changed.fire();
  }

  removeLab(name: string): void {
    if (this.labPairs.delete(name)) {
      this.updateContext();
      this.changed.fire();
    }
  }

  private updateContext(): void {
    void vscode.commands.executeCommand('setContext', 'asaUpgrade.hasPairs', this.configured.length + this.labPairs.size > 0);
    void vscode.commands.executeCommand('setContext', 'asaUpgrade.hasConfiguredPairs', this.configured.length > 0);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
