import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PairBusyError } from '../../../src/core/errors';
import { PairLock } from '../../../src/core/pair-lock';

describe('one job per pair', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lock-test-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a second job on the same pair and names who holds it', () => {
    const first = PairLock.acquire('10.0.0.1:22', 'VS Code window', dir);
    assert.throws(() => PairLock.acquire('10.0.0.1:22', 'asa-upgrade upgrade', dir), (e: unknown) => {
      assert.ok(e instanceof PairBusyError);
      assert.match(e.message, /already running on pair 10\.0\.0\.1:22 \(VS Code window, process \d+/);
      return true;
    });
    first.release();
    PairLock.acquire('10.0.0.1:22', 'asa-upgrade upgrade', dir).release();
  });

  it('lets jobs on different pairs run side by side', () => {
    const a = PairLock.acquire('10.0.0.1:22', 'a', dir);
    const b = PairLock.acquire('10.0.0.2:22', 'b', dir);
    a.release();
    b.release();
  });

  it('holds across processes, and a crashed holder does not block the pair forever', async () => {
    const script = `require(${JSON.stringify(resolve('src/core/pair-lock.ts'))}).PairLock.acquire('10.9.9.9:22', 'child', ${JSON.stringify(dir)}); process.stdout.write('locked\\n'); setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((ok, fail) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('locked') && ok());
      child.on('exit', (code) => fail(new Error(`child exited ${code}`)));
    });
    assert.throws(() => PairLock.acquire('10.9.9.9:22', 'parent', dir), PairBusyError);
    child.kill('SIGKILL');
    await new Promise((ok) => child.on('exit', ok));
    const lock = PairLock.acquire('10.9.9.9:22', 'parent', dir);
    lock.release();
  });
});
