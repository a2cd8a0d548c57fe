import assert from 'node:assert/strict';
import { KNOWN_FAILOVER_STATES, parseShowFailover } from '../../../../src/asa/parsers';
import { ParseError, UnsupportedSetupError } from '../../../../src/core/errors';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const recorded = (name: string): string => readFileSync(join(__dirname, '..', '..', '..', 'fixtures', 'asa-outputs', name), 'utf8');

function showFailover(opts: { thisHost: string; otherHost: string; indent?: string; trailing?: string; version?: string }): string {
  const i = opts.indent ?? '';
  const t = opts.trailing ?? '';
  return [
    `Failover On${t}`,
    'Failover unit Primary',
    'Failover LAN Interface: folink GigabitEthernet0/7 (up)',
    opts.version ?? 'Version: Ours 9.18(4)22, Mate 9.18(4)22',
    'Last Failover at: 10:02:11 UTC Nov 24 2026',
    `${i}This host: ${opts.thisHost}${t}`,
    `${i}${i}Active time: 10 (sec)`,
    ' ',
    `${i}Other host: ${opts.otherHost}${t}`,
    `${i}${i}Active time: 0 (sec)`,
    '',
  ].join('\n');
}

describe('show failover', () => {
  for (const state of KNOWN_FAILOVER_STATES) {
    it(`reads the mate state "${state}" in flush-left and indented layouts, with trailing spaces`, () => {
      for (const indent of ['', '        ', '\t']) {
        for (const trailing of ['', ' ', '   ']) {
          const status = parseShowFailover(showFailover({ thisHost: 'Primary - Active', otherHost: `Secondary - ${state}`, indent, trailing }));
          assert.deepEqual(status.otherHost, { role: 'secondary', state });
          assert.deepEqual(status.thisHost, { role: 'primary', state: 'Active' });
        }
      }
    });
  }

  it('reads a secondary that is active and a primary on another version during an upgrade', () => {
    const status = parseShowFailover(
      showFailover({ thisHost: 'Secondary - Active', otherHost: 'Primary - Standby Ready', version: 'Version: Ours 9.20(2), Mate 9.18(4)22' }),
    );
    assert.deepEqual(status.thisHost, { role: 'secondary', state: 'Active' });
    assert.deepEqual(status.otherHost, { role: 'primary', state: 'Standby Ready' });
    assert.equal(status.ourVersion, '9.20(2)');
    assert.equal(status.mateVersion, '9.18(4)22');
  });

  it('keeps a state it does not know exactly as the device printed it', () => {
    const status = parseShowFailover(showFailover({ thisHost: 'Primary - Active', otherHost: 'Secondary - Standby Learning' }));
    assert.deepEqual(status.otherHost, { role: 'secondary', state: 'Standby Learning' });
  });

  it('reads states printed in another letter case with their usual spelling', () => {
    const status = parseShowFailover(showFailover({ thisHost: 'PRIMARY - ACTIVE', otherHost: 'secondary - standby ready' }));
    assert.deepEqual(status.thisHost, { role: 'primary', state: 'Active' });
    assert.deepEqual(status.otherHost, { role: 'secondary', state: 'Standby Ready' });
  });

  it('reads Failover Off without inventing hosts', () => {
    const status = parseShowFailover('Failover Off \nFailover unit Primary\nFailover LAN Interface: not Configured\n');
    assert.deepEqual(status, { enabled: false, configuredRole: 'primary' });
  });

  it('refuses failover on without both host lines', () => {
    const full = showFailover({ thisHost: 'Primary - Active', otherHost: 'Secondary - Standby Ready' });
    assert.throws(() => parseShowFailover(full.slice(0, full.indexOf('This host'))), /no "This host: ROLE - STATE" line/);
    assert.throws(() => parseShowFailover(full.slice(0, full.indexOf('Other host'))), /no "Other host: ROLE - STATE" line/);
  });

  it('refuses a last line cut where a longer state could have continued', () => {
    const cut = 'Failover On\nFailover unit Primary\nThis host: Primary - Standby Ready\nOther host: Secondary - Active';
    assert.throws(() => parseShowFailover(cut), /cut short/);
    const complete = `${cut}\n`;
    assert.equal(parseShowFailover(complete).otherHost?.state, 'Active');
  });

  it('refuses Active/Active output plainly (an unsupported set-up, not a parse error)', () => {
    const text = 'Failover On\nFailover unit Primary\nThis host:    Primary\n  Group 1       State:          Active\nOther host:   Secondary\n  Group 1       State:          Standby Ready\n';
    assert.throws(() => parseShowFailover(text), (e: unknown) => e instanceof UnsupportedSetupError && /Active\/Active failover.*Active\/Standby pairs only/.test(e.message));
  });

  it('reads both serial numbers (9.6 and later print them)', () => {
    const fo = parseShowFailover(recorded('show_failover.primary-active.asa5585.raw'));
    assert.equal(fo.ourSerial, 'JAF1610APKQ');
    assert.equal(fo.mateSerial, 'JAF1610ALGM');
    assert.equal(parseShowFailover(recorded('show_failover.primary-active.asa5512-ips.raw')).mateSerial, undefined, 'older releases print none');
  });

  it('refuses a role other than primary or secondary', () => {
    assert.throws(() => parseShowFailover(showFailover({ thisHost: 'Tertiary - Active', otherHost: 'Secondary - Standby Ready' })), ParseError);
  });

  it('tells what it could not read and shows the start of the output', () => {
    assert.throws(() => parseShowFailover('Type help or ? for a list of available commands.\n'), (e: unknown) => {
      assert.ok(e instanceof ParseError);
      assert.equal(e.what, 'show failover');
      assert.match(e.message, /no "Failover On" or "Failover Off" line/);
      assert.match(e.excerpt, /^Type help/);
      return true;
    });
  });
});
