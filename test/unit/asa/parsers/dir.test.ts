import assert from 'node:assert/strict';
import { parseDir } from '../../../../src/asa/parsers';
import { ParseError } from '../../../../src/core/errors';

const HEAD = '\nDirectory of disk0:/\n\n';
const ASA = '15     -rwx  189413632    09:12:30 Nov 02 2026  asa9-20-2-smp-k8.bin\n';

describe('dir disk0:', () => {
  it('reads the free space in the "bytes free/52% free" form', () => {
    const listing = parseDir(`${HEAD}${ASA}\n8571076608 bytes total (4457014272 bytes free/52% free)\n`);
    assert.equal(listing.totalBytes, 8571076608);
    assert.equal(listing.freeBytes, 4457014272);
    assert.deepEqual(listing.files, [{ name: 'asa9-20-2-smp-k8.bin', size: 189413632, isDirectory: false }]);
  });

  it('tolerates the "N file(s) total size" line before the totals', () => {
    const listing = parseDir(`${HEAD}${ASA}\n1 file(s) total size: 189413632 bytes\n8571076608 bytes total (4457014272 bytes free)\n`);
    assert.equal(listing.files.length, 1);
  });

  it('reads entries whose date comes before the time', () => {
    const listing = parseDir(`${HEAD}15     -rwx  189413632    Nov 02 2026 09:12:30  asa9-20-2-smp-k8.bin\n100 bytes total (50 bytes free)\n`);
    assert.deepEqual(listing.files, [{ name: 'asa9-20-2-smp-k8.bin', size: 189413632, isDirectory: false }]);
  });

  it('reads an empty flash', () => {
    assert.deepEqual(parseDir(`${HEAD}8571076608 bytes total (8571076608 bytes free)\n`), {
      fileSystem: 'disk0:',
      files: [],
      totalBytes: 8571076608,
      freeBytes: 8571076608,
    });
  });

  it('tolerates the echoed command, CRLF line ends and lines holding one space', () => {
    const text = `dir disk0:\r\n \r\nDirectory of disk0:/\r\n \r\n${ASA.replace('\n', '  \r\n')} \r\n100 bytes total (50 bytes free) \r\n`;
    assert.equal(parseDir(text).files[0].name, 'asa9-20-2-smp-k8.bin');
  });

  it('refuses a listing without its total line', () => {
    assert.throws(() => parseDir(`${HEAD}${ASA}`), /cut short/);
  });

  it('refuses a line it cannot read instead of leaving a file out', () => {
    assert.throws(() => parseDir(`${HEAD}${ASA}15 -rwx something odd\n100 bytes total (50 bytes free)\n`), /unreadable line/);
  });

  it('refuses totals that cannot be true', () => {
    assert.throws(() => parseDir(`${HEAD}100 bytes total (500 bytes free)\n`), ParseError);
  });

  it('refuses output without the "Directory of" header', () => {
    assert.throws(() => parseDir(`${ASA}100 bytes total (50 bytes free)\n`), ParseError);
  });
});
