// A session that drops or times out hands the parsers a prefix of the real output. Every prefix must give
// either a ParseError or an answer that agrees with the whole output on every field it reports.

import assert from 'node:assert/strict';
import { CopyFailedError, UnsupportedSetupError, ParseError } from '../../../../src/core/errors';
import { readFixture, RECORDED, RECORDED_DIR, VARIANTS, VARIANTS_DIR, type FixtureCase } from './fixtures';

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

function attempt(parse: (t: string) => unknown, text: string): Outcome {
  try {
    return { ok: true, value: parse(text) };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Every field of the partial answer equals the full one; `bootImages` may lose entries from its end only. */
function agrees(partial: unknown, full: unknown): string | undefined {
  if (typeof partial !== 'object' || partial === null || typeof full !== 'object' || full === null) {
    return partial === full ? undefined : `${String(partial)} != ${String(full)}`;
  }
  for (const [key, value] of Object.entries(partial)) {
    if (value === undefined) continue;
    const whole: unknown = (full as Record<string, unknown>)[key];
    if (key === 'bootImages' && Array.isArray(value) && Array.isArray(whole)) {
      try {
        assert.deepStrictEqual(value, whole.slice(0, value.length));
      } catch {
        return `bootImages ${JSON.stringify(value)} is not the start of ${JSON.stringify(whole)}`;
      }
      continue;
    }
    try {
      assert.deepStrictEqual(value, whole);
    } catch {
      return `${key}: ${JSON.stringify(value)} != ${JSON.stringify(whole)}`;
    }
  }
  return undefined;
}

function checkEveryPrefix(file: string, text: string, c: FixtureCase): number {
  const full = attempt(c.parse, text);
  let answered = 0;
  for (let n = 0; n < text.length; n++) {
    const prefix = text.slice(0, n);
    const got = attempt(c.parse, prefix);
    const where = `${file} cut after ${n} of ${text.length} characters (...${JSON.stringify(prefix.slice(-40))})`;
    if (!got.ok) {
      const error = got.error;
      // A refusal of the whole output (an error line, an unsupported set-up) may show in a part of it.
      const allowed = error instanceof ParseError || ((error instanceof CopyFailedError || error instanceof UnsupportedSetupError) && !full.ok);
      assert.ok(allowed, `${where}: threw ${String(error)}`);
      continue;
    }
    assert.ok(full.ok, `${where}: answered although the whole output is refused`);
    const problem = agrees(got.value, full.value);
    assert.equal(problem, undefined, `${where}: ${problem}`);
    answered++;
  }
  return answered;
}

describe('output cut short at any character', () => {
  for (const [dir, cases] of [
    [RECORDED_DIR, RECORDED],
    [VARIANTS_DIR, VARIANTS],
  ] as const) {
    for (const file of Object.keys(cases)) {
      it(`${file}: every prefix is refused or agrees with the whole output`, () => {
        checkEveryPrefix(file, readFixture(dir, file), cases[file]);
      });
    }
  }

  it('refuses show failover cut before "This host"', () => {
    const text = readFixture(RECORDED_DIR, 'show_failover.primary-active.asa5585.raw');
    const cut = text.slice(0, text.indexOf('This host'));
    assert.throws(() => RECORDED['show_failover.primary-active.asa5585.raw'].parse(cut), ParseError);
  });

  it('refuses dir without its total line', () => {
    const text = readFixture(RECORDED_DIR, 'dir.disk0.asa5506-9.5.raw');
    const cut = text.slice(0, text.indexOf('7859437568 bytes total'));
    assert.throws(() => RECORDED['dir.disk0.asa5506-9.5.raw'].parse(cut), /no "N bytes total \(M bytes free\)" line/);
  });

  it('refuses show version cut before the uptime line', () => {
    const text = readFixture(RECORDED_DIR, 'show_version.asav-9.5.raw');
    const cut = text.slice(0, text.indexOf('asa1 up'));
    assert.throws(() => RECORDED['show_version.asav-9.5.raw'].parse(cut), ParseError);
  });
});
