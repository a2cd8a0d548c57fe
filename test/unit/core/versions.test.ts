import assert from 'node:assert/strict';
import { compareVersions, formatVersion, parseVersion, sameVersion } from '../../../src/core/versions';

describe('ASA versions', () => {
  it('reads major, minor, maintenance and interim as the ASA prints them', () => {
    assert.deepEqual(parseVersion('9.18(4)22'), { major: 9, minor: 18, maintenance: 4, interim: 22 });
    assert.deepEqual(parseVersion('9.20(2)'), { major: 9, minor: 20, maintenance: 2 });
    assert.deepEqual(parseVersion(' 7.18(1)152 '), { major: 7, minor: 18, maintenance: 1, interim: 152 });
    assert.deepEqual(parseVersion('9.18.4.22'), { major: 9, minor: 18, maintenance: 4, interim: 22 });
  });

  it('does not guess at text that is not a version', () => {
    for (const bad of ['', '9', '9.18', '9.18()', 'nine', '9.18(4)x', '9.18(4) 22']) assert.equal(parseVersion(bad), undefined, bad);
  });

  it('orders an interim release after its maintenance release and before the next one', () => {
    const ordered = ['9.1(7)', '9.5(2)204', '9.9(2)32', '9.18(3)', '9.18(4)', '9.18(4)22', '9.18(4)24', '9.20(1)', '9.20(2)'];
    for (let i = 0; i < ordered.length - 1; i++) {
      assert.ok(compareVersions(ordered[i], ordered[i + 1]) < 0, `${ordered[i]} < ${ordered[i + 1]}`);
      assert.ok(compareVersions(ordered[i + 1], ordered[i]) > 0, `${ordered[i + 1]} > ${ordered[i]}`);
    }
    assert.equal(compareVersions('9.18(4)22', '9.18.4.22'), 0);
  });

  it('refuses to order versions it cannot read', () => {
    assert.throws(() => compareVersions('9.18(4)', 'latest'), /Cannot compare/);
  });

  it('formats back to the ASA form', () => {
    assert.equal(formatVersion({ major: 9, minor: 18, maintenance: 4, interim: 22 }), '9.18(4)22');
    assert.equal(formatVersion(parseVersion('9.20.2')!), '9.20(2)');
  });

  it('treats two spellings of one release as the same version', () => {
    assert.ok(sameVersion('9.20(2)', '9.20.2'));
    assert.ok(!sameVersion('9.20(2)', '9.20(2)1'));
    assert.ok(!sameVersion(undefined, '9.20(2)'));
  });
});
