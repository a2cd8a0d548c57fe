// Garbage, noise and the output of the wrong command must be refused with a ParseError: the device layer
// turns that into a clear message instead of acting on a wrong reading.

import assert from 'node:assert/strict';
import {
  parseBootConfig,
  parseBootvar,
  parseCopy,
  parseDir,
  parseShowFailover,
  parseShowFailoverState,
  parseShowVersion,
  parseVerify,
} from '../../../../src/asa/parsers';
import { ParseError } from '../../../../src/core/errors';
import { fixtureFiles, readFixture, RECORDED, RECORDED_DIR, VARIANTS, VARIANTS_DIR } from './fixtures';

const PARSERS: Record<string, (text: string) => unknown> = {
  'show version': parseShowVersion,
  'show failover': parseShowFailover,
  'show failover state': parseShowFailoverState,
  dir: parseDir,
  verify: parseVerify,
  copy: parseCopy,
  'show running-config boot system': parseBootConfig,
  'show bootvar': parseBootvar,
};

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 :/.-()!%=\n\r\t\u0000\u001b[<>"\'';

function garbage(next: () => number): string {
  const length = Math.floor(next() * 400);
  let s = '';
  for (let i = 0; i < length; i++) s += ALPHABET[Math.floor(next() * ALPHABET.length)];
  return s;
}

describe('garbage and the wrong output', () => {
  for (const [what, parse] of Object.entries(PARSERS)) {
    it(`${what}: refuses 2000 random outputs with a ParseError`, () => {
      const next = random(what.length * 7919);
      for (let i = 0; i < 2000; i++) {
        const text = garbage(next);
        if (what === 'show running-config boot system' && text.trim() === '') continue; // empty = nothing configured
        assert.throws(() => parse(text), ParseError, `accepted ${JSON.stringify(text)}`);
      }
    });

    it(`${what}: refuses the output of every other command`, () => {
      const own = new Set<unknown>([parse]);
      for (const [dir, cases] of [
        [RECORDED_DIR, RECORDED],
        [VARIANTS_DIR, VARIANTS],
      ] as const) {
        for (const file of fixtureFiles(dir)) {
          if (own.has(cases[file].parse)) continue;
          if (what === 'copy' && file.startsWith('copy.')) continue;
          assert.throws(() => parse(readFixture(dir, file)), ParseError, `${what} accepted ${file}`);
        }
      }
    });
  }

  it('refuses empty output and output of blank lines', () => {
    for (const parse of Object.values(PARSERS)) {
      if (parse === parseBootConfig) continue;
      assert.throws(() => parse(''), ParseError);
      assert.throws(() => parse(' \n \n'), ParseError);
    }
  });
});
