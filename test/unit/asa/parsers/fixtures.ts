// Every recorded output (test/fixtures/asa-outputs) and hand-written variant (test/fixtures/asa-variants)
// with the parser that reads it and exactly what it must read. A fixture file without an entry here fails
// the suite, so a newly added recording cannot go untested.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  findCommandError,
  parseBootConfig,
  parseBootvar,
  parseCopy,
  parseDir,
  parseShowFailover,
  parseShowFailoverState,
  parseShowVersion,
  parseVerify,
} from '../../../../src/asa/parsers';

export const RECORDED_DIR = join(__dirname, '..', '..', '..', 'fixtures', 'asa-outputs');
export const VARIANTS_DIR = join(__dirname, '..', '..', '..', 'fixtures', 'asa-variants');

export interface FixtureCase {
  parse: (text: string) => unknown;
  /** The parser's exact answer, or the error it must throw. */
  expected: unknown;
  throws?: { name: string; message: RegExp };
}

export function fixtureFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.raw')).sort();
}

export function readFixture(dir: string, file: string): string {
  return readFileSync(join(dir, file), 'utf8');
}

/** Console messages, prompts and `write memory` answers from real units must never read as a device error. */
const noDeviceError = (text: string): string | undefined => findCommandError(text);

const MD5 = '35af4015818e7d8088a236013c1f2d47';
const SHA512 =
  'b21537f6b47513ac14ad91d38a540f25350496c394bd11dd1b80418a1ba77d1a7e64a9a01902a1e08f43cc4edca307f9c52f52ccfbbcf40cf1aece91395ab0ba';
const SPA_SHA512 =
  'bd3b0bfd94de2161a19b6a03d83f6db1dace3e1c428d86b5a33daa9f4180c534a2e2512babc15129d6a126a3d03f703bd43e34adfebb406e3131d1b2c93c18d9';

export const RECORDED: Record<string, FixtureCase> = {
  'dir.disk0.asa5506-9.5.raw': {
    parse: parseDir,
    expected: {
      fileSystem: 'disk0:',
      totalBytes: 7859437568,
      freeBytes: 4417200128,
      files: [
        { name: 'asa951-lfbff-k8.spa', size: 74369568, isDirectory: false },
        { name: 'asdm-751.bin', size: 25025404, isDirectory: false },
        { name: '.boot_string', size: 89, isDirectory: false },
        { name: 'log', size: 4096, isDirectory: true },
        { name: 'crypto_archive', size: 4096, isDirectory: true },
        { name: 'coredumpinfo', size: 4096, isDirectory: true },
        { name: 'LOCAL-CA-SERVER', size: 4096, isDirectory: true },
        { name: 'FSCK0000.REC', size: 4096, isDirectory: false },
        { name: 'FSCK0001.REC', size: 28672, isDirectory: false },
        { name: 'FSCK0002.REC', size: 4096, isDirectory: false },
        { name: 'FSCK0003.REC', size: 28672, isDirectory: false },
        { name: 'FSCK0004.REC', size: 4096, isDirectory: false },
        { name: 'anyconnect-win-4.2.01035-k9.pkg', size: 19183882, isDirectory: false },
        { name: 'anyconnect-macosx-i386-4.2.01035-k9.pkg', size: 17469933, isDirectory: false },
        { name: 'asa952-2-lfbff-k8.SPA', size: 82330784, isDirectory: false },
        { name: 'scp_f1', size: 4102, isDirectory: false },
        { name: 'scp_f2', size: 4102, isDirectory: false },
        { name: 'general.xml', size: 2595, isDirectory: false },
      ],
    },
  },
  'show_failover.off.raw': {
    parse: parseShowFailover,
    expected: { enabled: false, configuredRole: 'secondary' },
  },
  'show_failover.primary-active.asa5512-ips.raw': {
    parse: parseShowFailover,
    expected: {
      enabled: true,
      configuredRole: 'primary',
      ourVersion: '8.6(1)2',
      mateVersion: '8.6(1)2',
      lastFailover: '19:14:57 UTC Oct 17 2018',
      thisHost: { role: 'primary', state: 'Active' },
      otherHost: { role: 'secondary', state: 'Standby Ready' },
    },
  },
  'show_failover.primary-active.asa5585.raw': {
    parse: parseShowFailover,
    expected: {
      enabled: true,
      configuredRole: 'primary',
      ourVersion: '98.1(1)86',
      mateVersion: '98.1(1)86',
      ourSerial: 'JAF1610APKQ',
      mateSerial: 'JAF1610ALGM',
      lastFailover: '12:52:34 UTC Apr 26 2017',
      thisHost: { role: 'primary', state: 'Active' },
      otherHost: { role: 'secondary', state: 'Standby Ready' },
    },
  },
  'show_version.asav-9.5.raw': {
    parse: parseShowVersion,
    expected: {
      version: '9.5(2)204',
      asdmVersion: '7.5(2)',
      systemImage: 'boot:/asa952-204-smp-k8.bin',
      hostname: 'asa1',
      uptimeText: '41 days 19 hours',
      uptimeSeconds: 41 * 86400 + 19 * 3600,
      model: 'ASAv10',
      serial: '9AT1L9EX0DF',
    },
  },
  'show_version.isa3000-9.16-lfbff.raw': {
    parse: parseShowVersion,
    expected: {
      version: '9.16(3)19',
      asdmVersion: '7.18(1)152',
      systemImage: 'disk0:/asa9-16-3-19-lfbff-k8.SPA',
      hostname: 'asa1',
      uptimeText: '1 year 97 days',
      uptimeSeconds: 365 * 86400 + 97 * 86400,
      model: 'ISA-3000-2C2F',
      serial: '9AT1L9EX0DF',
    },
  },
  'console.failover-reload-standby.on-standby.asav-9.6.raw': { parse: noDeviceError, expected: undefined },
  'console.mate-version-warning.on-active.asa5525-9.2.raw': { parse: noDeviceError, expected: undefined },
  'console.mate-version-warning.on-active.asav-9.6.raw': { parse: noDeviceError, expected: undefined },
  'copy.tftp.asdm.ok.asa5525-9.2.raw': { parse: parseCopy, expected: { bytes: 25627616, seconds: 57.57 } },
  'copy.tftp.failover-exec-mate.asa5525-9.2.raw': { parse: parseCopy, expected: { bytes: 82593792, seconds: 192.57 } },
  'copy.tftp.ok.asa5525-9.2.raw': { parse: parseCopy, expected: { bytes: 82593792, seconds: 211.3 } },
  'dir.disk0.asa5516-9.9-percent-free.raw': {
    parse: parseDir,
    expected: {
      fileSystem: 'disk0:',
      files: [
        { name: 'asa982-lfbff-k8.SPA', size: 108563072, isDirectory: false },
        { name: 'asdm-782.bin', size: 26970456, isDirectory: false },
        { name: '.boot_string', size: 63, isDirectory: false },
        { name: 'log', size: 4096, isDirectory: true },
        { name: 'crypto_archive', size: 4096, isDirectory: true },
        { name: 'coredumpinfo', size: 4096, isDirectory: true },
        { name: 'asa992-32-lfbff-k8.SPA', size: 111505136, isDirectory: false },
        { name: 'asdm-791-151.bin', size: 29197128, isDirectory: false },
        { name: 'snmp', size: 4096, isDirectory: true },
        { name: 'testfile.spa', size: 18124800, isDirectory: false },
      ],
      totalBytes: 7365472256,
      freeBytes: 3847725056,
    },
  },
  'dir.disk0.asav-9.6.cut-before-total.raw': {
    parse: parseDir,
    expected: undefined,
    throws: { name: 'ParseError', message: /no "N bytes total \(M bytes free\)" line/ },
  },
  'show_bootvar.asav-9.6-hd0.after-write-memory.raw': {
    parse: parseBootvar,
    expected: {
      bootImages: ['disk0:/asa964-45-smp-k8.bin'],
    },
  },
  'show_bootvar.asav-9.6-hd0.raw': { parse: parseBootvar, expected: { bootImages: ['disk0:/asa964-36-smp-k8.bin'] } },
  'show_failover.mate-failed.asav-9.12.raw': {
    parse: parseShowFailover,
    expected: {
      ourSerial: '9A5GDAFMPL1',
      enabled: true,
      configuredRole: 'primary',
      ourVersion: '9.12(2)',
      lastFailover: '11:24:17 UTC Apr 17 2021',
      thisHost: { role: 'primary', state: 'Active' },
      otherHost: { role: 'secondary', state: 'Failed' },
    },
  },
  'show_failover.mate-failed.ftdv-9.18.tabs.raw': {
    parse: parseShowFailover,
    expected: {
      enabled: true,
      configuredRole: 'primary',
      ourVersion: '9.18(4)47',
      mateVersion: '9.18(4)47',
      lastFailover: '14:15:10 UTC Feb 14 2025',
      thisHost: { role: 'primary', state: 'Active' },
      otherHost: { role: 'secondary', state: 'Failed' },
    },
  },
  'show_failover.off.asav-9.12.raw': {
    parse: parseShowFailover,
    expected: {
      enabled: false,
      configuredRole: 'secondary',
    },
  },
  'show_failover.primary-active.asa5505-7.2.raw': {
    parse: parseShowFailover,
    expected: {
      enabled: true,
      configuredRole: 'primary',
      ourVersion: '7.2(0)55',
      mateVersion: '7.2(0)55',
      lastFailover: '19:59:58 PST Apr 6 2006',
      thisHost: { role: 'primary', state: 'Active' },
      otherHost: { role: 'secondary', state: 'Standby Ready' },
    },
  },
  'show_failover.primary-active.asa5585-9.12.raw': {
    parse: parseShowFailover,
    expected: {
      ourSerial: 'JAD123456Q7',
      mateSerial: 'JAD123456EW',
      enabled: true,
      configuredRole: 'primary',
      ourVersion: '9.12(4)37',
      mateVersion: '9.12(4)37',
      lastFailover: '19:05:55 GMT/BST Jan 26 2022',
      thisHost: { role: 'primary', state: 'Active' },
      otherHost: { role: 'secondary', state: 'Standby Ready' },
    },
  },
  'show_failover.primary-active.mate-newer.asa5525-9.2.raw': {
    parse: parseShowFailover,
    expected: {
      enabled: true,
      configuredRole: 'primary',
      ourVersion: '9.2(2)4',
      mateVersion: '9.5(2)',
      lastFailover: '03:14:15 EDT Apr 22 2016',
      thisHost: { role: 'primary', state: 'Active' },
      otherHost: { role: 'secondary', state: 'Standby Ready' },
    },
  },
  'show_failover.primary-active.mate-newer.asav-9.6.raw': {
    parse: parseShowFailover,
    expected: {
      ourSerial: '9AD21GCRV4D',
      mateSerial: '9A3BGKSQT5B',
      enabled: true,
      configuredRole: 'primary',
      ourVersion: '9.6(4)36',
      mateVersion: '9.6(4)45',
      lastFailover: '15:56:01 UTC Aug 23 2021',
      thisHost: { role: 'primary', state: 'Active' },
      otherHost: { role: 'secondary', state: 'Standby Ready' },
    },
  },
  'show_failover.secondary-active.asa5516-9.6.raw': {
    parse: parseShowFailover,
    expected: {
      ourSerial: 'JAD201603CM',
      mateSerial: 'JAD193905FV',
      enabled: true,
      configuredRole: 'secondary',
      ourVersion: '9.6(4)5',
      mateVersion: '9.6(4)5',
      lastFailover: '15:04:07 MET Feb 21 2019',
      thisHost: { role: 'secondary', state: 'Active' },
      otherHost: { role: 'primary', state: 'Standby Ready' },
    },
  },
  'show_failover.secondary-active.asa5525-9.5.raw': {
    parse: parseShowFailover,
    expected: {
      enabled: true,
      configuredRole: 'secondary',
      ourVersion: '9.5(2)',
      mateVersion: '9.5(2)',
      lastFailover: '10:34:53 EDT Apr 29 2016',
      thisHost: { role: 'secondary', state: 'Active' },
      otherHost: { role: 'primary', state: 'Standby Ready' },
    },
  },
  'show_failover_state.mate-comm-failure.ftdv-9.18.raw': {
    parse: parseShowFailoverState,
    expected: {
      thisHost: { role: 'primary', state: 'Active' },
      otherHost: { role: 'secondary', state: 'Standby Ready' },
    },
  },
  'show_running-config_boot_system.new-first-old-fallback.asa5525-9.2.raw': {
    parse: parseBootConfig,
    expected: {
      bootImages: ['disk0:/asa952-smp-k8.bin', 'disk0:/asa922-4-smp-k8.bin'],
    },
  },
  'show_running-config_boot_system.one-entry.asa5525-9.2.raw': {
    parse: parseBootConfig,
    expected: {
      bootImages: ['disk0:/asa922-4-smp-k8.bin'],
    },
  },
  'show_version.asa5516-9.9-failover.raw': {
    parse: parseShowVersion,
    expected: {
      version: '9.9(2)32',
      hostname: 'ASA2',
      uptimeText: '55 days 9 hours',
      uptimeSeconds: 4784400,
      asdmVersion: '7.9(1)151',
      systemImage: 'disk0:/asa992-32-lfbff-k8.SPA',
      serial: 'JAD222605K8',
      model: 'ASA5516',
    },
  },
  'show_version.asa5516-9.9-leading-blank.raw': {
    parse: parseShowVersion,
    expected: {
      version: '9.9(2)32',
      hostname: 'asa1',
      uptimeText: '51 days 9 hours',
      uptimeSeconds: 4438800,
      asdmVersion: '7.9(1)151',
      systemImage: 'disk0:/asa992-32-lfbff-k8.SPA',
      serial: 'JAD222605K8',
      model: 'ASA5516',
    },
  },
  'show_version.asa5555-9.14.raw': {
    parse: parseShowVersion,
    expected: {
      version: '9.14(2)14',
      hostname: 'fw09',
      uptimeText: '16 days 14 hours',
      uptimeSeconds: 1432800,
      asdmVersion: '7.16(1)150',
      systemImage: 'disk0:/asa9-14-2-14-smp-k8.bin',
      serial: 'A0000000000',
      model: 'ASA5555',
    },
  },
  'show_version.asav-9.6-hd0.cut.raw': {
    parse: parseShowVersion,
    expected: undefined,
    throws: { name: 'ParseError', message: /no "HOST up \.\.\." uptime line/ },
  },
  'show_version.asav10-9.8.raw': {
    parse: parseShowVersion,
    expected: {
      version: '9.8(4)10',
      hostname: 'NETLAB-ASA-01',
      uptimeText: '3 days 22 hours',
      uptimeSeconds: 338400,
      asdmVersion: '7.8(2)',
      systemImage: 'boot:/asa984-10-smp-k8.bin',
      serial: '9A5BHB00D2D',
      model: 'ASAv10',
    },
  },
  'show_version.fpr2130-9.8.first-page.raw': {
    parse: parseShowVersion,
    expected: {
      version: '9.8(3)235',
      hostname: 'FP2130-LK1-FP2130',
      uptimeText: '10 hours 51 mins',
      uptimeSeconds: 39060,
      asdmVersion: '7.9(2)152',
      systemImage: 'disk0:/mnt/boot/installables/switch/fxos-k8-fp2k-npu.2.2.2.100.SPA',
      model: 'FPR-2130',
    },
  },
  'transcript.copy-tftp-prompts.asav-9.6.raw': { parse: noDeviceError, expected: undefined },
  'transcript.failover-reload-standby.replication-after-prompt.asa5525-9.5.raw': { parse: noDeviceError, expected: undefined },
  'transcript.no-failover-active.asav-9.6.raw': { parse: noDeviceError, expected: undefined },
  'transcript.reload-confirm.asav-9.6.raw': { parse: noDeviceError, expected: undefined },
  'write_memory.asa5525-9.2.raw': { parse: noDeviceError, expected: undefined },
  'write_memory.asav-9.6.raw': { parse: noDeviceError, expected: undefined },
};

export const VARIANTS: Record<string, FixtureCase> = {
  'show_failover.active-active.raw': {
    parse: parseShowFailover,
    expected: undefined,
    throws: { name: 'UnsupportedSetupError', message: /Active\/Active failover/ },
  },
  'show_version.system-context-9.18.raw': {
    parse: parseShowVersion,
    expected: {
      version: '9.18(4)22',
      asdmVersion: '7.18(1)152',
      systemImage: 'disk0:/asa9-18-4-22-smp-k8.bin',
      hostname: 'asa-ctx',
      uptimeText: '12 days 3 hours',
      uptimeSeconds: 12 * 86400 + 3 * 3600,
      model: 'ASA5545',
      serial: 'FCH1234V0XY',
      securityContext: 'system',
    },
  },
  'boot_config.new-first-old-fallback.raw': {
    parse: parseBootConfig,
    expected: { bootImages: ['disk0:/asa9-20-2-smp-k8.bin', 'disk0:/asa9-18-4-22-smp-k8.bin'], asdmImage: 'disk0:/asdm-7201.bin' },
  },
  'boot_config.no-asdm.raw': {
    parse: parseBootConfig,
    expected: { bootImages: ['disk0:/asa9-18-4-22-smp-k8.bin'] },
  },
  'copy.error.no-space.ftp-credentials.raw': {
    parse: parseCopy,
    expected: undefined,
    throws: { name: 'CopyFailedError', message: /%Error writing disk0:\/asa9-20-2-smp-k8\.bin \(No space left on device\).*Free space/ },
  },
  'copy.error.no-such-file.raw': {
    parse: parseCopy,
    expected: undefined,
    throws: { name: 'CopyFailedError', message: /%Error opening http:\/\/192\.0\.2\.10\/images\/asa9-20-3-smp-k8\.bin \(No such file or directory\)/ },
  },
  'copy.error.reading.raw': {
    parse: parseCopy,
    expected: undefined,
    throws: { name: 'CopyFailedError', message: /%Error reading scp:\/\/upgrader@192\.0\.2\.10\/images\/asa9-20-2-smp-k8\.bin \(I\/O error\)/ },
  },
  'copy.error.tftp-timeout.raw': {
    parse: parseCopy,
    expected: undefined,
    throws: { name: 'CopyFailedError', message: /\(Timed out\).*reachable/ },
  },
  'copy.http.ok.raw': { parse: parseCopy, expected: { bytes: 189413632, seconds: 451.12 } },
  'copy.tftp.spa-signature.raw': { parse: parseCopy, expected: { bytes: 412876800, seconds: 982 } },
  'dir.disk0.fpr-percent-free.raw': {
    parse: parseDir,
    expected: {
      fileSystem: 'disk0:',
      totalBytes: 8571076608,
      freeBytes: 4457014272,
      files: [
        { name: 'lost+found', size: 16384, isDirectory: true },
        { name: 'log', size: 4096, isDirectory: true },
        { name: 'coredumpinfo', size: 4096, isDirectory: true },
        { name: 'asa9-20-2-smp-k8.bin', size: 189413632, isDirectory: false },
        { name: 'asa9-18-4-22-smp-k8.bin', size: 112541184, isDirectory: false },
        { name: 'asdm-7201.bin', size: 29741056, isDirectory: false },
        { name: 'asdm-7181-152.bin', size: 27813564, isDirectory: false },
        { name: 'startup config backup.cfg', size: 1563, isDirectory: false },
      ],
    },
  },
  'show_bootvar.changed-since-boot.raw': {
    parse: parseBootvar,
    expected: { bootImages: ['disk0:/asa9-20-2-smp-k8.bin', 'disk0:/asa9-18-4-22-smp-k8.bin'] },
  },
  'show_bootvar.empty.raw': { parse: parseBootvar, expected: { bootImages: [] } },
  'show_failover.mate-not-detected.raw': {
    parse: parseShowFailover,
    expected: {
      enabled: true,
      configuredRole: 'primary',
      ourVersion: '9.18(4)22',
      lastFailover: '08:00:00 UTC Nov 20 2026',
      thisHost: { role: 'primary', state: 'Active' },
      otherHost: { role: 'secondary', state: 'Not Detected' },
    },
  },
  'show_failover.primary-active.cold-standby.indented.crlf.raw': {
    parse: parseShowFailover,
    expected: {
      enabled: true,
      configuredRole: 'primary',
      ourVersion: '9.18(4)22',
      mateVersion: '9.18(4)22',
      lastFailover: '19:14:57 UTC Oct 17 2026',
      thisHost: { role: 'primary', state: 'Active' },
      otherHost: { role: 'secondary', state: 'Cold Standby' },
    },
  },
  'show_failover.secondary-active.mixed-versions.raw': {
    parse: parseShowFailover,
    expected: {
      enabled: true,
      configuredRole: 'secondary',
      ourVersion: '9.20(2)',
      mateVersion: '9.18(4)22',
      ourSerial: 'JAD2222BBBB',
      mateSerial: 'JAD1111AAAA',
      lastFailover: '10:02:11 UTC Nov 24 2026',
      thisHost: { role: 'secondary', state: 'Active' },
      otherHost: { role: 'primary', state: 'Standby Ready' },
    },
  },
  'show_failover.standby-sync-file-system.no-final-newline.raw': {
    parse: parseShowFailover,
    expected: {
      enabled: true,
      configuredRole: 'secondary',
      ourVersion: '9.20(2)',
      mateVersion: '9.20(2)',
      lastFailover: '10:02:11 UTC Nov 24 2026',
      thisHost: { role: 'secondary', state: 'Sync File System' },
      otherHost: { role: 'primary', state: 'Active' },
    },
  },
  'show_failover_state.primary-active.raw': {
    parse: parseShowFailoverState,
    expected: { thisHost: { role: 'primary', state: 'Active' }, otherHost: { role: 'secondary', state: 'Standby Ready' } },
  },
  'show_failover_state.secondary-negotiation.raw': {
    parse: parseShowFailoverState,
    expected: { thisHost: { role: 'secondary', state: 'Negotiation' }, otherHost: { role: 'primary', state: 'Not Detected' } },
  },
  'show_failover_state.standby-bulk-sync.raw': {
    parse: parseShowFailoverState,
    expected: { thisHost: { role: 'secondary', state: 'Bulk Sync' }, otherHost: { role: 'primary', state: 'Active' } },
  },
  'show_version.asa5516-9.18-interim.raw': {
    parse: parseShowVersion,
    expected: {
      version: '9.18(4)22',
      asdmVersion: '7.18(1)152',
      systemImage: 'disk0:/asa9-18-4-22-smp-k8.bin',
      hostname: 'fw-edge',
      uptimeText: '2 mins 5 secs',
      uptimeSeconds: 125,
      model: 'ASA5516',
      serial: 'JAD20250ABC',
    },
  },
  'show_version.asa5525-no-asdm.crlf.raw': {
    parse: parseShowVersion,
    expected: {
      version: '9.12(4)56',
      systemImage: 'disk0:/asa9-12-4-56-smp-k8.bin',
      hostname: 'asa5525',
      uptimeText: '1 day 1 hour',
      uptimeSeconds: 90000,
      model: 'ASA5525',
      serial: 'FCH1234V0XY',
    },
  },
  'show_version.context-9.20.raw': {
    parse: parseShowVersion,
    expected: {
      version: '9.20(2)',
      asdmVersion: '7.20(1)',
      systemImage: 'disk0:/installables/switch/fxos-k8-fp2k-npu.2.14.1.131.SPA',
      hostname: 'ctx-a',
      uptimeText: '3 hours 20 mins',
      uptimeSeconds: 12000,
      securityContext: 'context',
    },
  },
  'verify.md5.cut-hash.raw': {
    parse: parseVerify,
    expected: undefined,
    throws: { name: 'ParseError', message: /md5 hash has 20 hex digits instead of 32/ },
  },
  'verify.md5.progress.raw': { parse: parseVerify, expected: { algorithm: 'md5', file: 'disk0:/asa9-20-2-smp-k8.bin', hash: MD5 } },
  'verify.sha512.progress-same-line.raw': {
    parse: parseVerify,
    expected: { algorithm: 'sha-512', file: 'disk0:/asa9-20-2-smp-k8.bin', hash: SHA512 },
  },
  'verify.sha512.spa-signature.raw': {
    parse: parseVerify,
    expected: { algorithm: 'sha-512', file: 'disk0:/cisco-asa-fp2k.9.20.2.SPA', hash: SPA_SHA512 },
  },
};
