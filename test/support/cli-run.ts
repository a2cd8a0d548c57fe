// Runs the shipped CLI (dist/cli.js) the way a user's shell does: a child process with its own environment,
// stdin, stdout and stderr, and exit code. Also the pieces an end-to-end test needs around it: a fresh HOME,
// a known_hosts file, the lab's connection flags, and waiting for a line of output.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO = resolve(__dirname, '..', '..');
export const CLI = join(REPO, 'dist', 'cli.js');

export interface CliResult {
  /** null when a signal ended the process. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface CliProcess {
  child: ChildProcess;
  done: Promise<CliResult>;
  stdout(): string;
  stderr(): string;
  /** Resolves with all stdout so far once it matches `pattern`; rejects if the process ends first or after timeoutMs. */
  waitForStdout(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

export interface CliOptions {
  /** The child's whole environment (PATH is added); nothing leaks in from the test runner's. */
  env?: NodeJS.ProcessEnv;
  /** Written to stdin, which is then closed. Without it stdin is closed at once (no terminal: nothing can be asked). */
  input?: string;
  /**
   * Run under a pseudo-terminal (util-linux `script`), so the CLI sees a terminal on stdin and stdout as a user's
   * shell gives it; `input` is then typed into that terminal.
   */
  tty?: boolean;
  /**
   * Under `tty`: each answer is typed once its question has appeared on the terminal after the previous
   * answer, in order (e.g. a password prompt, then a confirmation). `input` alone is the answer to `[y/N]`.
   */
  answers?: Array<[RegExp, string]>;
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function startCli(args: string[], options: CliOptions = {}): CliProcess {
  const started = Date.now();
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', ...options.env };
  const child = options.tty
    ? spawn('script', ['-qfec', [process.execPath, CLI, ...args].map(shellQuote).join(' '), '/dev/null'], {
        cwd: REPO,
        env,
        stdio: ['pipe', 'pipe', 'pipe'],
      })
    : spawn(process.execPath, [CLI, ...args], { cwd: REPO, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  child.stdin!.on('error', () => {});
  const answers = options.answers ?? (options.input !== undefined ? [[/\[y\/N\]/, options.input] as [RegExp, string]] : []);
  if (options.tty && answers.length) {
    // Each answer is typed once its question is on the screen, as a person would (a terminal in raw mode
    // would drop or misread input sent before the question).
    let next = 0;
    let seenUpTo = 0;
    const poll = setInterval(() => {
      const [question, answer] = answers[next];
      const m = question.exec(out.slice(seenUpTo));
      if (!m) return;
      seenUpTo += m.index + m[0].length;
      child.stdin!.write(answer);
      if (++next === answers.length) clearInterval(poll);
    }, 20);
    child.once('close', () => clearInterval(poll));
  } else if (options.input !== undefined) {
    child.stdin!.end(options.input);
  } else {
    child.stdin!.end();
  }
  let ended = false;
  const done = new Promise<CliResult>((resolveDone, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      ended = true;
      resolveDone({ code, signal, stdout: out, stderr: err, ms: Date.now() - started });
    });
  });
  const waitForStdout = (pattern: RegExp, timeoutMs = 30_000): Promise<string> =>
    new Promise((resolveWait, reject) => {
      const t0 = Date.now();
      const tick = (): void => {
        if (pattern.test(out)) return resolveWait(out);
        if (ended) return reject(new Error(`the CLI exited before printing ${pattern}; stdout:\n${out}\nstderr:\n${err}`));
        if (Date.now() - t0 > timeoutMs) return reject(new Error(`no ${pattern} on stdout after ${timeoutMs} ms; stdout:\n${out}\nstderr:\n${err}`));
        setTimeout(tick, 20);
      };
      tick();
    });
  return { child, done, stdout: () => out, stderr: () => err, waitForStdout };
}

/** Runs the CLI to its end; a run that outlives timeoutMs is killed (and then fails the test on its exit code). */
export async function runCli(args: string[], options: CliOptions = {}, timeoutMs = 90_000): Promise<CliResult> {
  const run = startCli(args, options);
  const timer = setTimeout(() => run.child.kill('SIGKILL'), timeoutMs);
  try {
    return await run.done;
  } finally {
    clearTimeout(timer);
  }
}

/** Builds dist/cli.js unless it is newer than every source file: the tests exercise the shipped bundle. */
export function ensureBuilt(): void {
  const newest = (dir: string): number => {
    let t = 0;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, entry.name);
      t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
    }
    return t;
  };
  if (existsSync(CLI) && statSync(CLI).mtimeMs > newest(join(REPO, 'src'))) return;
  const r = spawnSync(process.execPath, [join(REPO, 'scripts', 'build.mjs')], { cwd: REPO, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed: ${r.stderr || r.stdout}`);
}

/** A scratch directory (for HOME, known_hosts files, journals) removed by the returned function. */
export function scratchDir(prefix = 'cli-e2e-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The CONNECTION flags for a pair. */
export function connectionArgs(c: { active: string; standby?: string; username: string; knownHosts: string }): string[] {
  return ['--active', c.active, ...(c.standby ? ['--standby', c.standby] : []), '--username', c.username, '--known-hosts', c.knownHosts];
}

/** Whether util-linux `script` is there to give the CLI a terminal. */
export function haveScript(): boolean {
  return spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
}
