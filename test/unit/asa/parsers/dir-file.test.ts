import assert from 'node:assert/strict';
import { ParseError } from '../../../../src/core/errors';
import { parseDirFileSize } from '../../../../src/asa/parsers';

const FILE = 'asa9-20-2-smp-k8.bin';

describe('parseDirFileSize (dir disk0:/FILE)', () => {
  it('reads the size under either header form', () => {
    for (const header of ['Directory of disk0:/', `Directory of disk0:/${FILE}`]) {
      const text = `dir disk0:/${FILE}\r\n\r\n${header}\r\n\r\n137    -rwx  1048576      12:01:02 Nov 25 2026  ${FILE}\r\n\r\n1 file(s) total size: 1048576 bytes\r\n8571076608 bytes total (8287895552 bytes free)\r\n`;
      assert.equal(parseDirFileSize(text, FILE), 1_048_576, header);
    }
  });

  it('says undefined when the file is not there', () => {
    assert.equal(parseDirFileSize(`%Error opening disk0:/${FILE} (No such file or directory)\n`, FILE), undefined);
  });

  it('refuses output without the entry or cut in the middle of it', () => {
    assert.throws(() => parseDirFileSize('Directory of disk0:/\n\n8571076608 bytes total (8287895552 bytes free)\n', FILE), ParseError);
    assert.throws(() => parseDirFileSize(`Directory of disk0:/\n\n137    -rwx  1048576      12:01:02 Nov 25 2026  ${FILE}`, FILE), ParseError);
    assert.throws(() => parseDirFileSize('', FILE), ParseError);
  });
});
