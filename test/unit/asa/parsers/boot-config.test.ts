import assert from 'node:assert/strict';
import { parseBootConfig, parseBootvar } from '../../../../src/asa/parsers';
import { ParseError } from '../../../../src/core/errors';

describe('boot configuration', () => {
  it('reads boot images in order and the ASDM image from the two show running-config commands', () => {
    const text = 'boot system disk0:/asa9-20-2-smp-k8.bin\r\nboot system disk0:/asa9-18-4-22-smp-k8.bin \r\n \r\nasdm image disk0:/asdm-7201.bin\r\n';
    assert.deepEqual(parseBootConfig(text), {
      bootImages: ['disk0:/asa9-20-2-smp-k8.bin', 'disk0:/asa9-18-4-22-smp-k8.bin'],
      asdmImage: 'disk0:/asdm-7201.bin',
    });
  });

  it('reads a configuration with no boot system and no ASDM image as empty', () => {
    assert.deepEqual(parseBootConfig(''), { bootImages: [] });
    assert.deepEqual(parseBootConfig('\n \n'), { bootImages: [] });
  });

  it('tolerates echoed commands and other boot and asdm settings', () => {
    const text = 'show running-config boot system\nboot system disk0:/a.bin\nboot config disk0:/startup.cfg\nshow running-config asdm image\nasdm image disk0:/asdm-7201.bin\nasdm history enable\n';
    assert.deepEqual(parseBootConfig(text), { bootImages: ['disk0:/a.bin'], asdmImage: 'disk0:/asdm-7201.bin' });
  });

  it('accepts a last line without a line break only when it ends like an image file', () => {
    assert.deepEqual(parseBootConfig('boot system disk0:/asa9-20-2-smp-k8.bin\nasdm image disk0:/asdm-7201.bin'), {
      bootImages: ['disk0:/asa9-20-2-smp-k8.bin'],
      asdmImage: 'disk0:/asdm-7201.bin',
    });
    assert.throws(() => parseBootConfig('boot system disk0:/asa9-20-2-smp-k8.bin\nasdm image disk0:/asdm-72'), /cut short/);
  });

  it('refuses lines that are not boot configuration', () => {
    assert.throws(() => parseBootConfig('boot system disk0:/a.bin\nhostname asa1\n'), ParseError);
    assert.throws(() => parseBootConfig('boot system\n'), ParseError);
  });

  it('refuses two ASDM images', () => {
    assert.throws(() => parseBootConfig('asdm image disk0:/a.bin\nasdm image disk0:/b.bin\n'), /more than one ASDM image/);
  });
});

describe('show bootvar', () => {
  it('reads the current BOOT variable, which the next boot uses', () => {
    const text = 'BOOT variable = disk0:/old.bin\nCurrent BOOT variable = disk0:/new.bin;disk0:/old.bin;\nCONFIG_FILE variable = \nCurrent CONFIG_FILE variable = \n';
    assert.deepEqual(parseBootvar(text), { bootImages: ['disk0:/new.bin', 'disk0:/old.bin'] });
  });

  it('uses the BOOT variable when no current one is printed and the output is whole', () => {
    assert.deepEqual(parseBootvar('BOOT variable = disk0:/a.bin;disk0:/b.bin\nCONFIG_FILE variable =\n'), { bootImages: ['disk0:/a.bin', 'disk0:/b.bin'] });
  });

  it('refuses output cut before the current BOOT variable', () => {
    assert.throws(() => parseBootvar('BOOT variable = disk0:/old.bin\n'), /Current BOOT variable/);
    assert.throws(() => parseBootvar('BOOT variable = disk0:/old.bin\nCurrent BOOT variable = disk0:/new.bin'), /cut short/);
  });

  it('refuses output that is not show bootvar', () => {
    assert.throws(() => parseBootvar('boot system disk0:/a.bin\n'), ParseError);
  });
});
