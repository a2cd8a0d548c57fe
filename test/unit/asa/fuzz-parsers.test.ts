// Fuzzing the device side: every parser and the shell's text cleaning fed garbage, mangled recordings and
// hostile output (random bytes, huge lines, ANSI, fake prompts, `<--- More --->` in odd places). Each must
// answer or throw a typed error (ParseError; CopyFailedError for a copy), never crash, hang or give a wrong
// answer: when the noise is only terminal noise (ANSI, redraws, erased pager prompts) the cleaned text must
// read exactly as the clean recording; when lines of junk or fake prompts are mixed in, the answer is either a
// ParseError or exactly the clean one. Replay a failure with the seed and path fast-check prints.

import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  findCommandError,
  parseBootConfig,
  parseBootvar,
  parseCopy,
  parseDir,
  parseShowFailover,
  parseShowFailoverState,
  parseShowVersion,
  parseUptime,
  parseVerify,
} from '../../../src/asa/parsers';
import { cleanTerminalText, stripEcho, trimBlankLines } from '../../../src/asa/terminal-text';
import { parsePrompt, pendingInteraction, trailingPrompt } from '../../../src/asa/prompt';
import { CopyFailedError, ParseError, UnsupportedSetupError } from '../../../src/core/errors';
import { readFixture, RECORDED, RECORDED_DIR, VARIANTS, VARIANTS_DIR, type FixtureCase } from './parsers/fixtures';

let fuzzed = 0;

const PARSERS: Array<[string, (t: string) => unknown]> = [
  ['parseShowVersion', parseShowVersion],
  ['parseShowFailover', parseShowFailover],
  ['parseShowFailoverState', parseShowFailoverState],
  ['parseDir', parseDir],
  ['parseVerify', parseVerify],
  ['parseCopy', parseCopy],
  ['parseBootConfig', parseBootConfig],
  ['parseBootvar', parseBootvar],
];

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Runs a parser: an answer or a typed error; anything else (TypeError, RangeError, a hang) fails. */
function typed(name: string, parse: (t: string) => unknown, text: string): Outcome {
  fuzzed++;
  const started = Date.now();
  let out: Outcome;
  try {
    out = { ok: true, value: parse(text) };
  } catch (error) {
    // A garbled show failover may read as Active/Active: a plain refusal is a typed answer too.
    const allowed = error instanceof ParseError || (name === 'parseCopy' && error instanceof CopyFailedError) || (name === 'parseShowFailover' && error instanceof UnsupportedSetupError);
    if (!allowed) throw new Error(`${name} threw ${String(error)} for ${JSON.stringify(text.slice(0, 200))}`);
    out = { ok: false, error };
  }
  const took = Date.now() - started;
  assert.ok(took < 2000, `${name} took ${took} ms on ${text.length} characters`);
  return out;
}

interface Recording {
  file: string;
  text: string;
  c: FixtureCase;
  parserName: string;
}

const RECORDINGS: Recording[] = [
  ...Object.entries(RECORDED).map(([file, c]) => ({ file, text: readFixture(RECORDED_DIR, file), c })),
  ...Object.entries(VARIANTS).map(([file, c]) => ({ file, text: readFixture(VARIANTS_DIR, file), c })),
].map((r) => ({ ...r, parserName: PARSERS.find(([, p]) => p === r.c.parse)?.[0] ?? 'parser' }));

/** What the parser makes of the recording once cleaned as the shell cleans it: the reference answer. */
function reference(r: Recording): Outcome {
  return typed(r.parserName, r.c.parse, cleanTerminalText(r.text));
}

function sameOutcome(got: Outcome, want: Outcome, where: string): void {
  if (want.ok) {
    assert.ok(got.ok, `${where}: refused (${got.ok ? '' : String(got.error)}) although only terminal noise was added`);
    assert.deepStrictEqual(got.value, want.value, `${where}: a different answer`);
  } else {
    assert.ok(!got.ok, `${where}: answered ${JSON.stringify(got.ok && got.value)} although the clean output is refused`);
    assert.equal((got.error as Error).name, (want.error as Error).name, where);
  }
}

const recording = fc.constantFrom(...RECORDINGS);

const ANSI = fc.constantFrom('\u001b[0m', '\u001b[K', '\u001b[2K', '\u001b[1;32m', '\u001b[?25l', '\u001b[?25h', '\u001b[10D', '\u001b(B', '\u001b=', '\u001b>', '\u001b[33;1H');
const MORE_ERASED = fc.constantFrom(
  '<--- More --->\r              \r',
  '<--- More --->\r\u001b[K',
  '<-- More -->\r            \r',
  '<--- More --->\u0008\u0008\u0008\u0008\u0008\u0008\u0008\u0008\u0008\u0008\u0008\u0008\u0008\u0008              \u0008\u0008\u0008\u0008\u0008\u0008\u0008\u0008\u0008\u0008\u0008\u0008\u0008\u0008',
  '<---More--->\r             \r',
);

/**
 * Terminal noise that must vanish in cleaning: ANSI anywhere, erased pager prompts at line starts, `#\b` redraws
 * (overwritten by the character they precede). Positions refer to the recorded line, so one insertion never
 * splits another escape sequence.
 */
function withTerminalNoise(text: string, edits: Array<[number, number, string]>): string {
  const lines = text.split('\n');
  const inserts = new Map<number, Array<[number, string]>>();
  for (const [lineAt, colAt, kind] of edits) {
    const li = lineAt % lines.length;
    const body = lines[li].replace(/\r$/, '');
    let col = colAt % (body.length + 1);
    let fragment = kind;
    if (kind.startsWith('<')) col = 0;
    else if (kind === 'redraw') {
      if (col >= body.length) continue;
      fragment = '#\u0008';
    }
    inserts.set(li, [...(inserts.get(li) ?? []), [col, fragment]]);
  }
  for (const [li, list] of inserts) {
    let line = lines[li];
    for (const [col, fragment] of [...list].sort((a, b) => b[0] - a[0])) line = line.slice(0, col) + fragment + line.slice(col);
    lines[li] = line;
  }
  return lines.join('\n');
}

const FAKE_PROMPTS = ['asa1# ', 'asa-lab/pri/act# ', 'asa-lab/sec/stby(config)# ', 'ciscoasa> ', 'fw/admin# ', 'Password: ', '[confirm]', 'Proceed with reload? [confirm]', '<--- More --->'];
const JUNK_CHARS = fc.constantFrom(...'!@#$%^&*_=+|~`{}[]<>,.;\'"éüß∂ƒ©˙∆˚¬…æ≈ç√∫˜µ≤≥÷ \t'.split(''));
const junkLine = fc.oneof(
  fc.constantFrom(...FAKE_PROMPTS),
  fc.string({ unit: JUNK_CHARS, minLength: 1, maxLength: 60 }),
  fc.integer({ min: 10_000, max: 200_000 }).map((n) => '~'.repeat(n)),
  fc.constant(''),
);

describe('fuzzing the parsers and the terminal text handling', function () {
  this.timeout(120_000);

  it('random text, random bytes and huge input: an answer or a typed error, never a crash or hang', () => {
    const garbage = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 400 }),
      fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b).toString('utf8')),
      fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b).toString('latin1')),
      fc.array(fc.constantFrom('Failover On', 'This host: Primary - Active', 'Other host: Secondary - Standby Ready', 'Cisco Adaptive Security Appliance Software Version 9.20(2)', 'Directory of disk0:/', '123 -rwx 456 12:00:00 Jan 01 2024 x.bin', 'boot system disk0:/a.bin', '!!!!!', '189413632 bytes copied in 451.120 secs', 'verify:MD5 (disk0:/a.bin) = 0123', '%Error', 'ERROR: % Invalid input', '\r\n', '\n', '<--- More --->', 'asa#'), { maxLength: 30 }).map((a) => a.join('\n')),
      fc.tuple(fc.constantFrom('A', '9', ' ', '(', '.', ':'), fc.integer({ min: 50_000, max: 400_000 })).map(([c, n]) => c.repeat(n)),
    );
    fc.assert(
      fc.property(garbage, (text) => {
        for (const [name, parse] of PARSERS) typed(name, parse, text);
        const err = findCommandError(text);
        assert.ok(err === undefined || typeof err === 'string');
        parseUptime(text);
        const clean = cleanTerminalText(text);
        assert.equal(typeof clean, 'string');
        // eslint-disable-next-line no-control-regex
        assert.ok(!/[\r\u0008\u001b]/.test(clean.replace(/\u001b(?![[()=>78DEHMc])/g, '')), 'cleaned text still holds CR, backspace or an ANSI escape');
        parsePrompt(text);
        trailingPrompt(text);
        pendingInteraction(text);
        trimBlankLines(stripEcho(clean, 'show version'));
      }),
      { numRuns: 600 },
    );
  });

  it('recordings cut, with bytes flipped, dropped or repeated: an answer or a typed error, never a crash', () => {
    fc.assert(
      fc.property(recording, fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 0, max: 3 }), fc.string({ unit: 'binary', maxLength: 5 })), { minLength: 1, maxLength: 6 }), (r, edits) => {
        let text = r.text;
        for (const [a, b, op, s] of edits) {
          const i = a % (text.length + 1);
          if (op === 0) text = text.slice(0, i);
          else if (op === 1) text = text.slice(0, i) + s + text.slice(i + 1);
          else if (op === 2) text = text.slice(0, i) + text.slice(i + 1 + (b % 20));
          else text = text.slice(0, i) + text.slice(i, i + (b % 80)).repeat(2) + text.slice(i + (b % 80));
        }
        typed(r.parserName, r.c.parse, text);
        typed(r.parserName, r.c.parse, cleanTerminalText(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('terminal noise only (ANSI anywhere, erased pager prompts at line starts, redraws): exactly the clean answer', () => {
    const noise = fc.array(fc.tuple(fc.nat(), fc.nat(), fc.oneof(ANSI, MORE_ERASED, fc.constant('redraw'))), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(recording, noise, (r, edits) => {
        const noisy = withTerminalNoise(r.text, edits);
        const got = typed(r.parserName, r.c.parse, cleanTerminalText(noisy));
        sameOutcome(got, reference(r), `${r.file} with ${JSON.stringify(edits)}`);
      }),
      { numRuns: 2500 },
    );
  });

  it('junk lines, fake prompts, stray pager prompts and huge lines mixed in: a ParseError or exactly the clean answer', () => {
    fc.assert(
      fc.property(recording, fc.array(fc.tuple(fc.nat(), junkLine), { minLength: 1, maxLength: 4 }), (r, inserts) => {
        const lines = cleanTerminalText(r.text).split('\n');
        for (const [at, junk] of inserts) lines.splice(at % (lines.length + 1), 0, junk);
        const got = typed(r.parserName, r.c.parse, lines.join('\n'));
        const want = reference(r);
        if (!got.ok) return; // refusing is always allowed
        assert.ok(want.ok, `${r.file}: answered although the clean output is refused`);
        assert.deepStrictEqual(got.value, want.value, `${r.file} with ${JSON.stringify(inserts.map(([a, j]) => [a, j.slice(0, 40)]))}: a different answer`);
      }),
      { numRuns: 2000 },
    );
  });

  after(() => console.log(`      parser inputs fuzzed: ${fuzzed}`));
});
