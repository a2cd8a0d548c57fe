import assert from 'node:assert/strict';
import { asaDialect, flashPath } from '../../../src/asa/commands';
import { InvalidInputError } from '../../../src/core/errors';

describe('the exact commands sent to an ASA', () => {
  it('reads state with show failover, show version, dir disk0: and the two boot configuration commands', () => {
    assert.equal(asaDialect.showFailover(), 'show failover');
    assert.equal(asaDialect.showFailoverState(), 'show failover state');
    assert.equal(asaDialect.showVersion(), 'show version');
    assert.equal(asaDialect.listFlash(), 'dir disk0:');
    assert.equal(asaDialect.showBootSystem(), 'show running-config boot system');
    assert.equal(asaDialect.showAsdmImage(), 'show running-config asdm image');
    assert.equal(asaDialect.showBootvar(), 'show bootvar');
  });

  it('puts files on disk0:', () => {
    assert.equal(flashPath('asa9-20-2-smp-k8.bin'), 'disk0:/asa9-20-2-smp-k8.bin');
  });

  it('copies without confirmation prompts, to a file name or a full flash path', () => {
    assert.equal(
      asaDialect.copy('http://192.0.2.10/images/asa9-20-2-smp-k8.bin', 'asa9-20-2-smp-k8.bin'),
      'copy /noconfirm http://192.0.2.10/images/asa9-20-2-smp-k8.bin disk0:/asa9-20-2-smp-k8.bin',
    );
    assert.equal(
      asaDialect.copy('tftp://192.0.2.10/asdm-7201.bin', 'disk0:/asdm-7201.bin'),
      'copy /noconfirm tftp://192.0.2.10/asdm-7201.bin disk0:/asdm-7201.bin',
    );
  });

  it('verifies with /md5 and /sha-512', () => {
    assert.equal(asaDialect.verify('asa9-20-2-smp-k8.bin', 'md5'), 'verify /md5 disk0:/asa9-20-2-smp-k8.bin');
    assert.equal(asaDialect.verify('disk0:/asa9-20-2-smp-k8.bin', 'sha-512'), 'verify /sha-512 disk0:/asa9-20-2-smp-k8.bin');
  });

  it('sets the new image first, keeps the old one as the fallback, then the ASDM image', () => {
    assert.deepEqual(asaDialect.setBootImages(['disk0:/asa9-20-2-smp-k8.bin', 'disk0:/asa9-18-4-22-smp-k8.bin'], 'disk0:/asdm-7201.bin'), [
      'configure terminal',
      'clear configure boot system',
      'boot system disk0:/asa9-20-2-smp-k8.bin',
      'boot system disk0:/asa9-18-4-22-smp-k8.bin',
      'asdm image disk0:/asdm-7201.bin',
      'end',
    ]);
  });

  it('leaves the ASDM image alone when none is given, and accepts bare file names', () => {
    assert.deepEqual(asaDialect.setBootImages(['asa9-20-2-smp-k8.bin', 'asa9-18-4-22-smp-k8.bin'], undefined), [
      'configure terminal',
      'clear configure boot system',
      'boot system disk0:/asa9-20-2-smp-k8.bin',
      'boot system disk0:/asa9-18-4-22-smp-k8.bin',
      'end',
    ]);
  });

  it('refuses to clear the boot configuration without an image to boot, or with more than the ASA keeps', () => {
    assert.throws(() => asaDialect.setBootImages([], undefined), InvalidInputError);
    assert.throws(() => asaDialect.setBootImages(['a.bin', 'b.bin', 'c.bin', 'd.bin', 'e.bin'], undefined), InvalidInputError);
  });

  it('saves, reloads and switches over with the exact commands', () => {
    assert.equal(asaDialect.writeMemory(), 'write memory');
    assert.equal(asaDialect.reloadStandby(), 'failover reload-standby');
    assert.equal(asaDialect.reload(), 'reload noconfirm');
    assert.equal(asaDialect.failoverActive(), 'failover active');
    assert.equal(asaDialect.noFailoverActive(), 'no failover active');
  });

  it('runs a command on the mate through failover exec mate', () => {
    assert.equal(asaDialect.onMate('show version'), 'failover exec mate show version');
    assert.equal(asaDialect.onMate(asaDialect.copy('http://h/a.bin', 'a.bin')), 'failover exec mate copy /noconfirm http://h/a.bin disk0:/a.bin');
  });

  it('refuses any argument that could start another command or open the help', () => {
    for (const bad of ['a.bin\nreload noconfirm', 'a.bin\rwrite erase', 'a b.bin', 'a.bin?', '', 'a\u0000.bin', 'a\u001b.bin', 'a\t.bin']) {
      assert.throws(() => asaDialect.copy(bad === '' ? '' : `http://192.0.2.10/${bad}`, 'a.bin'), InvalidInputError, JSON.stringify(bad));
      assert.throws(() => asaDialect.copy('http://192.0.2.10/a.bin', bad), InvalidInputError, JSON.stringify(bad));
      assert.throws(() => asaDialect.verify(bad, 'md5'), InvalidInputError, JSON.stringify(bad));
      assert.throws(() => asaDialect.setBootImages([bad], undefined), InvalidInputError, JSON.stringify(bad));
      assert.throws(() => asaDialect.setBootImages(['a.bin'], bad), InvalidInputError, JSON.stringify(bad));
    }
    assert.throws(() => asaDialect.onMate('show version\nreload noconfirm'), InvalidInputError);
  });

  it('says why an argument was refused without repeating it, since it may hold a password', () => {
    assert.throws(
      () => asaDialect.copy('ftp://user:S3 cr3t@192.0.2.10/a.bin', 'a.bin'),
      (e: unknown) => e instanceof InvalidInputError && !e.message.includes('cr3t') && /image location .* holds a space/.test(e.message),
    );
    assert.throws(() => asaDialect.verify('a.bin\nreload', 'md5'), /line break, which would start another command/);
    assert.throws(() => asaDialect.verify('a?.bin', 'md5'), /makes the ASA print help/);
  });
});
