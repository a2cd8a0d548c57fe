import assert from 'node:assert/strict';
import { PairReportRecorder } from '../../../src/core/report/collect';
import { Redactor } from '../../../src/core/redact';

describe('report collection', () => {
  const plan = { fromVersion: '9.18(4)22', toVersion: '9.20(2)', asaImage: { kind: 'url', url: 'http://u:pw1234@h/asa9-20-2-smp-k8.bin', file: 'asa9-20-2-smp-k8.bin' }, downloadOnly: false, steps: [] } as const;

  it('reads the hashes the units printed, wrapped over lines or not, and masks secrets in every command and answer', () => {
    const redactor = new Redactor();
    redactor.add('s3cret-enable');
    const r = new PairReportRecorder({ name: 'fw1', active: '10.0.0.1:22' }, redactor);
    r.onEvent({ type: 'plan', at: 0, plan: plan as never });
    const sha = 'ab'.repeat(64);
    r.onCommand({ address: 'active', via: 'self', command: 'verify /sha-512 disk0:/asa9-20-2-smp-k8.bin', output: `!!!!\nDone!\nverify /SHA-512 (disk0:/asa9-20-2-smp-k8.bin) = ${sha.slice(0, 70)}\n${sha.slice(70)}\n`, startedAt: 1, durationMs: 5 });
    r.onCommand({ address: 'active', via: 'mate', command: 'enable s3cret-enable', output: 'copy http://u:pw1234@h/x', startedAt: 2, durationMs: 1 });
    const report = r.finish(undefined, { outcome: 'failed', message: 'x' });
    assert.equal(report.images[0].sha512, sha);
    assert.equal(report.images[0].source, 'http://u:*****@h/asa9-20-2-smp-k8.bin');
    assert.ok(!JSON.stringify(report).includes('s3cret-enable') && !JSON.stringify(report).includes('pw1234'));
  });
});
