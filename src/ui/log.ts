// The "ASA Upgrade" output channel: every command sent and every answer, with levels and timestamps (the
// LogOutputChannel adds both). Everything passes the extension's Redactor first.

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

  redact(text: string): string {
    return this.redactor.redact(text);
  }

  at(level: 'debug' | 'info' | 'warn' | 'error', message: string): void {
    this[level](message);
  }

  /** The connector's onCommand hook for one pair: the command and its answer at info, failures at warn. */
  commandRecorder(pairName: string): (r: CommandRecord) => void {
    return (r) => {
      const where = `${pairName} ${r.address}${r.via === 'mate' ? ' (mate)' : ''}`;
      this.info(`[${where}] > ${r.command}  (${r.durationMs} ms)`);
      const output = r.output.replace(/\s+$/, '');
      if (output) this.info(`[${where}] < ${output.split('\n').join('\n    ')}`);
      if (r.error) this.warn(`[${where}] ${r.command}: ${r.error}`);
    };
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
