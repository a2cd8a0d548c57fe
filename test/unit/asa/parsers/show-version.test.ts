import assert from 'node:assert/strict';
import { parseShowVersion, parseUptime } from '../../../../src/asa/parsers';
import { ParseError } from '../../../../src/core/errors';

function showVersion(lines: { first?: string; up?: string; hardware?: string[] } = {}): string {
  return [
    lines.first ?? 'Cisco Adaptive Security Appliance Software Version 9.18(4)22',
    'Device Manager Version 7.18(1)152',
    '',
    'Compiled on Thu 12-Oct-23 09:41 GMT by builders',
    'System image file is "disk0:/asa9-18-4-22-smp-k8.bin"',
    'Config file at boot was "startup-config"',
    '',
    lines.up ?? 'asa-lab up 41 days 19 hours',
    '',
    ...(lines.hardware ?? ['Hardware:   ASA5516, 8192 MB RAM, CPU Atom C2000 series 2416 MHz, 1 CPU (8 cores)', 'Internal ATA Compact Flash, 8192MB']),
    '',
    'Serial Number: JAD20250ABC',
    '',
  ].join('\n');
}

describe('show version', () => {
  const uptimes: [string, number][] = [
    ['41 days 19 hours', 41 * 86400 + 19 * 3600],
    ['2 mins 5 secs', 125],
    ['5 secs', 5],
    ['1 min 1 sec', 61],
    ['1 year 97 days', 462 * 86400],
    ['3 years 2 days', (3 * 365 + 2) * 86400],
    ['1 day 1 hour', 90000],
    ['7 hours 59 mins', 7 * 3600 + 59 * 60],
  ];
  for (const [text, seconds] of uptimes) {
    it(`turns the uptime "up ${text}" into ${seconds} seconds`, () => {
      assert.equal(parseUptime(text), seconds);
      const info = parseShowVersion(showVersion({ up: `asa-lab up ${text}` }));
      assert.equal(info.uptimeSeconds, seconds);
      assert.equal(info.uptimeText, text);
    });
  }

  it('keeps an uptime it cannot convert as text only, without a number', () => {
    const info = parseShowVersion(showVersion({ up: 'asa-lab up 3 fortnights' }));
    assert.equal(info.uptimeText, '3 fortnights');
    assert.equal(info.uptimeSeconds, undefined);
  });

  it('reads the version with a trailing space or a trailing <context>', () => {
    assert.equal(parseShowVersion(showVersion({ first: 'Cisco Adaptive Security Appliance Software Version 9.18(4)22 ' })).version, '9.18(4)22');
    assert.equal(parseShowVersion(showVersion({ first: 'Cisco Adaptive Security Appliance Software Version 9.20(2) <context>' })).version, '9.20(2)');
    assert.equal(parseShowVersion(showVersion({ first: 'Cisco Adaptive Security Appliance Software Version 9.12(2.151) <system>' })).version, '9.12(2.151)');
  });

  it('takes the hostname from the unit line, not from the failover cluster line', () => {
    const info = parseShowVersion(showVersion({ up: 'fw1 up 2 mins 5 secs\nfailover cluster up 41 days 19 hours' }));
    assert.equal(info.hostname, 'fw1');
    assert.equal(info.uptimeSeconds, 125);
  });

  it('prefers Model Id over the Hardware line for the model', () => {
    assert.equal(parseShowVersion(showVersion()).model, 'ASA5516');
    const asav = parseShowVersion(showVersion({ hardware: ['Hardware:   ASAv, 2048 MB RAM, CPU Pentium II 1800 MHz,', 'Model Id:   ASAv10', 'Internal ATA Compact Flash, 8192MB'] }));
    assert.equal(asav.model, 'ASAv10');
  });

  it('reads the ASDM version, system image and serial number', () => {
    const info = parseShowVersion(showVersion());
    assert.equal(info.asdmVersion, '7.18(1)152');
    assert.equal(info.systemImage, 'disk0:/asa9-18-4-22-smp-k8.bin');
    assert.equal(info.serial, 'JAD20250ABC');
  });

  it('refuses show version without the version line', () => {
    const text = showVersion().split('\n').slice(1).join('\n');
    assert.throws(() => parseShowVersion(text), /no "Cisco Adaptive Security Appliance Software Version" line/);
  });

  it('refuses a version that is not an ASA version rather than passing it on', () => {
    assert.throws(() => parseShowVersion(showVersion({ first: 'Cisco Adaptive Security Appliance Software Version 9.x' })), /not an ASA version/);
  });

  it('refuses output cut before the uptime line, where the ASDM line could still have been missing', () => {
    const text = 'Cisco Adaptive Security Appliance Software Version 9.18(4)22\n\n';
    assert.throws(() => parseShowVersion(text), (e: unknown) => e instanceof ParseError && /uptime/.test(e.message));
  });

  it('refuses a version line that may have been cut', () => {
    assert.throws(() => parseShowVersion('Cisco Adaptive Security Appliance Software Version 9.18(4)2'), ParseError);
  });
});
