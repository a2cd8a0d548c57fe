import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { OutputPathError, PairBusyError } from '../../../src/core/errors';
import { PairLock } from '../../../src/core/pair-lock';
import { lockDirectory, userStateDirectory } from '../../../src/core/state-dir';

const PAIR = 'FCH2219V0PA+FCH2219V0SB';

describe('one job per pair', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lock-test-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a second job on the same pair and names who holds it, since when and its phase', () => {
    const first = PairLock.acquire({ pairKey: PAIR, pairName: 'the pair FCH2219V0PA / FCH2219V0SB', owner: 'VS Code window', directory: dir, addresses: '127.0.0.1:2201' });
    first.setPhase('copying the images');
    assert.throws(() => PairLock.acquire({ pairKey: PAIR, pairName: 'the pair FCH2219V0PA / FCH2219V0SB', owner: 'asa-upgrade upgrade', directory: dir }), (e: unknown) => {
      assert.ok(e instanceof PairBusyError);
      assert.match(e.message, /already running on the pair FCH2219V0PA \/ FCH2219V0SB \(VS Code window, process \d+ on .+, started \d{4}-\d\d-\d\dT[^,]+, now copying the images, addressing it as 127\.0\.0\.1:2201\)/);
      return true;
    });
    first.release();
    PairLock.acquire({ pairKey: PAIR, owner: 'asa-upgrade upgrade', directory: dir }).release();
    assert.deepEqual(readdirSync(dir), [], 'nothing is left behind');
  });

  it('lets jobs on different pairs run side by side', () => {
    const a = PairLock.acquire({ pairKey: 'A1+A2', owner: 'a', directory: dir });
    const b = PairLock.acquire({ pairKey: 'B1+B2', owner: 'b', directory: dir });
    a.release();
    b.release();
  });

  it('refuses a lock directory that is a file, naming the path (no bare EEXIST/ENOTDIR)', () => {
    const file = join(dir, 'not-a-dir');
    writeFileSync(file, 'x');
    assert.throws(() => PairLock.acquire({ pairKey: PAIR, owner: 'x', directory: file }), (e: unknown) => {
      assert.ok(e instanceof OutputPathError);
      assert.ok(e.message.includes(file));
      assert.doesNotMatch(e.message, /^E[A-Z]+:/);
      return true;
    });
    assert.throws(() => PairLock.acquire({ pairKey: PAIR, owner: 'x', directory: join(file, 'locks') }), OutputPathError);
  });

  it('holds across processes, and a crashed holder does not block the pair forever', async () => {
    const script = `require(${JSON.stringify(resolve('src/core/pair-lock.ts'))}).PairLock.acquire({ pairKey: 'S1+S2', owner: 'child', directory: ${JSON.stringify(dir)} }); process.stdout.write('locked\\n'); setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((ok, fail) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('locked') && ok());
      child.on('exit', (code) => fail(new Error(`child exited ${code}`)));
    });
    assert.throws(() => PairLock.acquire({ pairKey: 'S1+S2', owner: 'parent', directory: dir }), PairBusyError);
    child.kill('SIGKILL');
    await new Promise((ok) => child.on('exit', ok));
    const lock = PairLock.acquire({ pairKey: 'S1+S2', owner: 'parent', directory: dir });
    lock.release();
  });

  it('exactly one of many processes racing for one pair wins', async () => {
    const n = 6;
    const script = `try { require(${JSON.stringify(resolve('src/core/pair-lock.ts'))}).PairLock.acquire({ pairKey: 'R1+R2', owner: 'racer', directory: ${JSON.stringify(dir)} }); process.stdout.write('won'); setTimeout(() => {}, 3000); } catch (e) { process.stdout.write(e.code === 'PAIR_BUSY' ? 'busy' : 'error ' + e.message); }`;
    const results = await Promise.all(
      Array.from({ length: n }, () => {
        const child = spawn(process.execPath, ['--require', 'tsx/cjs', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        return new Promise<string>((ok) => child.on('exit', () => ok(out)));
      }),
    );
    assert.equal(results.filter((r) => r === 'won').length, 1, results.join(', '));
    assert.equal(results.filter((r) => r === 'busy').length, n - 1, results.join(', '));
  });
});

describe('the state directory every process of the user shares', () => {
  it('follows XDG_STATE_HOME on Linux, else ~/.local/state, and never TMPDIR', () => {
    assert.equal(userStateDirectory({ HOME: '/home/u', XDG_STATE_HOME: '/xdg/state', TMPDIR: '/tmp/a' }, 'linux'), '/xdg/state/asa-upgrade');
    assert.equal(userStateDirectory({ HOME: '/home/u', TMPDIR: '/tmp/b' }, 'linux'), '/home/u/.local/state/asa-upgrade');
    assert.equal(userStateDirectory({ HOME: '/home/u', XDG_STATE_HOME: 'relative/dir' }, 'linux'), '/home/u/.local/state/asa-upgrade', 'a relative XDG_STATE_HOME is ignored (XDG spec)');
    assert.equal(lockDirectory({ HOME: '/home/u', TMPDIR: '/tmp/a' }, 'linux'), lockDirectory({ HOME: '/home/u', TMPDIR: '/var/tmp/b' }, 'linux'));
  });

  it('uses the platform places on macOS and Windows', () => {
    assert.equal(userStateDirectory({ HOME: '/Users/u' }, 'darwin'), '/Users/u/Library/Application Support/asa-upgrade');
    assert.equal(userStateDirectory({ USERPROFILE: 'C:\\Users\\u', LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32'), 'C:\\Users\\u\\AppData\\Local\\asa-upgrade');
  });
});
