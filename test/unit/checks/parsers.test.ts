// The check readers against outputs in the layout of real captures (test/fixtures/checks/README.md), and the
// lab's own outputs read by the same parsers.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configChecksum, parseConnCount, parseInterfaceIpBrief, parseRouteCount } from '../../../src/asa/parsers';
import { ParseError } from '../../../src/core/errors';

const fixture = (name: string): string => readFileSync(join(__dirname, '..', '..', 'fixtures', 'checks', name), 'utf8');

describe('pre/post check parsers', () => {
  it('show interface ip brief: every row, two-word status kept whole', () => {
    const rows = parseInterfaceIpBrief(fixture('show_interface_ip_brief.firepower.raw'));
    assert.equal(rows.length, 8);
    assert.deepEqual(rows[1], { name: 'GigabitEthernet1/1', ip: '192.0.2.10', status: 'up', protocol: 'up' });
    assert.deepEqual(rows[3], { name: 'GigabitEthernet1/3', ip: 'unassigned', status: 'administratively down', protocol: 'down' });
    assert.equal(rows[4].protocol, 'down', 'up/down is read as a link down');
  });

  it('show interface ip brief: a row it cannot read is an error, not a silently shorter list', () => {
    assert.throws(() => parseInterfaceIpBrief('Interface                  IP-Address      Method Status                Protocol\nGigabitEthernet0/0 ??? garbage\n'), ParseError);
    assert.throws(() => parseInterfaceIpBrief('ERROR: % Invalid input\n'), ParseError);
  });

  it('show route: counts routes, not continuation lines or the codes block', () => {
    assert.equal(parseRouteCount(fixture('show_route.multiline.raw')), 8);
  });

  it('show conn count: in use and most used', () => {
    assert.deepEqual(parseConnCount(fixture('show_conn_count.raw')), { inUse: 54, mostUsed: 123 });
    assert.throws(() => parseConnCount('54 in use'), ParseError);
  });

  it('running-config checksum ignores the lines an upgrade changes by itself, not the rest', () => {
    const config = (version: string, boot: string, extra = '') =>
      `: Saved\n:\n: Serial Number: X\n:\nASA Version ${version} \n!\nhostname fw\n${extra}boot system disk0:/${boot}\nasdm image disk0:/asdm-${version}.bin\nssh timeout 5\nCryptochecksum:abcdef\n: end\n`;
    const a = configChecksum(config('9.18(4)22', 'asa9-18-4-22-smp-k8.bin'));
    assert.equal(configChecksum(config('9.20(2)', 'asa9-20-2-smp-k8.bin')), a);
    assert.notEqual(configChecksum(config('9.20(2)', 'asa9-20-2-smp-k8.bin', 'access-list x permit ip any any\n')), a);
    assert.match(a, /^[0-9a-f]{64}$/);
  });
});
