// The one wrapper around an ASA's interactive SSH shell. It owns the stream: finds prompts, answers the
// pager and confirmations, runs one command at a time, and turns every way a command can end into a typed
// error. Nothing else reads or writes the channel.

import { StringDecoder } from 'node:string_decoder';
import {
  CommandRejectedError,
  ConnectError,
  CommandTimeoutError,
  ConnectionLostError,
  EnablePasswordError,
} from '../core/errors';
import type { CommandRecord, PairAddress } from '../core/ports';
import type { Redactor } from '../core/redact';
import { isEnableRefusal, pendingInteraction, trailingPrompt, type Prompt } from './prompt';
import { cleanTerminalText, removeMorePrompts, stripAnsi, stripEcho, trimBlankLines } from './terminal-text';

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

interface Waiter {
  command: string;
  /** Resolve when the shell asks for a password instead of showing a prompt (enable). */
  stopOnPassword: boolean;
  onData?: (text: string) => void;
  dropMeansDone: boolean;
  settle(result: { prompt?: Prompt; password?: boolean; dropped?: boolean }): void;
  fail(error: Error): void;
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
        const seen = cleanTerminalText(shell.raw).trim().split('\n').slice(-2).join(' | ');
        throw new ConnectError(
          `Logged in to ${options.where} but no ASA prompt (host> or host#) appeared within ${Math.round(options.commandTimeoutMs / 1000)} s` +
            (seen ? `; it printed: ${options.redactor.redact(seen)}` : '') +
            '. Check that this address is an ASA CLI.',
        );
      }
      if (first.prompt) shell.adopt(first.prompt, true);
      if (shell.current?.mode === 'user') await shell.enable(options.enablePassword);
      try {
        await shell.run('terminal pager 0');
      } catch (e) {
        // Some AAA set-ups refuse it; the pager is still answered with a space.
        if (!(e instanceof CommandRejectedError)) throw e;
      }
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
      });
      output = this.outputOf(command);
      if (result.prompt) this.adopt(result.prompt, false);
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
    const clean = cleanTerminalText(this.raw.slice(-TAIL));
    if (!trailingPrompt(clean, this.hostname)) {
      try {
        await this.waitFor(command, timeoutMs, { stopOnPassword: false, signal });
      } catch (e) {
        if (e instanceof CommandTimeoutError) {
          throw new CommandTimeoutError(
            `"${this.options.redactor.redact(command)}" was not sent to ${this.options.where}: the previous command is still running (no prompt within ${Math.round(timeoutMs / 1000)} s).`,
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
    const asked = await this.waitFor('enable', this.options.commandTimeoutMs, { stopOnPassword: true });
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
      const text = cleanTerminalText(this.raw);
      if (after.password || isEnableRefusal(text) || after.prompt?.mode === 'user') {
        this.log('enable', '', startedAt, 'self', new Error('enable password refused'));
        throw new EnablePasswordError(
          `The enable password was refused by ${this.options.where}: check it (ASA_ENABLE_PASSWORD) and try again.`,
        );
      }
      if (after.prompt) this.adopt(after.prompt, false);
    } else if (asked.prompt) {
      this.adopt(asked.prompt, false);
      if (asked.prompt.mode === 'user') {
        const reason = this.options.findError(cleanTerminalText(this.raw)) ?? 'still at the > prompt';
        this.log('enable', '', startedAt, 'self', new Error(reason));
        throw new EnablePasswordError(`Could not enter privileged mode on ${this.options.where}: ${this.options.redactor.redact(reason)}.`);
      }
    }
    this.log('enable', '', startedAt, 'self');
  }

  /** Output of the command in `raw`: cleaned, echo and final prompt removed. */
  private outputOf(command: string): string {
    let text = cleanTerminalText(this.raw);
    const prompt = trailingPrompt(text, this.hostname);
    if (prompt) text = text.slice(0, text.lastIndexOf('\n') + 1);
    return trimBlankLines(stripEcho(text, command));
  }

  private adopt(prompt: Prompt, first: boolean): void {
    if (first || this.hostname === undefined) this.hostname = prompt.hostname;
    this.current = prompt;
  }

  private waitFor(
    command: string,
    timeoutMs: number,
    how: { stopOnPassword: boolean; onData?: (text: string) => void; signal?: AbortSignal; dropMeansDone?: boolean },
  ): Promise<{ prompt?: Prompt; password?: boolean; dropped?: boolean }> {
    return new Promise((resolve, reject) => {
      const redact = (t: string) => this.options.redactor.redact(t);
      const finish = () => {
        clearTimeout(timer);
        how.signal?.removeEventListener('abort', onAbort);
        if (this.waiter === waiter) this.waiter = undefined;
      };
      const timer = setTimeout(() => {
        finish();
        this.unsettled = true;
        const partial = this.outputOf(command);
        const tail = partial.split('\n').slice(-3).join(' | ');
        reject(
          new CommandTimeoutError(
            `"${redact(command)}" on ${this.options.where} did not finish within ${Math.round(timeoutMs / 100) / 10} s` +
              (tail ? `; last output: ${redact(tail)}` : '; no output') +
              '. The device may still be working on it.',
            redact(command),
            redact(partial),
          ),
        );
      }, timeoutMs);
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
        settle: (r) => {
          finish();
          resolve(r);
        },
        fail: (e) => {
          finish();
          reject(e);
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

  private inspect(): void {
    const waiter = this.waiter;
    if (!waiter) return;
    const clean = cleanTerminalText(this.raw.slice(-TAIL));
    const prompt = trailingPrompt(clean, this.hostname);
    if (prompt) {
      waiter.settle({ prompt });
      return;
    }
    const fresh = cleanTerminalText(this.raw.slice(Math.max(this.answeredUpTo, this.raw.length - TAIL)));
    const question = pendingInteraction(fresh);
    if (!question) return;
    if (question.kind === 'password') {
      if (waiter.stopOnPassword) {
        this.answeredUpTo = this.raw.length;
        waiter.settle({ password: true });
      }
      return;
    }
    if (question.kind === 'confirm') {
      this.answeredUpTo = this.raw.length;
      this.stream.write(ENTER);
    }
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
        const partial = cleanTerminalText(this.raw);
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
