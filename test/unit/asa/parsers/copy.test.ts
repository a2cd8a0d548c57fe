import assert from 'node:assert/strict';
import { parseCopy } from '../../../../src/asa/parsers';
import { CopyFailedError, ParseError } from '../../../../src/core/errors';

function copyFailure(text: string): CopyFailedError {
  try {
    parseCopy(text);
  } catch (e) {
    if (e instanceof CopyFailedError) return e;
    throw e;
  }
  assert.fail('the copy was not reported as failed');
}

describe('copy', () => {
  it('reads the byte count and time of a finished copy', () => {
    const text = 'Accessing http://192.0.2.10/a.bin...!!!!\nWriting file disk0:/a.bin...\n!!!!!!!\n1048576 bytes copied in 2.500 secs (419430 bytes/sec)\n';
    assert.deepEqual(parseCopy(text), { bytes: 1048576, seconds: 2.5 });
  });

  it('reads a byte count printed right after the progress marks', () => {
    assert.deepEqual(parseCopy('!!!!!!!!1048576 bytes copied in 3 secs (349525 bytes/sec)'), { bytes: 1048576, seconds: 3 });
  });

  it('reads a byte count without a rate when the line is complete', () => {
    assert.deepEqual(parseCopy('Writing file disk0:/a.bin...\n1048576 bytes copied in 3 secs\n'), { bytes: 1048576, seconds: 3 });
  });

  const failures: [string, string, RegExp][] = [
    ['%Error opening http://192.0.2.10/x.bin (No such file or directory)', 'a missing file', /path and file name/],
    ['%Error writing disk0:/x.bin (No space left on device)', 'a full flash', /Free space/],
    ['%Error opening tftp://192.0.2.10/x.bin (Timed out)', 'a server that does not answer', /reachable/],
    ['%Error reading http://192.0.2.10/x.bin (I/O error)', 'a read error', /device's message/],
    ['%Error copying ftp://192.0.2.10/x.bin (Permission denied)', 'a refused login', /user name and password/],
    ['ERROR: Signature not valid for file disk0:/x.SPA', 'an image that fails its signature check', /integrity check/],
  ];
  for (const [line, what, advice] of failures) {
    it(`fails with the device's own message and what to do for ${what}`, () => {
      const e = copyFailure(`Accessing http://192.0.2.10/x.bin...!!!\nWriting file disk0:/x.bin...\n!!!!!!!${line}\n`);
      assert.equal(e.deviceMessage, line);
      assert.ok(e.message.includes(line), e.message);
      assert.match(e.message, advice);
    });
  }

  it('fails a copy whose error comes after a byte count', () => {
    const e = copyFailure('1048576 bytes copied in 3 secs (349525 bytes/sec)\n%Error: signature verification failed for disk0:/x.SPA\n');
    assert.match(e.deviceMessage, /signature verification failed/);
  });

  it('never repeats a password from the URL in its error', () => {
    const e = copyFailure('%Error opening ftp://upgrader:S3cr3t-Ftp@192.0.2.10/x.bin (No such file or directory)\n');
    assert.ok(!e.message.includes('S3cr3t-Ftp'), e.message);
    assert.ok(!e.deviceMessage.includes('S3cr3t-Ftp'), e.deviceMessage);
    assert.match(e.deviceMessage, /ftp:\/\/upgrader:\*+@192\.0\.2\.10/);
    assert.throws(
      () => parseCopy('Accessing ftp://upgrader:S3cr3t-Ftp@192.0.2.10/x.bin...!!!'),
      (err: unknown) => err instanceof ParseError && !err.message.includes('S3cr3t-Ftp') && !err.excerpt.includes('S3cr3t-Ftp'),
    );
  });

  it('refuses a copy that has not finished instead of calling it done', () => {
    assert.throws(() => parseCopy('Accessing http://192.0.2.10/a.bin...!!!!\nWriting file disk0:/a.bin...\n!!!!!!!\n'), ParseError);
    assert.throws(() => parseCopy('1048576 bytes copied in 3'), ParseError);
  });
});
