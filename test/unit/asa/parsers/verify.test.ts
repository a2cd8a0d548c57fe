import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findCommandError, parseSignatureVerdict, parseVerify } from '../../../../src/asa/parsers';
import { ParseError } from '../../../../src/core/errors';

const MD5 = '0123456789abcdef0123456789abcdef';
const SHA512 = 'ab'.repeat(64);

describe('verify', () => {
  it('reads an md5 hash after many progress marks and Done!', () => {
    const text = `${'!'.repeat(500)}\n${'.'.repeat(300)}\nDone!\nverify /md5 (disk0:/asa9-20-2-smp-k8.bin) = ${MD5}\n`;
    assert.deepEqual(parseVerify(text), { algorithm: 'md5', file: 'disk0:/asa9-20-2-smp-k8.bin', hash: MD5 });
  });

  it('reads a sha-512 hash printed on the same line as the progress marks, in lower case', () => {
    const text = `!!!!!!!!Done!verify /sha-512 (disk0:/asdm-7201.bin) = ${SHA512.toUpperCase()}`;
    assert.deepEqual(parseVerify(text), { algorithm: 'sha-512', file: 'disk0:/asdm-7201.bin', hash: SHA512 });
  });

  it('reads a hash wrapped over several lines, for both algorithms, and the Verified line', () => {
    const wrapped = `Done!\nverify /SHA-512 (disk0:/asa9-20-2-smp-k8.bin) = \n${SHA512.slice(0, 64).toUpperCase()}\n${SHA512.slice(64)}\n`;
    assert.deepEqual(parseVerify(wrapped), { algorithm: 'sha-512', file: 'disk0:/asa9-20-2-smp-k8.bin', hash: SHA512 });
    const split = `verify /SHA-512 (disk0:/a.bin) = ${SHA512.slice(0, 50)}\r\n${SHA512.slice(50, 100)}\r\n${SHA512.slice(100)}\r\n`;
    assert.equal(parseVerify(split).hash, SHA512);
    assert.equal(parseVerify(`verify /MD5 (disk0:/a.bin) = \n${MD5.slice(0, 16)}\n${MD5.slice(16)}\n`).hash, MD5);
    assert.deepEqual(parseVerify(`!!!!\nVerified (disk0:/a.bin) = ${MD5}\n`), { algorithm: 'md5', file: 'disk0:/a.bin', hash: MD5 });
    assert.equal(parseVerify(`Verified (disk0:/a.bin) =\n${SHA512.slice(0, 64)}\n${SHA512.slice(64)}`).hash, SHA512);
    // A wrapped hash cut short is an error, not a shorter hash.
    assert.throws(() => parseVerify(`verify /SHA-512 (disk0:/a.bin) = \n${SHA512.slice(0, 64)}\n`), /64 hex digits instead of 128/);
  });

  it('refuses a hash of the wrong length for its algorithm', () => {
    assert.throws(() => parseVerify(`verify /md5 (disk0:/a.bin) = ${MD5.slice(0, 31)}\n`), /31 hex digits instead of 32/);
    assert.throws(() => parseVerify(`verify /sha-512 (disk0:/a.bin) = ${'a'.repeat(64)}\n`), /64 hex digits instead of 128/);
    assert.throws(() => parseVerify(`verify /md5 (disk0:/a.bin) = ${MD5}0\n`), ParseError);
  });

  it('refuses progress marks without a result', () => {
    assert.throws(() => parseVerify('!!!!!!!!!!!!!!!!!!!!!!!!\n.....'), /no "verify \/ALGORITHM \(FILE\) = HASH" line/);
  });

  it('refuses a result that is not hexadecimal', () => {
    assert.throws(() => parseVerify(`verify /md5 (disk0:/a.bin) = ${MD5.slice(0, 30)}zz\n`), ParseError);
  });

  it('leaves a missing file to the device error check', () => {
    const text = '%Error verifying disk0:/asa9-99-1-smp-k8.bin (No such file or directory)\n';
    assert.equal(findCommandError(text), '%Error verifying disk0:/asa9-99-1-smp-k8.bin (No such file or directory)');
    assert.throws(() => parseVerify(text), ParseError);
  });
});

describe('the unit\'s own signature verdict (plain verify of a signed image)', () => {
  it('reads validated, not valid, and no verdict', () => {
    const ok = readFileSync(join(__dirname, '..', '..', '..', 'fixtures', 'asa-variants', 'verify.sha512.spa-signature.raw'), 'utf8');
    assert.equal(parseSignatureVerdict(ok), 'valid');
    assert.equal(parseSignatureVerdict('Done!\n%ERROR: Signature not valid for file disk0:/cisco-asa-fp2k.9.20.2.SPA\nverify /SHA-512 (disk0:/x) = ab'), 'invalid');
    assert.equal(parseSignatureVerdict('Done!\nverify /SHA-512 (disk0:/asa9-20-2-smp-k8.bin) = ab'), 'unsigned');
  });
});
