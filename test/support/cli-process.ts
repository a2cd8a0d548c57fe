// Runs the built CLI (dist/cli.js) as a real child process, as a user's shell would: its own pid, its own
// stdout/stderr, killable with any signal. Tests use it to kill the engine at chosen moments and to search
// everything the process printed.

import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO = resolve(__dirname, '..', '..');
export const CLI = join(REPO, 'dist', 'cli.js');
/** The bundle the children run: dist/cli.js, or a private copy of it (see snapshotCli). */
let cliPath = CLI;

/**
 * Runs the children from a private copy of dist/cli.js, so a rebuild by anything else while the tests run (it
 * rewrites the file in place) cannot hand a child half a bundle. Returns a function that removes the copy.
 */
export function snapshotCli(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'asa-cli-bundle-'));
  cliPath = join(dir, 'cli.js');
  copyFileSync(CLI, cliPath);
  return () => {
    cliPath = CLI;
    rmSync(dir, { recursive: true, force: true });
  };
}

export interface CliRun {
  child: ChildProcess;
  /** Resolves when the process has exited; `code` is null when a signal ended it. */
  done: Promise<CliResult>;
  stdout(): string;
  stderr(): string;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Starts `node dist/cli.js ARGS` with exactly `env` (plus PATH), stdin closed (no terminal: nothing can be asked). */
export function startCli(args: string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const started = Date.now();
  const child = spawn(process.execPath, [cliPath, ...args], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const done = new Promise<CliResult>((resolveDone, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolveDone({ code, signal, stdout: out, stderr: err, ms: Date.now() - started }));
  });
  return { child, done, stdout: () => out, stderr: () => err };
}

export async function runCli(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 120_000): Promise<CliResult> {
  const run = startCli(args, env);
  const timer = setTimeout(() => run.child.kill('SIGKILL'), timeoutMs);
  try {
    return await run.done;
  } finally {
    clearTimeout(timer);
  }
}

export { ensureBuilt } from './cli-run';

/** Every file under `dir` (recursively), for searching what a run left behind. */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}
