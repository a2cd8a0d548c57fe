import assert from 'node:assert/strict';
import { imageFamilyOf, platformOf } from '../../../../src/core/compat';

describe('compatibility: platforms and image families', () => {
  const platforms: Array<[string, string, string[]]> = [
    ['ASA5505', 'ASA 5505', ['k8']],
    ['ASA5510', 'ASA 5510/5520/5540', ['k8']],
    ['ASA5550', 'ASA 5550', ['k8']],
    ['ASA5580', 'ASA 5580', ['k8', 'smp']],
    ['ASA5512', 'ASA 5512-X/5515-X', ['smp']],
    ['ASA5515', 'ASA 5512-X/5515-X', ['smp']],
    ['ASA5525', 'ASA 5525-X/5545-X/5555-X', ['smp']],
    ['ASA5545', 'ASA 5525-X/5545-X/5555-X', ['smp']],
    ['ASA5555', 'ASA 5525-X/5545-X/5555-X', ['smp']],
    ['ASA5585-SSP-20', 'ASA 5585-X', ['smp', 'k8']],
    ['ASA5506', 'ASA 5506-X', ['lfbff']],
    ['ASA5506W', 'ASA 5506-X', ['lfbff']],
    ['ASA5508', 'ASA 5508-X/5516-X', ['lfbff']],
    ['ASA5516', 'ASA 5508-X/5516-X', ['lfbff']],
    ['ISA-3000-2C2F', 'ISA 3000', ['lfbff']],
    ['ASAv', 'ASAv', ['smp']],
    ['ASAv10', 'ASAv', ['smp']],
    ['FPR-1120', 'Firepower 1000', ['fp1k']],
    ['FPR-2130', 'Firepower 2100', ['fp2k']],
    ['FPR-3110', 'Secure Firewall 3100', ['fp3k']],
    ['FPR-4110', 'Firepower 4100/9300', []],
  ];
  for (const [model, name, families] of platforms) {
    it(`recognises ${model} from show version as the ${name}, booting ${families.join('/') || 'no image through boot system'}`, () => {
      const p = platformOf(model);
      assert.equal(p?.name, name);
      assert.deepEqual([...p!.families], families);
    });
  }

  it('knows no platform for an unknown or missing model', () => {
    assert.equal(platformOf('PIX-515E'), undefined);
    assert.equal(platformOf(undefined), undefined);
  });

  const images: Array<[string, string]> = [
    ['asa9-16-3-19-lfbff-k8.SPA', 'lfbff'],
    ['asa992-32-lfbff-k8.SPA', 'lfbff'],
    ['asa9-20-2-smp-k8.bin', 'smp'],
    ['asa952-204-smp-k8.bin', 'smp'],
    ['asa917-smp-k8.bin', 'smp'],
    ['asa924-k8.bin', 'k8'],
    ['asa847-k8.bin', 'k8'],
    ['cisco-asa-fp1k.9.20.2.SPA', 'fp1k'],
    ['cisco-asa-fp2k.9.18.4.SPA', 'fp2k'],
    ['cisco-asa-fp3k.9.20.2.SPA', 'fp3k'],
  ];
  for (const [file, family] of images) {
    it(`recognises ${file} as ${family}`, () => assert.equal(imageFamilyOf(file)?.family, family));
  }

  it('knows no family for names of no known form', () => {
    assert.equal(imageFamilyOf('asa9-20-2-mp-k8.bin'), undefined);
    assert.equal(imageFamilyOf('asa9-20-2-smp-k8.SPA'), undefined);
  });
});
