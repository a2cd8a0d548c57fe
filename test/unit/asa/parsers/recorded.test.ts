import assert from 'node:assert/strict';
import { fixtureFiles, readFixture, RECORDED, RECORDED_DIR, VARIANTS, VARIANTS_DIR, type FixtureCase } from './fixtures';

function check(file: string, text: string, c: FixtureCase): void {
  if (c.throws) {
    const { name, message } = c.throws;
    assert.throws(() => c.parse(text), (e: unknown) => {
      assert.ok(e instanceof Error, `${file}: expected an Error`);
      assert.equal(e.name, name, `${file}: ${e.message}`);
      assert.match(e.message, message);
      return true;
    });
  } else {
    assert.deepStrictEqual(c.parse(text), c.expected, file);
  }
}

describe('outputs recorded on real ASAs', () => {
  it('has an expected reading for every recorded file', () => {
    assert.deepEqual(fixtureFiles(RECORDED_DIR), Object.keys(RECORDED).sort());
  });
  for (const file of Object.keys(RECORDED)) {
    it(`reads ${file} exactly`, () => check(file, readFixture(RECORDED_DIR, file), RECORDED[file]));
  }
});

describe('variants real devices print (hand-written from the documented formats)', () => {
  it('has an expected reading for every variant file', () => {
    assert.deepEqual(fixtureFiles(VARIANTS_DIR), Object.keys(VARIANTS).sort());
  });
  for (const file of Object.keys(VARIANTS)) {
    it(`reads ${file} exactly`, () => check(file, readFixture(VARIANTS_DIR, file), VARIANTS[file]));
  }
});
