// The "ASA Upgrade" output channel, with levels and timestamps (the LogOutputChannel adds both). At the default
// level (info) it is quiet: an upgrade's commands, one line when a pair's state changes, warnings and errors.
// Background polling and command answers are at trace/debug (raise the level with "Developer: Set Log Level").
// Everything passes the extension's Redactor first.

import * as vscode from 'vscode';
import type { CommandRecord } from '../core/ports';
import type { Redactor } from '../core/redact';

export class UiLog implements vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;

  constructor(private readonly redactor: Redactor) {
    this.channel = vscode.window.createOutputChannel('ASA Upgrade', { log: true });
  }

  info(message: string): void {
    this.channel.info(this.redactor.redact(message));
  }
  warn(message: string): void {
    this.channel.warn(this.redactor.redact(message));
  }
  error(message: string): void {
    this.channel.error(this.redactor.redact(message));
  }
  debug(message: string): void {
    this.channel.debug(this.redactor.redact(message));
  }
  trace(message: string): void {
    this.channel.trace(this.redactor.redact(message));
  }

  redact(text: string): string {
    return this.redactor.redact(text);
  }

  at(level: 'trace' | 'debug' | 'info' | 'warn' | 'error', message: string): void {
    this[level](message);
  }

  /**
   * The connector's onCommand hook for one pair: the command at `level` (info for an upgrade, trace for polling),
   * its answer one level lower (debug / trace), failures at warn for an upgrade. One call per line group, written
   * when the command ended, so lines stay in the order they happened.
   */
  commandRecorder(pairName: string, level: 'trace' | 'info' = 'info'): (r: CommandRecord) => void {
    const answerLevel = level === 'info' ? 'debug' : 'trace';
    return (r) => {
      const where = `${pairName} ${r.address}${r.via === 'mate' ? ' (mate)' : ''}`;
      this[level](`[${where}] > ${r.command}  (${r.durationMs} ms)`);
      const output = r.output.replace(/\s+$/, '');
      if (output) this[answerLevel](`[${where}] < ${output.split('\n').join('\n    ')}`);
      if (r.error) this[level === 'info' ? 'warn' : 'trace'](`[${where}] ${r.command}: ${r.error}`);
    };
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
