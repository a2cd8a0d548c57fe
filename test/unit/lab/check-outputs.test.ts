// The lab's answers to the pre/post check commands, held against the layout of the real captures in
// test/fixtures/checks (see its README for their sources), and read by the same parsers.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConnCount, parseInterfaceIpBrief, parseRouteCount } from '../../../src/asa/parsers';
import { showConnCount, showInterfaceIpBrief, showRoute } from '../../../src/lab/outputs';
import { PairModel, LINK_LOST_AFTER_UPGRADE } from '../../../src/lab/pair';
import { UnitState } from '../../../src/lab/unit';

const fixture = (name: string): string => readFileSync(join(__dirname, '..', '..', 'fixtures', 'checks', name), 'utf8');

function pair(): PairModel {
  const p = new PairModel({ reloadSeconds: 1, failoverSeconds: 0.1 }, new UnitState('primary', 'FCH1P'), new UnitState('secondary', 'FCH1S'));
  p.stop();
  return p;
}

describe('lab outputs of the check commands against real layouts', () => {
  it('show interface ip brief: the capture\'s header and column starts, one row per interface', () => {
    const real = fixture('show_interface_ip_brief.firepower.raw').split('\n');
    const lab = showInterfaceIpBrief(pair().units.primary).split('\n');
    assert.equal(lab[0], real[0], 'same header');
    const row = lab.find((l) => l.startsWith('GigabitEthernet0/0'))!;
    const realRow = real.find((l) => l.startsWith('GigabitEthernet1/1'))!;
    // The rows' columns do not line up with the header's words on the device either: compare rows with rows.
    assert.equal(row.indexOf('192.0.2.1'), realRow.indexOf(realRow.split(/\s+/)[1]));
    assert.equal(row.indexOf('YES CONFIG'), realRow.indexOf('YES CONFIG'));
    assert.equal(row.indexOf(' up '), realRow.indexOf(' up '));
    assert.ok(parseInterfaceIpBrief(lab.join('\n')).every((i) => i.name.length > 0));
  });

  it('show interface ip brief and show route: the link lost after an upgrade is down, and its routes are gone', () => {
    const p = pair();
    const before = parseRouteCount(showRoute(p.units.primary));
    p.units.primary.downInterfaces.add(LINK_LOST_AFTER_UPGRADE);
    const row = parseInterfaceIpBrief(showInterfaceIpBrief(p.units.primary)).find((i) => i.name === LINK_LOST_AFTER_UPGRADE)!;
    assert.deepEqual([row.status, row.protocol], ['down', 'down']);
    assert.ok(parseRouteCount(showRoute(p.units.primary)) < before * 0.9);
  });

  it('show route: the capture\'s codes block and code column', () => {
    const real = fixture('show_route.multiline.raw').split('\n');
    const lab = showRoute(pair().units.primary).split('\n');
    assert.equal(lab[0], real[0], 'same first line of the codes block');
    const realStatic = real.find((l) => l.startsWith('S*'))!;
    const labStatic = lab.find((l) => l.startsWith('S*'))!;
    assert.equal(labStatic.indexOf('0.0.0.0'), realStatic.indexOf('0.0.0.0'), 'the network starts in the same column');
    assert.equal(parseRouteCount(lab.join('\n')), lab.filter((l) => /^[SCL]\*?\s+\d/.test(l)).length);
  });

  it('show conn count: the reference\'s one-line form', () => {
    const out = showConnCount(pair().units.primary, pair());
    assert.match(out, /^\d+ in use, \d+ most used\n$/);
    assert.ok(parseConnCount(out).inUse > 0);
  });
});
