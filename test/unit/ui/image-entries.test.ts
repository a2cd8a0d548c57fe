import assert from 'node:assert/strict';
import { imageEntries, judgeAsaImage, judgeAsdmImage, NOT_OFFERED, refusalDetail, type ImageCandidate, type ImageEntry } from '../../../src/ui/pickers/image-entries';
import { pair } from '../core/support/fixtures';

function candidate(fileName: string, version: string): ImageCandidate<string> {
  return { fileName, version, where: `http://10.0.0.5/${fileName}`, icon: 'cloud-download', value: fileName };
}

describe('image picker entries (compatibility)', () => {
  // The ASA 5516-X pair of the issue: lfbff images only, 9.16 its last train, running 9.14(4).
  const status = pair({ model: 'ASA5516', version: '9.14(4)', asdmVersion: '7.14(1)' }, { model: 'ASA5516', version: '9.14(4)', asdmVersion: '7.14(1)' });
  const candidates = [
    candidate('asa9-14-4-lfbff-k8.SPA', '9.14(4)'),
    candidate('asa9-16-3-19-lfbff-k8.SPA', '9.16(3)19'),
    candidate('asa9-18-4-lfbff-k8.SPA', '9.18(4)'),
    candidate('asa9-16-4-smp-k8.bin', '9.16(4)'),
    candidate('asa9-12-4-lfbff-k8.SPA', '9.12(4)'),
    candidate('asa9-15-1-lfbff-k8.SPA', '9.15(1)'),
  ];
  const entries = imageEntries(candidates, (c) => judgeAsaImage(status, c.fileName), (v) => v, 'Compatible');

  it('offers first the newest image that passes, never the running one', () => {
    const first = entries.find((e): e is ImageEntry<string> => !('separator' in e));
    assert.equal(first?.value, 'asa9-16-3-19-lfbff-k8.SPA');
    const offered = entries.slice(0, entries.findIndex((e) => 'separator' in e && e.separator === NOT_OFFERED));
    assert.deepEqual(
      offered.filter((e): e is ImageEntry<string> => !('separator' in e)).map((e) => e.value),
      ['asa9-16-3-19-lfbff-k8.SPA', 'asa9-15-1-lfbff-k8.SPA'],
    );
  });

  it('lists the others under a separator as disabled entries, each with its reason', () => {
    const at = entries.findIndex((e) => 'separator' in e && e.separator === NOT_OFFERED);
    assert.ok(at > 0, 'no "Not offered" separator');
    const disabled = entries.slice(at + 1) as Array<ImageEntry<string>>;
    const reasons = Object.fromEntries(disabled.map((e) => [e.value, e.description ?? '']));
    assert.match(reasons['asa9-18-4-lfbff-k8.SPA'], /beyond the ASA 5508-X\/5516-X's last release train 9\.16/);
    assert.match(reasons['asa9-16-4-smp-k8.bin'], /wrong image family: the ASA5516 boots lfbff \.SPA images/);
    assert.match(reasons['asa9-14-4-lfbff-k8.SPA'], /same as running 9\.14\(4\)/);
    assert.match(reasons['asa9-12-4-lfbff-k8.SPA'], /older than running 9\.14\(4\)/);
    for (const e of disabled) {
      assert.match(e.label, /^\$\(circle-slash\) /);
      assert.ok(e.refused?.length, `${e.value} is listed as disabled without refusals`);
    }
  });

  it('marks an image that needs an interim release first', () => {
    const old = pair({ model: 'ASA5585-SSP-20', version: '9.1(1)' }, { model: 'ASA5585-SSP-20', version: '9.1(1)' });
    const [separator, entry] = imageEntries([candidate('asa9-12-4-smp-k8.bin', '9.12(4)')], (c) => judgeAsaImage(old, c.fileName), (v) => v, 'Compatible') as Array<ImageEntry<string>>;
    assert.deepEqual(separator, { separator: NOT_OFFERED });
    assert.match(entry.description!, /needs interim release 9\.1\(2\) first/);
  });

  it('disables an ASDM image, or keeping the current one, below what the chosen ASA needs', () => {
    const asdm = imageEntries(
      [
        { ...candidate('', '7.14(1)'), label: 'Keep the current ASDM image', value: 'keep' },
        candidate('asdm-7163.bin', '7.16(3)'),
        candidate('asdm-7151.bin', '7.15(1)'),
      ],
      (c) => judgeAsdmImage(status, 'asa9-16-3-19-lfbff-k8.SPA', c.value === 'keep' ? undefined : c.fileName),
      (v) => v,
      'Compatible',
    );
    const disabled = asdm.slice(asdm.findIndex((e) => 'separator' in e && e.separator === NOT_OFFERED) + 1) as Array<ImageEntry<string>>;
    assert.deepEqual(disabled.map((e) => e.value).sort(), ['asdm-7151.bin', 'keep']);
    assert.match(disabled.find((e) => e.value === 'keep')!.description!, /older than ASDM 7\.16, the minimum for ASA 9\.16\(3\)19/);
  });

  it('words the refusal modal one reason a line with its fix, without backticks', () => {
    const refusals = judgeAsaImage(status, 'asa9-18-4-smp-k8.bin').filter((c) => c.verdict === 'refuse');
    const text = refusalDetail(refusals);
    assert.equal(text.split('\n').length, refusals.length);
    assert.ok(!text.includes('`'));
    assert.match(text, /^• Image family: .* Use an lfbff \.SPA image/m);
  });

  it('warns on an entry for an unknown platform instead of passing it silently', () => {
    const unknown = pair({ model: 'PIX-535' }, { model: 'PIX-535' });
    const [, e] = imageEntries([candidate('asa9-20-2-smp-k8.bin', '9.20(2)')], (c) => judgeAsaImage(unknown, c.fileName), (v) => v, 'Compatible') as Array<ImageEntry<string>>;
    assert.ok(e.warnings?.length);
    assert.match(e.detail!, /\$\(warning\) The model PIX-535 is not in the compatibility data/);
  });
});
