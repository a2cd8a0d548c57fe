import { strict as assert } from 'node:assert';
import { imageFromName, makeImageBytes, parseFaultSpec } from '../../../src/lab';
import { InvalidInputError } from '../../../src/core/errors';

describe('lab image names and bytes', () => {
  it('reads the version an image file name carries', () => {
    const cases: [string, string, string][] = [
      ['asa9-20-2-smp-k8.bin', 'asa', '9.20(2)'],
      ['asa9-18-4-22-smp-k8.bin', 'asa', '9.18(4)22'],
      ['asa9-16-3-19-lfbff-k8.SPA', 'asa', '9.16(3)19'],
      ['asa952-204-smp-k8.bin', 'asa', '9.5(2)204'],
      ['asa917-smp-k8.bin', 'asa', '9.1(7)'],
      ['asa992-32-lfbff-k8.SPA', 'asa', '9.9(2)32'],
      ['cisco-asa-fp1k.9.20.2.SPA', 'asa', '9.20(2)'],
      ['asdm-7201.bin', 'asdm', '7.20(1)'],
      ['asdm-7181-152.bin', 'asdm', '7.18(1)152'],
      ['asdm-791-151.bin', 'asdm', '7.9(1)151'],
      ['asdm-782.bin', 'asdm', '7.8(2)'],
    ];
    for (const [name, kind, version] of cases) assert.deepEqual(imageFromName(name), { kind, version }, name);
    assert.equal(imageFromName('anyconnect-win-4.2.01035-k9.pkg'), undefined);
  });

  it('makes the same bytes for the same name and size, different ones otherwise', () => {
    assert.deepEqual(makeImageBytes('a.bin', 1001), makeImageBytes('a.bin', 1001));
    assert.notDeepEqual(makeImageBytes('a.bin', 1001), makeImageBytes('b.bin', 1001));
    assert.equal(makeImageBytes('a.bin', 1001).length, 1001);
  });
});

describe('lab fault text form', () => {
  it('parses kind, unit and options', () => {
    assert.deepEqual(parseFaultSpec('slow-answers:secondary:delayMs=500'), { kind: 'slow-answers', unit: 'secondary', delayMs: 500 });
    assert.deepEqual(parseFaultSpec('drop-session:primary:command=copy'), { kind: 'drop-session', unit: 'primary', command: 'copy' });
    assert.deepEqual(parseFaultSpec('flash-full'), { kind: 'flash-full' });
    assert.deepEqual(parseFaultSpec('corrupt-transfer:times=1'), { kind: 'corrupt-transfer', times: 1 });
    assert.deepEqual(parseFaultSpec('drop-session:command=failover exec mate copy disk0:/x,times=2'), {
      kind: 'drop-session',
      command: 'failover exec mate copy disk0:/x',
      times: 2,
    });
  });

  it('refuses unknown kinds and options, naming what is allowed', () => {
    assert.throws(() => parseFaultSpec('explode'), (e: unknown) => e instanceof InvalidInputError && /wrong-credentials/.test((e as Error).message));
    assert.throws(() => parseFaultSpec('slow-answers:delay=5'), InvalidInputError);
    assert.throws(() => parseFaultSpec('slow-answers:delayMs=soon'), InvalidInputError);
  });
});
