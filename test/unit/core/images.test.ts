import assert from 'node:assert/strict';
import { imageNameProblem, parseImageFileName } from '../../../src/core/images';

describe('image file names', () => {
  const cases: Array<[string, 'asa' | 'asdm', string]> = [
    ['asa9-20-2-smp-k8.bin', 'asa', '9.20(2)'],
    ['asa9-18-4-22-smp-k8.bin', 'asa', '9.18(4)22'],
    ['asa9-18-4-22-lfbff-k8.SPA', 'asa', '9.18(4)22'],
    ['asa9-16-3-19-lfbff-k8.SPA', 'asa', '9.16(3)19'],
    ['asa917-smp-k8.bin', 'asa', '9.1(7)'],
    ['asa952-204-smp-k8.bin', 'asa', '9.5(2)204'],
    ['asa992-32-lfbff-k8.SPA', 'asa', '9.9(2)32'],
    ['asa847-30-k8.bin', 'asa', '8.4(7)30'],
    ['cisco-asa-fp1k.9.20.2.SPA', 'asa', '9.20(2)'],
    ['cisco-asa-fp2k.9.18.4.SPA', 'asa', '9.18(4)'],
    ['asdm-7201.bin', 'asdm', '7.20(1)'],
    ['asdm-7-20-1.bin', 'asdm', '7.20(1)'],
    ['asdm-791-151.bin', 'asdm', '7.9(1)151'],
    ['asdm-7181-152.bin', 'asdm', '7.18(1)152'],
    ['asdm-782.bin', 'asdm', '7.8(2)'],
  ];
  for (const [name, kind, version] of cases) {
    it(`${name} is ${kind.toUpperCase()} ${version}`, () => {
      assert.deepEqual(parseImageFileName(name), { kind, version, fileName: name });
    });
  }

  it('refuses names that are not ASA or ASDM images, saying what a name looks like', () => {
    for (const name of ['asa.bin', 'running-config', 'asa9-20-2-smp-k8.txt', 'asdm.bin', 'anyconnect-win-4.10.bin', 'asa9-20-2-smp-k8.bin.bak', 'ASA9-20-2']) {
      assert.equal(parseImageFileName(name), undefined, name);
      assert.match(imageNameProblem(name)!, /is not an ASA or ASDM image file name \(expected a name like asa9-20-2-smp-k8\.bin or asdm-7201\.bin\)/);
    }
  });

  it('refuses an ASDM image where an ASA image is expected, and the other way round', () => {
    assert.match(imageNameProblem('asdm-7201.bin', 'asa')!, /is an ASDM image, not an ASA image/);
    assert.match(imageNameProblem('asa9-20-2-smp-k8.bin', 'asdm')!, /is an ASA image, not an ASDM image/);
    assert.equal(imageNameProblem('asa9-20-2-smp-k8.bin', 'asa'), undefined);
  });
});
