// One interactive CLI session on a unit, as an SSH shell presents it: banner, prompt (`asa-lab/pri/act#` with
// `prompt hostname priority state`), echo, line editing, enable, paging with `<--- More --->`, confirmations.
// Input typed while a command runs is kept and read afterwards, as a real terminal does.
// Console habits of real units (asa-cli.md, "Real-unit behaviour"): the banner may hold prompt-like lines;
// lines end in `\r\n` and sometimes `\r\r\n`; the echo of a long command wraps at the unit's own terminal width
// (80 until `terminal width`; exactly how a real unit breaks the echo is not published — a line break is
// assumed here); unsolicited console lines (notify) arrive whenever they happen, with no new prompt after them.

import type { PairAddress } from '../core/ports';
import { execute } from './commands';
import type { CliMode, ExecContext, LabSettings } from './context';
import type { PairModel } from './pair';
import type { UnitState } from './unit';

export interface TerminalStream {
  write(text: string): void;
  /** Ends the session from the device side (exit/logout). */
  end(): void;
}

export const MORE = '<--- More --->';
const MORE_ERASE = `\r${' '.repeat(MORE.length)}\r`;
/** `terminal width` when none was set (ASA command reference: 24 to 511, default 80). */
const DEFAULT_WIDTH = 80;
/** One line end in this many is written `\r\r\n`, as real units sometimes do. */
const DOUBLE_CR_EVERY = 7;

export class CliSession {
  private mode: CliMode = 'user';
  private pagerLines = 24;
  private readonly queue: string[] = [];
  private wake: (() => void) | undefined;
  private closed = false;
  private ending = false;
  private lastWasCR = false;
  private readonly execModes = new Map<string, CliMode>();
  private width = DEFAULT_WIDTH;
  private lineEnds = 0;

  constructor(
    private readonly io: TerminalStream,
    private readonly pair: PairModel,
    private readonly settings: LabSettings,
    readonly unit: UnitState,
    readonly address: PairAddress,
    /**
     * Called for each command line before it runs; may delay it (slow answers), or answer 'drop' when the
     * session is being cut: the command then still runs on the unit, but nothing reaches the client.
     */
    private readonly beforeCommand: (line: string) => Promise<'drop' | undefined>,
    /** The local user who logged in: real units name it in their command accounting (syslog 111008). */
    readonly user?: string,
  ) {}

  prompt(mode: CliMode = this.mode): string {
    const u = this.unit;
    const state = this.settings.promptStyle === 'priority-state' ? `/${u.short}/${u.isActive ? 'act' : 'stby'}` : '';
    const suffix = mode === 'user' ? '>' : mode === 'priv' ? '#' : '(config)#';
    return `${this.settings.hostname}${state}${suffix} `;
  }

  /** Feeds bytes the client sent. */
  input(data: string): void {
    for (const ch of data) this.queue.push(ch);
    this.wake?.();
  }

  close(): void {
    this.closed = true;
    this.wake?.();
  }

  /**
   * With `terminal monitor`, the unit logs each command (ASA syslog messages guide: 111009 at level 7 for show
   * commands, 111008 at level 5 for the others); the line reaches every monitoring session just after the prompt.
   */
  private logCommand(command: string): void {
    const user = this.user ?? 'admin';
    const line = /^sh(ow)?\s/i.test(command) ? `%ASA-7-111009: User '${user}' executed cmd: ${command}` : `%ASA-5-111008: User '${user}' executed the '${command}' command.`;
    const unit = this.unit.role;
    setTimeout(() => this.pair.listener.notify(unit, line), 2);
  }

  /** An unsolicited console line (replication notice, syslog): printed at once, with no new prompt after it. */
  notify(line: string): void {
    if (this.closed) return;
    this.write(`\n${line}\n`);
  }

  async run(): Promise<void> {
    for (const line of this.settings.banner) this.write(`${line}\n`);
    this.write("Type help or '?' for a list of available commands.\n");
    while (!this.closed) {
      const prompt = this.prompt();
      this.write(prompt);
      const line = await this.readLine(true, prompt.length);
      if (line === undefined) return;
      if (line.trim() === '') continue;
      this.pair.history.record({ unit: this.unit.role, kind: 'command', command: line.trim(), via: 'self', address: this.address, user: this.user });
      const verdict = await this.beforeCommand(line);
      if (verdict === 'drop' || this.closed) {
        // A command the unit received runs even when its session is gone meanwhile (dropped, or closed by
        // the client while the unit was slow to answer), as on a real unit.
        this.closed = true;
        execute(this.context(prompt.length, true), line).catch(() => undefined);
        return;
      }
      let output: string | undefined;
      try {
        output = await execute(this.context(prompt.length), line);
      } catch (err) {
        output = `ERROR: ${(err as Error).message}`;
      }
      if (this.closed) return;
      if (output !== undefined && output !== '') await this.page(output);
      if (this.settings.terminalMonitor) this.logCommand(line.trim());
      if (this.ending) {
        this.closed = true;
        setTimeout(() => this.io.end(), 10);
        return;
      }
    }
  }

  /** `detached`: the session is gone; the command runs on the unit but prints nowhere and cannot ask. */
  private context(promptLength: number, detached = false): ExecContext {
    const self = this;
    if (detached) {
      return {
        pair: this.pair,
        settings: this.settings,
        unit: this.unit,
        via: 'self',
        address: this.address,
        user: this.user,
        mode: this.mode,
        promptLength,
        stream: () => {},
        ask: () => Promise.reject(new Error('the session is gone')),
        execContextFor: (target) => ({ ...this.execContext(target), stream: () => {} }),
      };
    }
    return {
      pair: this.pair,
      settings: this.settings,
      unit: this.unit,
      via: 'self',
      address: this.address,
      user: this.user,
      get mode() {
        return self.mode;
      },
      set mode(m: CliMode) {
        self.mode = m;
      },
      promptLength,
      stream: (text) => this.write(text),
      ask: async (question, echo) => {
        this.write(question);
        const answer = await this.readLine(echo ? true : '*');
        // A session that ended answered nothing (an empty answer would, e.g., set an empty enable password).
        if (answer === undefined) throw new Error('the session is gone');
        return answer;
      },
      setPager: (n) => {
        this.pagerLines = n;
      },
      setWidth: (n) => {
        this.width = n;
      },
      endSession: () => {
        this.ending = true;
      },
      execContextFor: (target) => this.execContext(target),
    };
  }

  /** `failover exec` keeps a separate mode per target unit for this session, starting privileged. */
  private execContext(target: UnitState): ExecContext {
    const key = target.role;
    if (!this.execModes.has(key)) this.execModes.set(key, 'priv');
    const modes = this.execModes;
    return {
      pair: this.pair,
      settings: this.settings,
      unit: target,
      via: 'mate',
      address: this.address,
      user: this.user,
      get mode() {
        return modes.get(key)!;
      },
      set mode(m: CliMode) {
        modes.set(key, m === 'user' ? 'priv' : m);
      },
      promptLength: 0,
      stream: (text) => this.write(text),
    };
  }

  private write(text: string): void {
    try {
      this.io.write(text.replace(/\r?\n/g, () => (++this.lineEnds % DOUBLE_CR_EVERY === 0 ? '\r\r\n' : '\r\n')));
    } catch {
      // The stream is gone (dropped session); nothing to tell anyone.
    }
  }

  private async nextChar(): Promise<string | undefined> {
    while (this.queue.length === 0) {
      if (this.closed) return undefined;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = undefined;
    }
    return this.queue.shift();
  }

  /**
   * Reads one line; echo true prints what is typed (wrapping at the terminal width, counting from
   * `startColumn`), '*' prints stars, false nothing.
   */
  private async readLine(echo: boolean | '*', startColumn = 0): Promise<string | undefined> {
    let line = '';
    for (;;) {
      const ch = await this.nextChar();
      if (ch === undefined) return undefined;
      if (ch === '\n' && this.lastWasCR) {
        this.lastWasCR = false;
        continue;
      }
      this.lastWasCR = ch === '\r';
      if (ch === '\r' || ch === '\n') {
        this.write('\n');
        return line;
      }
      if (ch === '\x7f' || ch === '\b') {
        if (line.length > 0) {
          line = line.slice(0, -1);
          if (echo) this.write('\b \b');
        }
        continue;
      }
      if (ch === '\x15') {
        // Ctrl-U: erase the line.
        if (echo) this.write('\b \b'.repeat(line.length));
        line = '';
        continue;
      }
      if (ch === '\x1a' && this.mode === 'config') {
        // Ctrl-Z leaves configuration mode.
        this.mode = 'priv';
        this.write('\n');
        return '';
      }
      if (ch < ' ' || ch === '\x7f') continue;
      line += ch;
      if (echo === true) this.write((startColumn + line.length) % this.width === 0 ? `${ch}\n` : ch);
      else if (echo === '*') this.write('*');
    }
  }

  private async readKey(): Promise<string | undefined> {
    const ch = await this.nextChar();
    if (ch === '\r') this.lastWasCR = true;
    else if (ch === '\n' && this.lastWasCR) {
      this.lastWasCR = false;
      return this.readKey();
    } else this.lastWasCR = false;
    return ch;
  }

  private async page(output: string): Promise<void> {
    const lines = output.replace(/\n$/, '').split('\n');
    const size = this.pagerLines;
    if (size <= 0 || lines.length <= size) {
      this.write(`${lines.join('\n')}\n`);
      return;
    }
    let i = 0;
    let budget = size;
    while (i < lines.length) {
      const chunk = lines.slice(i, i + budget);
      this.write(`${chunk.join('\n')}\n`);
      i += chunk.length;
      if (i >= lines.length) return;
      this.write(MORE);
      const key = await this.readKey();
      this.write(MORE_ERASE);
      if (key === undefined || this.closed) return;
      if (key === 'q' || key === 'Q') return;
      budget = key === '\r' || key === '\n' ? 1 : size;
    }
  }
}
