// The one wrapper around an ASA's interactive SSH shell. It owns the stream: finds prompts, answers the
// pager and confirmations, runs one command at a time, and turns every way a command can end into a typed
// error. Nothing else reads or writes the channel.
//
// What real units do to a session, and how it is met here: unsolicited console lines (syslog, replication
// notices) anywhere, also right after a prompt with nothing after them, are removed before prompts are looked
// for and before output is returned (./unsolicited); answers arrive in any fragments and with `\r\n`,
// `\r\r\n` or CR-only line ends (./terminal-text); a login banner may hold prompt-like lines, so at login a
// prompt counts only after the ASA's greeting or once the unit has gone quiet; a prompt with another host
// name (someone ran `hostname`) counts once the unit has gone quiet; `enable` asking to SET a password stops
// at once and is never answered; a yes/no question is declined. Every time-out names what was seen last.

import { StringDecoder } from 'node:string_decoder';
import {
  CommandRejectedError,
  ConnectError,
  CommandTimeoutError,
  ConnectionLostError,
  EnableNotSetError,
  EnablePasswordError,
} from '../core/errors';
import type { CommandRecord, PairAddress } from '../core/ports';
import type { Redactor } from '../core/redact';
import { isEnableRefusal, pendingInteraction, trailingPrompt, type Prompt } from './prompt';
import { cleanTerminalText, removeMorePrompts, stripAnsi, stripEcho, trimBlankLines } from './terminal-text';
import { removeUnsolicited } from './unsolicited';

/** The part of ssh2's ClientChannel the shell uses (kept small so tests can drive it with a fake). */
export interface ShellStream {
  write(data: string): unknown;
  end(): unknown;
  on(event: 'data', listener: (data: Buffer | string) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  stderr?: { on(event: 'data', listener: (data: Buffer | string) => void): unknown };
}

export interface AsaShellOptions {
  address: PairAddress;
  /** Shown in messages: `127.0.0.1:2222`. */
  where: string;
  commandTimeoutMs: number;
  redactor: Pick<Redactor, 'redact'>;
  onCommand?: (record: CommandRecord) => void;
  /** The device's error line in an output, if any (parsers' findCommandError). */
  findError: (text: string) => string | undefined;
}

export interface RunOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Each piece of output as it arrives (ANSI and pager prompts removed), e.g. to count copy's `!` marks. */
  onData?: (text: string) => void;
  /** Leave refusals to the caller's parser (copy reports `%Error` lines as CopyFailedError). Default true. */
  checkErrors?: boolean;
  /** For reload and switch-over: the session ending after the command was sent means it took effect. */
  dropMeansDone?: boolean;
  /** For the log: the command went to the mate through `failover exec mate`. */
  via?: 'self' | 'mate';
}

/** Commands are sent with a bare line feed, as an ASA's own CLI and Netmiko's driver do. */
const ENTER = '\n';
const TAIL = 1024;
/** What the ASA prints right before its first prompt: a prompt-like line after it is the prompt. */
const GREETING = /Type help or '\?' for a list of available commands\./;
/** At login without the greeting, a prompt-like line counts once nothing more came for this long (banners). */
const LOGIN_QUIET_MS = 400;
/** A prompt with another host name counts once nothing more came for this long (`hostname` was changed). */
const RENAMED_QUIET_MS = 1000;
/** After declining a yes/no question the command must end soon: the unit only has to print its refusal. */
const DECLINED_QUESTION_MS = 20_000;

interface Waiter {
  command: string;
  /** Resolve when the shell asks for a password instead of showing a prompt (enable). */
  stopOnPassword: boolean;
  onData?: (text: string) => void;
  dropMeansDone: boolean;
  /** `hostname NAME` was sent: a prompt of NAME ends it at once. */
  expectHostname?: string;
  settle(result: { prompt?: Prompt; password?: boolean; dropped?: boolean }): void;
  fail(error: Error): void;
  /** Brings the time limit forward to at most `ms` from now. */
  shorten(ms: number): void;
}

export class AsaShell {
  private raw = '';
  /** Length of `raw` already looked at for questions, so each question is answered once. */
  private answeredUpTo = 0;
  private waiter: Waiter | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private closeListeners: (() => void)[] = [];
  /** A command timed out or was abandoned: its output may still arrive, so wait for its prompt first. */
  private unsettled = false;
  private hostname: string | undefined;
  private current: Prompt | undefined;
  private readonly decoder = new StringDecoder('utf8');
  /** Pending check that a prompt candidate is still the last thing the unit printed. */
  private quietTimer: NodeJS.Timeout | undefined;

  private constructor(private readonly stream: ShellStream, private readonly options: AsaShellOptions) {
    stream.on('data', (data) => this.receive(data));
    stream.stderr?.on('data', (data) => this.receive(data));
    stream.on('close', () => this.markClosed());
    stream.on('error', () => this.markClosed());
  }

  /**
   * Waits for the first prompt, enters privileged mode (unless already there) and turns the pager off.
   * Closes the stream and throws if any of that fails.
   */
  static async open(stream: ShellStream, options: AsaShellOptions & { enablePassword?: string }): Promise<AsaShell> {
    const shell = new AsaShell(stream, options);
    try {
      let first: { prompt?: Prompt };
      try {
        first = await shell.waitFor('', options.commandTimeoutMs, { stopOnPassword: false });
      } catch (e) {
        if (e instanceof ConnectionLostError) {
          throw new ConnectError(`${options.where} closed the session right after login, before showing a prompt (the unit may be reloading or switching over); try again shortly.`);
        }
        if (!(e instanceof CommandTimeoutError)) throw e;
        const seen = shell.lastSeen();
        throw new ConnectError(
          `Logged in to ${options.where} but no ASA prompt (host> or host#) appeared within ${Math.round(options.commandTimeoutMs / 1000)} s` +
            (seen ? `; last seen: ${seen}` : '; it printed nothing') +
            '. Check that this address is an ASA CLI.',
        );
      }
      if (first.prompt) shell.adopt(first.prompt);
      // A unit that logs the user in privileged (`#`, AAA exec authorization) needs no enable.
      let enabled = false;
      if (shell.current?.mode === 'user') {
        await shell.enable(options.enablePassword);
        enabled = true;
      }
      // Some AAA set-ups refuse these; the pager is still answered with a space, a wrapped echo still read.
      await shell.runAllowingRefusal('terminal pager 0');
      // The ASA wraps echoed commands at its own width (80), whatever the SSH pseudo-terminal says.
      await shell.runAllowingRefusal('terminal width 511');
      // The prompt taken at login may have been a banner line after all: the real one is known by now.
      if (!enabled && shell.current?.mode === 'user') await shell.enable(options.enablePassword);
      return shell;
    } catch (e) {
      shell.close();
      throw e;
    }
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** The prompt the device showed last. */
  get prompt(): Prompt | undefined {
    return this.current;
  }

  /** Called once when the stream ends, whoever ended it. */
  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.closeListeners.push(listener);
  }

  close(): void {
    if (this.closed) return;
    try {
      this.stream.end();
    } catch {
      // already gone
    }
    this.markClosed();
  }

  private async runAllowingRefusal(command: string): Promise<void> {
    try {
      await this.run(command);
    } catch (e) {
      if (!(e instanceof CommandRejectedError)) throw e;
    }
  }

  /** Runs one command (after any still queued) and returns its output without echo and prompt. */
  run(command: string, options: RunOptions = {}): Promise<string> {
    const next = this.queue.then(
      () => this.execute(command, options),
      () => this.execute(command, options),
    );
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async execute(command: string, options: RunOptions): Promise<string> {
    const startedAt = Date.now();
    const timeoutMs = options.timeoutMs ?? this.options.commandTimeoutMs;
    const redact = (t: string) => this.options.redactor.redact(t);
    let output = '';
    try {
      options.signal?.throwIfAborted();
      if (this.closed) throw new ConnectionLostError(`The SSH session to ${this.options.where} is closed; "${redact(command)}" was not sent.`, redact(command));
      if (this.unsettled) await this.settlePrevious(command, timeoutMs, options.signal);
      this.raw = '';
      this.answeredUpTo = 0;
      this.stream.write(command + ENTER);
      const result = await this.waitFor(command, timeoutMs, {
        stopOnPassword: false,
        onData: options.onData,
        signal: options.signal,
        dropMeansDone: options.dropMeansDone === true,
        expectHostname: /^\s*hostname\s+(\S+)\s*$/i.exec(command)?.[1],
      });
      output = this.outputOf(command);
      if (result.prompt) this.adopt(result.prompt);
      if (options.checkErrors !== false) {
        const error = this.options.findError(output);
        if (error) {
          throw new CommandRejectedError(
            `${this.options.address} unit (${this.options.where}) refused "${redact(command)}": ${redact(error)}`,
            redact(command),
            redact(output),
          );
        }
      }
      this.log(command, output, startedAt, options.via);
      return output;
    } catch (e) {
      const partial = output || this.outputOf(command);
      this.log(command, partial, startedAt, options.via, e as Error);
      throw e;
    }
  }

  /** After a timeout or abort: the previous command's output may still be coming; wait for its prompt. */
  private async settlePrevious(command: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    if (!trailingPrompt(this.view(this.raw.slice(-TAIL)), this.hostname)) {
      try {
        await this.waitFor(command, timeoutMs, { stopOnPassword: false, signal });
      } catch (e) {
        if (e instanceof CommandTimeoutError) {
          const seen = this.lastSeen();
          throw new CommandTimeoutError(
            `"${this.options.redactor.redact(command)}" was not sent to ${this.options.where}: the previous command is still running (no prompt within ${Math.round(timeoutMs / 1000)} s${seen ? `; last seen: ${seen}` : ''}).`,
            this.options.redactor.redact(command),
            '',
          );
        }
        throw e;
      }
    }
    this.unsettled = false;
  }

  private async enable(password: string | undefined): Promise<void> {
    const startedAt = Date.now();
    this.raw = '';
    this.answeredUpTo = 0;
    this.stream.write('enable' + ENTER);
    let asked: { prompt?: Prompt; password?: boolean };
    try {
      asked = await this.waitFor('enable', this.options.commandTimeoutMs, { stopOnPassword: true });
    } catch (e) {
      this.log('enable', '', startedAt, 'self', e as Error);
      throw e;
    }
    if (asked.password) {
      if (password === undefined) {
        this.log('enable', '', startedAt, 'self', new Error('no enable password'));
        throw new EnablePasswordError(
          `${this.options.where} asks for an enable password and none was given: set ASA_ENABLE_PASSWORD (or enter it when asked).`,
        );
      }
      this.raw = '';
      this.answeredUpTo = 0;
      this.stream.write(password + ENTER);
      const after = await this.waitFor('enable', this.options.commandTimeoutMs, { stopOnPassword: true });
      const text = this.view(this.raw);
      if (after.password || isEnableRefusal(text) || after.prompt?.mode === 'user') {
        this.log('enable', '', startedAt, 'self', new Error('enable password refused'));
        throw new EnablePasswordError(
          `The enable password was refused by ${this.options.where}: check it (ASA_ENABLE_PASSWORD) and try again.`,
        );
      }
      if (after.prompt) this.adopt(after.prompt);
    } else if (asked.prompt) {
      this.adopt(asked.prompt);
      if (asked.prompt.mode === 'user') {
        const reason = this.options.findError(this.view(this.raw)) ?? 'still at the > prompt';
        this.log('enable', '', startedAt, 'self', new Error(reason));
        throw new EnablePasswordError(`Could not enter privileged mode on ${this.options.where}: ${this.options.redactor.redact(reason)}.`);
      }
    }
    this.log('enable', '', startedAt, 'self');
  }

  /** Terminal text as plain lines, without unsolicited console messages. */
  private view(raw: string): string {
    return removeUnsolicited(cleanTerminalText(raw)).text;
  }

  /** The last lines the unit printed (unsolicited ones included), redacted, for messages about a wait. */
  private lastSeen(): string {
    const lines = cleanTerminalText(this.raw.slice(-4 * TAIL))
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '');
    const tail = lines.slice(-3).join(' | ');
    return tail ? `"${this.options.redactor.redact(tail.length > 300 ? `...${tail.slice(-300)}` : tail)}"` : '';
  }

  /** Output of the command in `raw`: cleaned, unsolicited lines, echo and final prompt removed. */
  private outputOf(command: string): string {
    let text = this.view(this.raw);
    if (trailingPrompt(text)) text = text.slice(0, text.lastIndexOf('\n') + 1);
    return trimBlankLines(stripEcho(text, command));
  }

  /** The prompt shown now; its host name is the unit's from here on (it changes when someone runs `hostname`). */
  private adopt(prompt: Prompt): void {
    this.hostname = prompt.hostname;
    this.current = prompt;
  }

  /**
   * The prompt the text ends with, and how long the unit must stay quiet before it counts: at once for the
   * known host (or the one `hostname` just named); at login only after the ASA's greeting, else after a quiet
   * spell (a banner line `fw# Authorized access only #` arrives in pieces); another host name after a quiet
   * spell too (output merely ending in `word#` is then ruled out by what follows it).
   */
  private promptAtEnd(text: string, waiter: Waiter): { prompt: Prompt; quietMs: number } | undefined {
    const prompt = trailingPrompt(text);
    if (!prompt) return undefined;
    if (this.hostname === undefined) return { prompt, quietMs: GREETING.test(text) ? 0 : LOGIN_QUIET_MS };
    if (prompt.hostname === this.hostname || prompt.hostname === waiter.expectHostname) return { prompt, quietMs: 0 };
    return { prompt, quietMs: RENAMED_QUIET_MS };
  }

  private waitFor(
    command: string,
    timeoutMs: number,
    how: {
      stopOnPassword: boolean;
      onData?: (text: string) => void;
      signal?: AbortSignal;
      dropMeansDone?: boolean;
      expectHostname?: string;
    },
  ): Promise<{ prompt?: Prompt; password?: boolean; dropped?: boolean }> {
    return new Promise((resolve, reject) => {
      const redact = (t: string) => this.options.redactor.redact(t);
      const startedAt = Date.now();
      const finish = () => {
        clearTimeout(timer);
        this.clearQuiet();
        how.signal?.removeEventListener('abort', onAbort);
        if (this.waiter === waiter) this.waiter = undefined;
      };
      const onTimeout = () => {
        finish();
        this.unsettled = true;
        const partial = this.outputOf(command);
        const seen = this.lastSeen();
        const waited = Math.round((Date.now() - startedAt) / 100) / 10;
        reject(
          new CommandTimeoutError(
            `"${redact(command)}" on ${this.options.where} did not finish within ${waited} s` +
              (seen ? `; last seen: ${seen}` : '; nothing was printed') +
              '. The device may still be working on it.',
            redact(command),
            redact(partial),
          ),
        );
      };
      let timer = setTimeout(onTimeout, timeoutMs);
      let deadline = startedAt + timeoutMs;
      const onAbort = () => {
        finish();
        this.unsettled = true;
        reject(how.signal?.reason ?? new Error('aborted'));
      };
      how.signal?.addEventListener('abort', onAbort, { once: true });
      const waiter: Waiter = {
        command,
        stopOnPassword: how.stopOnPassword,
        onData: how.onData,
        dropMeansDone: how.dropMeansDone === true,
        expectHostname: how.expectHostname,
        settle: (r) => {
          finish();
          resolve(r);
        },
        fail: (e) => {
          finish();
          reject(e);
        },
        shorten: (ms) => {
          if (Date.now() + ms >= deadline) return;
          deadline = Date.now() + ms;
          clearTimeout(timer);
          timer = setTimeout(onTimeout, ms);
        },
      };
      this.waiter = waiter;
      if (this.closed) {
        this.markClosed(true);
        return;
      }
      // The answer may already be there (the banner arrived before anyone waited).
      this.inspect();
    });
  }

  private receive(data: Buffer | string): void {
    const text = typeof data === 'string' ? data : this.decoder.write(data);
    if (text === '') return;
    this.raw += text;
    const pager = removeMorePrompts(this.raw);
    if (pager.count > 0) {
      this.raw = pager.text;
      this.answeredUpTo = Math.min(this.answeredUpTo, this.raw.length);
      for (let i = 0; i < pager.count; i += 1) this.stream.write(' ');
    }
    if (this.waiter?.onData) {
      const piece = removeMorePrompts(stripAnsi(text)).text;
      if (piece !== '') this.waiter.onData(piece);
    }
    this.inspect();
  }

  private clearQuiet(): void {
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimer = undefined;
  }

  private inspect(): void {
    const waiter = this.waiter;
    if (!waiter) return;
    this.clearQuiet();
    const found = this.promptAtEnd(this.view(this.raw.slice(-TAIL)), waiter);
    if (found) {
      if (found.quietMs === 0) {
        waiter.settle({ prompt: found.prompt });
        return;
      }
      // Any data before the timer fires calls inspect again, which cancels it.
      this.quietTimer = setTimeout(() => {
        this.quietTimer = undefined;
        if (this.waiter !== waiter) return;
        const still = trailingPrompt(this.view(this.raw.slice(-TAIL)));
        if (still?.text === found.prompt.text) waiter.settle({ prompt: still });
      }, found.quietMs);
      return;
    }
    const fresh = this.view(this.raw.slice(Math.max(this.answeredUpTo, this.raw.length - TAIL)));
    const question = pendingInteraction(fresh);
    if (!question) return;
    switch (question.kind) {
      case 'password':
        if (waiter.stopOnPassword) {
          this.answeredUpTo = this.raw.length;
          waiter.settle({ password: true });
        }
        return;
      case 'confirm':
        this.answeredUpTo = this.raw.length;
        this.stream.write(ENTER);
        return;
      case 'set-password':
        this.refuseToSetPassword(waiter);
        return;
      case 'yes-no':
        // Only ever declined: accepting an unknown SCP server key (or anything else asked yes/no) is the
        // user's decision on the unit, not ours. The unit then prints its refusal and the prompt.
        this.answeredUpTo = this.raw.length;
        this.stream.write('no' + ENTER);
        waiter.shorten(DECLINED_QUESTION_MS);
        return;
      case 'more':
        return;
    }
  }

  /**
   * The unit asks for a NEW password (enable with none set): answering would set it, a configuration change
   * nobody asked for. Nothing is typed; the session is closed, since whatever we sent next would be taken as
   * the new password.
   */
  private refuseToSetPassword(waiter: Waiter): void {
    const said = this.lastSeen();
    const redact = (t: string) => this.options.redactor.redact(t);
    const enable = /^\s*enable\s*$/i.test(waiter.command);
    const error = new EnableNotSetError(
      enable
        ? `${this.options.where} has no enable password: "enable" answered ${said} and asks to set one. Nothing was answered ` +
            '(that would set a password on the firewall) and the session was closed. Set an enable password on the unit ' +
            '(enable password ... in configuration mode), or log in with an account that has privilege 15 ' +
            '(aaa authorization exec LOCAL auto-enable, or username ... privilege 15 with aaa authorization exec), then try again.'
        : `"${redact(waiter.command)}" on ${this.options.where} asks to set a new password (${said}). Nothing was answered ` +
            '(that would change the configuration) and the session was closed.',
    );
    waiter.fail(error);
    this.close();
  }

  private markClosed(force = false): void {
    if (this.closed && !force) return;
    const wasClosed = this.closed;
    this.closed = true;
    const waiter = this.waiter;
    if (waiter) {
      this.waiter = undefined;
      if (waiter.dropMeansDone) waiter.settle({ dropped: true });
      else {
        const partial = this.view(this.raw);
        waiter.fail(
          new ConnectionLostError(
            `The SSH session to ${this.options.where} closed while running "${this.options.redactor.redact(waiter.command)}" (the unit may be reloading or switching over, or the network dropped).`,
            this.options.redactor.redact(waiter.command),
            this.options.redactor.redact(partial),
          ),
        );
      }
    }
    if (!wasClosed) {
      const listeners = this.closeListeners;
      this.closeListeners = [];
      for (const l of listeners) l();
    }
  }

  private log(command: string, output: string, startedAt: number, via: 'self' | 'mate' = 'self', error?: Error): void {
    if (!this.options.onCommand) return;
    const redact = (t: string) => this.options.redactor.redact(t);
    const record: CommandRecord = {
      address: this.options.address,
      via,
      command: redact(command),
      output: redact(output),
      startedAt,
      durationMs: Date.now() - startedAt,
    };
    if (error) record.error = redact(error.message);
    try {
      this.options.onCommand(record);
    } catch {
      // A failing log sink must not break the session.
    }
  }
}
