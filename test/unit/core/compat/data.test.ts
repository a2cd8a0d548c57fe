import assert from 'node:assert/strict';
import * as data from '../../../../src/core/compat/data';
import { parseVersion } from '../../../../src/core/versions';

// Every table of the compatibility data, as arrays of entries.
const tables: Record<string, ReadonlyArray<{ source: string }>> = {
  IMAGE_FAMILIES: data.IMAGE_FAMILIES,
  PLATFORMS: data.PLATFORMS,
  UPGRADE_PATH: data.UPGRADE_PATH,
  ZERO_DOWNTIME_RULES: data.ZERO_DOWNTIME_RULES,
  ASDM_RULES: data.ASDM_RULES,
  NEWEST_KNOWN_TRAIN: [data.NEWEST_KNOWN_TRAIN],
  MIXED_VERSIONS_EVIDENCE: [data.MIXED_VERSIONS_EVIDENCE],
};

describe('compatibility data', () => {
  it('names a source for every entry of every table', () => {
    // A table added to data.ts must be listed here too: every exported array or record is checked.
    const exported = Object.entries(data).filter(([, v]) => typeof v === 'object' && v !== null);
    for (const [name] of exported) assert.ok(name in tables, `data.ts exports ${name}, which this test does not check for sources`);
    for (const [name, rows] of Object.entries(tables)) {
      assert.ok(rows.length > 0, `${name} is empty`);
      rows.forEach((row, i) => {
        assert.equal(typeof row.source, 'string', `${name}[${i}] has no source`);
        assert.ok(row.source.trim().length >= 10, `${name}[${i}] has no real source: "${row.source}"`);
      });
    }
  });

  it('names its sources and the date in the file header', async () => {
    const { readFileSync } = await import('node:fs');
    const header = readFileSync(require.resolve('../../../../src/core/compat/data.ts'), 'utf8').split('\n').slice(0, 20).join('\n');
    assert.match(header, /Sources \(read \d{4}-\d{2}-\d{2}\)/);
    assert.match(header, /compatibility matrix/i);
    assert.match(header, /upgrade guide/i);
  });

  it('holds only versions that parse, and path rows that cover ordered ranges', () => {
    for (const p of data.PLATFORMS) {
      if (p.firstRelease) assert.ok(parseVersion(p.firstRelease), `${p.name}: first release ${p.firstRelease}`);
      if (p.lastTrain) assert.match(p.lastTrain, /^\d+\.\d+$/);
    }
    for (const r of data.UPGRADE_PATH) {
      for (const v of [r.runningFrom, r.runningBefore, r.interim]) assert.ok(parseVersion(v), `${r.label}: ${v}`);
    }
  });
});
