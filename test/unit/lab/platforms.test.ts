// The lab's platforms: each is a model real units are, running and offering images of its own family and
// releases it runs, so the upgrade a lab suggests on it is one the compatibility rules accept.

import { strict as assert } from 'node:assert';
import { parseShowVersion } from '../../../src/asa/parsers';
import { checkCompatibility } from '../../../src/core/compat';
import { execute } from '../../../src/lab/commands';
import { imageFromName } from '../../../src/lab/images';
import { DEFAULT_PLATFORM, LAB_PLATFORMS, labPlatform, PLATFORMS } from '../../../src/lab/platforms';
import { buildLabModel, seededSerials, type LabModel } from '../../../src/lab/setup';

const FAMILY_FILE: Record<string, RegExp> = {
  smp: /^asa\d[\d-]*-smp-k8\.bin$/,
  lfbff: /^asa\d[\d-]*-lfbff-k8\.SPA$/,
  fp2k: /^cisco-asa-fp2k\.\d+(\.\d+)+\.SPA$/,
};

const trainOf = (version: string): number[] => /^(\d+)\.(\d+)/.exec(version)!.slice(1).map(Number);
const compareTrains = (a: number[], b: number[]): number => a[0] - b[0] || a[1] - b[1];

async function showVersion(m: LabModel): Promise<ReturnType<typeof parseShowVersion>> {
  const unit = m.pair.units.primary;
  const text = await execute({ pair: m.pair, settings: m.settings, unit, via: 'self', address: 'active', mode: 'priv', promptLength: 0, stream: () => {} }, 'show version');
  return parseShowVersion(text!);
}

describe('lab platforms', () => {
  const models: LabModel[] = [];
  const model = (name: string): LabModel => {
    const m = buildLabModel({ platform: name, password: 'p', enablePassword: 'e' });
    models.push(m);
    return m;
  };
  afterEach(() => {
    for (const m of models.splice(0)) m.pair.stop();
  });

  it('the default is an ASAv that keeps today\'s images: asa9-18-4-22-smp-k8.bin -> asa9-20-2-smp-k8.bin, asdm-7201.bin', () => {
    assert.equal(DEFAULT_PLATFORM.name, 'asav');
    assert.deepEqual(DEFAULT_PLATFORM.from, { asa: 'asa9-18-4-22-smp-k8.bin', asdm: 'asdm-7181-152.bin' });
    assert.deepEqual(DEFAULT_PLATFORM.to, { asa: 'asa9-20-2-smp-k8.bin', asdm: 'asdm-7201.bin' });
  });

  it('lists every platform for other tests, with its model, family and images', () => {
    assert.deepEqual(
      LAB_PLATFORMS.map((p) => [p.name, p.model, p.family]),
      [
        ['asav', 'ASAv', 'smp'],
        ['asa5516', 'ASA5516', 'lfbff'],
        ['asa5525', 'ASA5525', 'smp'],
        ['asa5555', 'ASA5555', 'smp'],
        ['asa5585', 'ASA5585-SSP-10', 'smp'],
        ['fpr2100', 'FPR-2130', 'fp2k'],
      ],
    );
  });

  for (const p of LAB_PLATFORMS) {
    it(`${p.title}: runs and offers ${p.family} images of releases the model runs (${p.from.asa} -> ${p.to.asa})`, async () => {
      for (const file of [p.from.asa, p.to.asa]) assert.match(file, FAMILY_FILE[p.family], file);
      const from = imageFromName(p.from.asa)!.version;
      const to = imageFromName(p.to.asa)!.version;
      assert.ok(compareTrains(trainOf(from), trainOf(to)) <= 0 && from !== to, `${from} -> ${to} is an upgrade`);
      if (p.lastRelease) assert.ok(compareTrains(trainOf(to), trainOf(p.lastRelease)) <= 0, `${to} is within the last train ${p.lastRelease}`);
      for (const asdm of [p.from.asdm, p.to.asdm]) assert.equal(imageFromName(asdm)?.kind, 'asdm', asdm);

      const m = model(p.name);
      const version = await showVersion(m);
      assert.equal(version.version, from);
      const checks = checkCompatibility({ models: [version.model, version.model], running: from, runningAsdm: version.asdmVersion, asaFile: p.to.asa, asdmFile: p.to.asdm });
      assert.deepEqual(checks.filter((c) => c.verdict === 'refuse').map((c) => `${c.title}: ${c.reason}`), [], p.name);
      assert.equal(checks.find((c) => c.id === 'platform')?.verdict, 'pass', `the compatibility data knows ${version.model}`);
    });
  }

  it('the system image path is the one the real platform prints', async () => {
    assert.equal((await showVersion(model('asav'))).systemImage, '(hd0,1)/asa9-18-4-22-smp-k8.bin');
    assert.equal((await showVersion(model('asa5516'))).systemImage, 'disk0:/asa9-12-4-lfbff-k8.SPA');
    assert.match((await showVersion(model('fpr2100'))).systemImage!, /^disk0:\/mnt\/boot\/installables\/switch\/fxos-k8-fp2k-npu\.2\.12\.1\.\d+\.SPA$/);
  });

  it('serials are drawn in the platform\'s format, the same for the same seed and different for another', () => {
    for (const p of PLATFORMS) {
      const a = seededSerials(p, 'one');
      assert.deepEqual(seededSerials(p, 'one'), a);
      assert.notEqual(a.primary, a.secondary);
      assert.notDeepEqual(seededSerials(p, 'two'), a);
      const format = p.name === 'asav' ? /^9A[0-9A-Z]{9}$/ : /^[A-Z]{3}\d{4}[0-9A-Z]{4}$/;
      assert.match(a.primary, format, p.name);
      assert.match(a.secondary, format, p.name);
    }
  });

  it('an unknown name is refused with the list of platforms', () => {
    assert.throws(() => labPlatform('asa5545'), /Unknown lab platform "asa5545": choose one of asav, asa5516, asa5525, asa5555, asa5585, fpr2100\./);
    assert.equal(labPlatform(' ASA5516 ').name, 'asa5516');
  });
});
