// Session-level fuzzing: a replay device (real SSH on 127.0.0.1) answers `show failover` with hostile output:
// fake prompts (its own included), pager prompts in odd places, ANSI, random bytes, huge lines, output cut
// short, questions the shell might answer. Through the real connector and shell, each command must give the
// answer the clean recording gives (or one that agrees with it on every field it reports) or a typed error,
// never a crash, a hang past its time limit, or a wrong answer; and the next, clean command must still read
// correctly (leftovers of hostile output must not shift answers onto the wrong command).

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { createPairConnector, KnownHostsFile, type AsaPairConnector } from '../../../src/asa';
import { KNOWN_FAILOVER_STATES, parseShowFailover, parseShowVersion } from '../../../src/asa/parsers';
import type { FailoverStatus } from '../../../src/core/facts';
import { isActiveState, isHealthyActive, isStandbyReady } from '../../../src/core/states';
import { AsaUpgradeError } from '../../../src/core/errors';
import { readFixture, RECORDED_DIR, VARIANTS_DIR } from './parsers/fixtures';
import { startReplayDevice, type ReplayDevice } from '../../support/replay-asa';

const FAILOVER = [
  readFixture(RECORDED_DIR, 'show_failover.primary-active.asa5585.raw'),
  readFixture(VARIANTS_DIR, 'show_failover.secondary-active.mixed-versions.raw'),
  readFixture(VARIANTS_DIR, 'show_failover.primary-active.cold-standby.indented.crlf.raw'),
];
const VERSION = readFixture(RECORDED_DIR, 'show_version.asav-9.5.raw');
const VERSION_ANSWER = parseShowVersion(VERSION);
const COMMAND_MS = 800;

/** Every field the partial answer reports equals the full one's. */
function agrees(partial: unknown, full: unknown, path = ''): string | undefined {
  if (typeof partial !== 'object' || partial === null) return partial === full ? undefined : `${path}: ${JSON.stringify(partial)} != ${JSON.stringify(full)}`;
  if (typeof full !== 'object' || full === null) return `${path}: ${JSON.stringify(partial)} != ${JSON.stringify(full)}`;
  for (const [key, value] of Object.entries(partial)) {
    if (value === undefined) continue;
    const problem = agrees(value, (full as Record<string, unknown>)[key], `${path}.${key}`);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * A state read from mangled output is right when it is the clean one, or when it is a state no ASA has (the
 * parser passes unknown states through as printed) that the engine cannot mistake for a better one: never
 * Active or Standby Ready, and active-like only where the clean state is.
 */
function stateAgrees(got: string, want: string): boolean {
  if (got === want) return true;
  const known = (KNOWN_FAILOVER_STATES as readonly string[]).includes(got);
  return !known && !isHealthyActive(got) && !isStandbyReady(got) && (!isActiveState(got) || isActiveState(want));
}

/** The fields the engine decides on; free text (lastFailover) is left out, junk spliced into it is repeated faithfully. */
function failoverProblem(got: FailoverStatus, want: FailoverStatus): string | undefined {
  const plain = (f: FailoverStatus) => ({ ...f, lastFailover: undefined, thisHost: f.thisHost?.role, otherHost: f.otherHost?.role });
  const problem = agrees(plain(got), plain(want));
  if (problem) return problem;
  for (const k of ['thisHost', 'otherHost'] as const) {
    const g = got[k];
    const w = want[k];
    if (g && w && !stateAgrees(g.state, w.state)) return `${k}.state: ${JSON.stringify(g.state.slice(0, 80))} where the clean output says ${JSON.stringify(w.state)}`;
  }
  return undefined;
}

const JUNK = fc.oneof(
  fc.constantFrom('asa1# ', 'asa1> ', 'asa1(config)# ', 'asa1/pri/act# ', 'other# ', 'Password: ', '[confirm]', 'Proceed with reload? [confirm]', '<--- More --->', '<--- More --->\r              \r', 'Destination filename [x.bin]? ', 'ERROR: % Invalid input detected at \'^\' marker.', '%Error reading', 'Type help or \'?\' for a list of available commands.'),
  fc.constantFrom('\u001b[0m', '\u001b[K', '\u001b[2J', '\u001b[1;1H', '\u001b', '\u0007', '\u0000', '\r', '\u0008\u0008\u0008', '\t'),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.integer({ min: 5_000, max: 60_000 }).map((n) => 'x'.repeat(n)),
);

/** The recording with junk spliced in at random places, maybe cut short. */
const hostile = fc
  .tuple(fc.nat(FAILOVER.length - 1), fc.array(fc.tuple(fc.nat(), JUNK), { minLength: 1, maxLength: 4 }), fc.option(fc.nat()))
  .map(([which, splices, cut]) => {
    let text = FAILOVER[which];
    for (const [at, junk] of splices) {
      const i = at % (text.length + 1);
      // Backspaces are a redraw: they step back over what the unit printed and print it again, so the screen
      // (and the answer) stays the same. Stepping back and printing other characters changes what the unit
      // says (`9.18(4)2\b\b\b2` shows 9.18(2)2 on any terminal): that is not noise an answer could survive.
      const back = text.slice(Math.max(text.lastIndexOf('\n', i - 1) + 1, i - 3), i).replace(/^.*\r/s, '');
      const spliced = junk === '\u0008\u0008\u0008' ? `${'\u0008'.repeat(back.length)}${back}` : junk;
      text = text.slice(0, i) + spliced + text.slice(i);
    }
    if (cut !== null) text = text.slice(0, cut % (text.length + 1));
    return { which, text };
  });

describe('fuzzing a session with hostile device output (replay device over SSH)', function () {
  this.timeout(600_000);
  let device: ReplayDevice;
  let connector: AsaPairConnector;
  let dir: string;
  const outputs: Record<string, string> = { 'show version': VERSION };
  const tally = { cases: 0, answered: 0, typedErrors: 0, versionAfter: 0 };
  const kinds = new Map<string, number>();

  before(async () => {
    device = await startReplayDevice({ hostname: 'asa1', outputs, pageLines: 6 });
    dir = mkdtempSync(join(tmpdir(), 'fuzz-session-'));
    const knownHosts = join(dir, 'known_hosts');
    writeFileSync(knownHosts, `[127.0.0.1]:${device.port} ssh-ed25519 ${device.hostKey.toString('base64')}\n`);
    connector = createPairConnector({
      active: { host: '127.0.0.1', port: device.port },
      username: 'ntc',
      auth: { method: 'password' },
      credentials: async () => ({ password: 'replay-pass', enablePassword: 'replay-enable' }),
      hostKeys: KnownHostsFile.verifier(knownHosts, { acceptNew: false }),
      timeouts: { connectMs: 5000, commandMs: COMMAND_MS },
    });
  });
  after(async () => {
    console.log(`      session fuzz: ${tally.cases} hostile outputs, ${tally.answered} answered (all agreeing), ${tally.typedErrors} typed errors, ${tally.versionAfter} clean reads after (errors: ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')})`);
    await connector?.close();
    await device?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('show failover with hostile output: the clean answer (or an agreeing part of it) or a typed error; the next command still reads right', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, async ({ which, text }) => {
        tally.cases++;
        outputs['show failover'] = text;
        const full = parseShowFailover(FAILOVER[which]);
        const started = Date.now();
        try {
          const session = await connector.connect('active');
          const got = await session.showFailover({ timeoutMs: COMMAND_MS });
          const problem = failoverProblem(got, full);
          assert.equal(problem, undefined, `a wrong answer for ${JSON.stringify(text.slice(0, 300))}: ${problem}`);
          tally.answered++;
        } catch (e) {
          if (e instanceof assert.AssertionError) throw e;
          assert.ok(e instanceof AsaUpgradeError, `an untyped error: ${String((e as Error).stack ?? e)}`);
          tally.typedErrors++;
          const name = (e as Error).name;
          kinds.set(name, (kinds.get(name) ?? 0) + 1);
        }
        assert.ok(Date.now() - started < COMMAND_MS * 3 + 5000, `took ${Date.now() - started} ms`);
        // Whatever the hostile output left behind must not become the next command's answer.
        try {
          const session = await connector.connect('active');
          const v = await session.showVersion({ timeoutMs: COMMAND_MS });
          assert.deepStrictEqual(v, VERSION_ANSWER, `show version after ${JSON.stringify(text.slice(0, 200))} read wrong`);
          tally.versionAfter++;
        } catch (e) {
          if (e instanceof assert.AssertionError) throw e;
          assert.ok(e instanceof AsaUpgradeError, `an untyped error on the next command: ${String(e)}`);
        }
      }),
      { numRuns: Number(process.env.FUZZ_SESSION_RUNS ?? 100) },
    );
  });
});
