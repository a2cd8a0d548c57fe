import assert from 'node:assert/strict';
import { asaDialect } from '../../../src/asa/commands';
import { bootListWithFallback, runningImageOnFlash } from '../../../src/core/boot-fallback';
import { buildPlan } from '../../../src/core/plan';
import { formatPlan } from '../../../src/cli/format';
import { MB, NEW_ASA, NEW_ASDM, pair, unit } from './support/fixtures';

const NEW = { kind: 'url' as const, url: `http://10.0.0.5/${NEW_ASA}`, file: NEW_ASA };
// The fixtures run ASDM 7.18, older than the new ASA needs (src/core/compat): the plans take the new ASDM too.
const ASDM = `http://10.0.0.5/${NEW_ASDM}`;
const ASAV_IMAGE = 'asa964-36-smp-k8.bin';
const files = (...names: string[]) => names.map((name) => ({ name, size: 100 * MB, isDirectory: false }));

describe('the fallback boot system entry', () => {
  it('maps the ASAv system image (hd0,1)/FILE to disk0:/FILE when that file is on flash', () => {
    const asav = unit('primary', { systemImage: `(hd0,1)/${ASAV_IMAGE}`, bootImages: [], flashFiles: files(ASAV_IMAGE) });
    assert.equal(runningImageOnFlash(asav), `disk0:/${ASAV_IMAGE}`);
    assert.deepEqual(bootListWithFallback(asav, NEW), { images: [`disk0:/${NEW_ASA}`, `disk0:/${ASAV_IMAGE}`] });
  });

  it('never sends a path that is not a flash file, such as disk0:/(hd0,1)/FILE', () => {
    const asav = unit('primary', { systemImage: `(hd0,1)/${ASAV_IMAGE}`, bootImages: [], flashFiles: files(ASAV_IMAGE) });
    const plan = buildPlan(pair(asav), { asa: NEW.url, asdm: ASDM }, asaDialect, { hasStandbyAddress: true });
    const commands = plan.steps.find((s) => s.id === 'boot-config')!.commands;
    assert.ok(commands.includes(`boot system disk0:/${ASAV_IMAGE}`), commands.join('\n'));
    assert.ok(!commands.some((c) => c.includes('(hd0,1)')), commands.join('\n'));
  });

  it('does not map a running image that is not on flash (kept boot entries instead)', () => {
    const u = unit('primary', { systemImage: `(hd0,1)/${ASAV_IMAGE}`, bootImages: ['disk0:/asa9-16-4-smp-k8.bin'], flashFiles: files('asa9-16-4-smp-k8.bin') });
    const list = bootListWithFallback(u, NEW);
    assert.deepEqual(list.images, [`disk0:/${NEW_ASA}`, 'disk0:/asa9-16-4-smp-k8.bin']);
    assert.match(list.note!, /not a file on flash/);
    assert.match(list.note!, /current boot entries stay/);
  });

  it('keeps the existing boot entries for a Firepower package path and says so in the plan', () => {
    const fp = unit('primary', {
      systemImage: 'disk0:/mnt/boot/installables/switch/fxos-k8-fp2k-npu.2.3.1.73.SPA',
      bootImages: ['disk0:/cisco-asa-fp2k.9.18.4.SPA'],
      flashFiles: files('cisco-asa-fp2k.9.18.4.SPA', 'fxos-k8-fp2k-npu.2.3.1.73.SPA'),
    });
    assert.equal(runningImageOnFlash(fp), undefined, 'a file inside the package folders is not the root flash file of the same name');
    const plan = buildPlan(pair(fp, { ...fp, role: 'secondary', isActive: false, state: 'Standby Ready' }), { asa: NEW.url, asdm: ASDM }, asaDialect, { hasStandbyAddress: true });
    const step = plan.steps.find((s) => s.id === 'boot-config')!;
    assert.deepEqual(step.commands.filter((c) => c.startsWith('boot system')), [`boot system disk0:/${NEW_ASA}`, 'boot system disk0:/cisco-asa-fp2k.9.18.4.SPA']);
    assert.match(formatPlan(plan), /note: Fallback: the running image "disk0:\/mnt\/boot\/installables\/switch\/fxos-k8-fp2k-npu\.2\.3\.1\.73\.SPA" is not a file on flash that boot system can name, so the current boot entries stay after the new image \(disk0:\/cisco-asa-fp2k\.9\.18\.4\.SPA\)\./);
  });

  it('does not map boot:/FILE unless FILE is on flash', () => {
    assert.equal(runningImageOnFlash({ systemImage: 'boot:/asa9-18-4-22-smp-k8.bin', flashFiles: files('asa9-18-4-22-smp-k8.bin') }), 'disk0:/asa9-18-4-22-smp-k8.bin');
    assert.equal(runningImageOnFlash({ systemImage: 'boot:/cisco-asa-fp2k.9.18.4.SPA', flashFiles: files('other.bin') }), undefined);
  });

  it('keeps at most four entries and never repeats the new image', () => {
    const u = unit('primary', { systemImage: undefined, bootImages: [`disk0:/${NEW_ASA}`, 'disk0:/a.bin', 'flash:/b.bin', 'disk0:/c.bin', 'disk0:/d.bin'] });
    assert.deepEqual(bootListWithFallback(u, NEW).images, [`disk0:/${NEW_ASA}`, 'disk0:/a.bin', 'disk0:/b.bin', 'disk0:/c.bin']);
  });

  it('says when there is no fallback at all', () => {
    const u = unit('primary', { systemImage: undefined, bootImages: [] });
    const list = bootListWithFallback(u, NEW);
    assert.deepEqual(list.images, [`disk0:/${NEW_ASA}`]);
    assert.match(list.note!, /No fallback entry/);
  });
});
