// The fault matrix: every lab fault, injected at each phase of an upgrade where it can happen, each on a
// fresh lab pair over real SSH. Every scenario must end safe (the invariants hold, proven from the lab's
// history), with the expected outcome, a message that names the fault, and a snapshot that matches the lab.

import assert from 'node:assert/strict';
import type { UnitRole } from '../../../src/core/facts';
import type { UpgradeOutcomeKind } from '../../../src/core/model';
import { FAULT_KINDS, type FaultSpec, type LabEvent } from '../../../src/lab';
import { startFileServer, type FileServer } from '../../../src/lab/servers';
import { FAST_OPTIONS, NEW_ASA, NEW_ASDM, NEW_VERSION, OLD_VERSION, pool, runOnFreshLab, startImageServer, type ImageServer, type SafetyRunResult, type SafetyRunSpec, type TimedFault } from '../../support/chaos';
import { formatViolations } from '../../support/invariants';

interface Scenario {
  name: string;
  faults: TimedFault[];
  /**
   * The outcome. Two kinds only where the lab's timing decides: a drop-session fault cuts the session 50 ms
   * after an instant command has answered, so the engine either meets the closed session on its next command
   * (and stops, naming it) or has moved on to a fresh session (and recovers); both are safe.
   */
  expect: UpgradeOutcomeKind | UpgradeOutcomeKind[];
  /** Names the fault in the outcome's message. */
  message: RegExp;
  /** The engine must not have reloaded anything (faults before the reloads). */
  noReload?: boolean;
  /** Where the pair must be left: which unit is active and what each runs. */
  leftAt?: { active: UnitRole; primary: string; secondary: string };
  /** What the snapshot's next safe action must say for this stop. */
  advice?: RegExp;
  md5?: boolean;
  /** Copy the images over SCP (the lab's SCP server) instead of HTTP. */
  scp?: boolean;
  spec?: Partial<SafetyRunSpec>;
}

const pre = (spec: FaultSpec): TimedFault => ({ spec });
/** Injected when the lab's history first shows a matching event. */
const when = (spec: FaultSpec, label: string, match: (e: LabEvent) => boolean): TimedFault => ({ spec, when: match, label });
const atReloadOf = (unit: UnitRole) => (e: LabEvent) => e.kind === 'reload-start' && e.unit === unit;
const atBootOf = (unit: UnitRole) => (e: LabEvent) => e.kind === 'boot' && e.unit === unit;
const atFailoverTo = (unit: UnitRole) => (e: LabEvent) => e.kind === 'failover' && e.to === unit;
const atCopyEnd = (e: LabEvent) => e.kind === 'copy-end';

const NOT_UPGRADED = { active: 'primary' as const, primary: OLD_VERSION, secondary: OLD_VERSION };
const HALF_WAY = { active: 'primary' as const, primary: OLD_VERSION, secondary: NEW_VERSION };
const SECONDARY_ACTIVE_MIXED = { active: 'secondary' as const, primary: OLD_VERSION, secondary: NEW_VERSION };
const DONE = { active: 'primary' as const, primary: NEW_VERSION, secondary: NEW_VERSION };
const DROPPED = /SSH session to \S+ (is closed|closed while running)/;
const DROPPED_OR_RECOVERED = /SSH session to \S+ (is closed|closed while running)|Upgraded the pair/;

const SCENARIOS: Scenario[] = [
  { name: 'no fault: the baseline upgrade', faults: [], expect: 'upgraded', message: /Upgraded the pair from 9\.18\(4\)22 to 9\.20\(2\)/, leftAt: DONE },
  // ---- wrong credentials ----
  { name: 'wrong-credentials on both units from the start', faults: [pre({ kind: 'wrong-credentials' })], expect: 'failed', message: /authentication failed/, noReload: true },
  { name: 'wrong-credentials once (never retried: lock-out risk)', faults: [pre({ kind: 'wrong-credentials', times: 1 })], expect: 'failed', message: /authentication failed/, noReload: true, leftAt: NOT_UPGRADED },
  { name: 'wrong-credentials on the standby address only', faults: [pre({ kind: 'wrong-credentials', unit: 'secondary' })], expect: 'failed', message: /authentication failed/, noReload: true },
  {
    name: 'wrong-credentials on the secondary once it reloads',
    faults: [when({ kind: 'wrong-credentials', unit: 'secondary' }, 'at the secondary reload', atReloadOf('secondary'))],
    expect: 'failed',
    message: /authentication failed/,
  },
  {
    name: 'wrong-credentials on the primary after the switch-over to the secondary',
    faults: [when({ kind: 'wrong-credentials', unit: 'primary' }, 'at the switch-over', atFailoverTo('secondary'))],
    expect: 'failed',
    message: /authentication failed/,
  },
  // ---- slow answers ----
  { name: 'slow-answers on the primary (150 ms, 15 commands)', faults: [pre({ kind: 'slow-answers', unit: 'primary', delayMs: 150, times: 15 })], expect: 'upgraded', message: /Upgraded the pair/, leftAt: DONE },
  { name: 'slow-answers on the secondary (150 ms, 15 commands)', faults: [pre({ kind: 'slow-answers', unit: 'secondary', delayMs: 150, times: 15 })], expect: 'upgraded', message: /Upgraded the pair/, leftAt: DONE },
  { name: 'slow-answers on the copy to the secondary (1.5 s)', faults: [pre({ kind: 'slow-answers', unit: 'secondary', command: 'copy', delayMs: 1500 })], expect: 'upgraded', message: /Upgraded the pair/, leftAt: DONE },
  {
    name: 'slow-answers past the command timeout while the secondary reloads (recovers)',
    faults: [when({ kind: 'slow-answers', unit: 'primary', command: 'show failover', delayMs: 3500, times: 1 }, 'at the secondary reload', atReloadOf('secondary'))],
    expect: 'upgraded',
    message: /Upgraded the pair/,
    leftAt: DONE,
  },
  {
    // The answer comes after the command timeout but the reload starts within failoverTimeoutMs.
    name: 'slow-answers past the command timeout at failover reload-standby (waits, reloads once)',
    faults: [pre({ kind: 'slow-answers', unit: 'primary', command: 'failover reload-standby', delayMs: 2000, times: 1 })],
    expect: 'upgraded',
    message: /Upgraded the pair/,
    leftAt: DONE,
    spec: { options: { ...FAST_OPTIONS, commandTimeoutMs: 1200 }, connect: { commandMs: 1200 } },
  },
  {
    // Later than failoverTimeoutMs (the time a reload may take to start): the unanswered command may still be
    // carried out, so it must not be sent again; the unit reloads once, late, and the upgrade goes on.
    name: 'slow-answers past the reload-start time at failover reload-standby (not sent twice)',
    faults: [pre({ kind: 'slow-answers', unit: 'primary', command: 'failover reload-standby', delayMs: 4000, times: 1 })],
    expect: 'upgraded',
    message: /Upgraded the pair/,
    leftAt: DONE,
    spec: { options: { ...FAST_OPTIONS, reloadTimeoutMs: 8000 } },
  },
  {
    name: 'slow-answers past the command timeout at no failover active (waits, switches once)',
    faults: [pre({ kind: 'slow-answers', unit: 'primary', command: 'no failover active', delayMs: 3500, times: 1 })],
    expect: 'upgraded',
    message: /Upgraded the pair/,
    leftAt: DONE,
  },
  {
    name: 'slow-answers past the command timeout on the active unit, always, from the secondary reload (nothing readable)',
    faults: [when({ kind: 'slow-answers', unit: 'primary', delayMs: 4000 }, 'at the secondary reload', atReloadOf('secondary'))],
    expect: 'failed',
    message: /Timed out after .* waiting for the secondary|did not finish within/,
    advice: /Neither unit answered after the stop/,
  },
  // ---- dropped sessions ----
  { name: 'drop-session at copy on the primary', faults: [pre({ kind: 'drop-session', unit: 'primary', command: 'copy', times: 1 })], expect: 'failed', message: /closed while running "copy /, noReload: true, leftAt: NOT_UPGRADED },
  { name: 'drop-session at copy on the secondary', faults: [pre({ kind: 'drop-session', unit: 'secondary', command: 'copy', times: 1 })], expect: 'failed', message: /closed while running "copy /, noReload: true, leftAt: NOT_UPGRADED },
  { name: 'drop-session at verify on the primary', faults: [pre({ kind: 'drop-session', unit: 'primary', command: 'verify', times: 1 })], expect: ['failed', 'upgraded'], message: DROPPED_OR_RECOVERED },
  { name: 'drop-session at verify on the secondary', faults: [pre({ kind: 'drop-session', unit: 'secondary', command: 'verify', times: 1 })], expect: ['failed', 'upgraded'], message: DROPPED_OR_RECOVERED },
  { name: 'drop-session at write memory', faults: [pre({ kind: 'drop-session', unit: 'primary', command: 'write memory', times: 1 })], expect: ['failed', 'upgraded'], message: DROPPED_OR_RECOVERED },
  { name: 'drop-session at configure terminal', faults: [pre({ kind: 'drop-session', unit: 'primary', command: 'configure terminal', times: 1 })], expect: ['failed', 'upgraded'], message: DROPPED_OR_RECOVERED },
  {
    name: 'drop-session at the standby boot-configuration check (recovers)',
    faults: [pre({ kind: 'drop-session', unit: 'secondary', command: 'show running-config boot', times: 1 })],
    expect: 'upgraded',
    message: /Upgraded the pair/,
    leftAt: DONE,
  },
  { name: 'drop-session at failover reload-standby (secondary reload)', faults: [pre({ kind: 'drop-session', unit: 'primary', command: 'failover reload-standby', times: 1 })], expect: 'upgraded', message: /Upgraded the pair/, leftAt: DONE },
  { name: 'drop-session at failover reload-standby (primary reload)', faults: [pre({ kind: 'drop-session', unit: 'secondary', command: 'failover reload-standby', times: 1 })], expect: 'upgraded', message: /Upgraded the pair/, leftAt: DONE },
  { name: 'drop-session at no failover active (to the secondary)', faults: [pre({ kind: 'drop-session', unit: 'primary', command: 'no failover active', times: 1 })], expect: 'upgraded', message: /Upgraded the pair/, leftAt: DONE },
  { name: 'drop-session at no failover active (back to the primary)', faults: [pre({ kind: 'drop-session', unit: 'secondary', command: 'no failover active', times: 1 })], expect: 'upgraded', message: /Upgraded the pair/, leftAt: DONE },
  {
    name: 'drop-session at show failover before anything changed',
    faults: [pre({ kind: 'drop-session', unit: 'primary', command: 'show failover', times: 1 })],
    expect: ['failed', 'upgraded'],
    message: DROPPED_OR_RECOVERED,
  },
  {
    name: 'drop-session at show failover while the secondary reloads (recovers)',
    faults: [when({ kind: 'drop-session', unit: 'primary', command: 'show failover', times: 2 }, 'at the secondary reload', atReloadOf('secondary'))],
    expect: 'upgraded',
    message: /Upgraded the pair/,
    leftAt: DONE,
  },
  {
    name: 'drop-session at show failover during the switch-over to the secondary (recovers)',
    faults: [when({ kind: 'drop-session', unit: 'secondary', command: 'show failover', times: 2 }, 'at the switch-over', atFailoverTo('secondary'))],
    expect: 'upgraded',
    message: /Upgraded the pair/,
    leftAt: DONE,
  },
  {
    name: 'drop-session at show failover on the secondary as it boots (recovers)',
    faults: [when({ kind: 'drop-session', unit: 'secondary', command: 'show failover', times: 2 }, 'at the secondary boot', atBootOf('secondary'))],
    expect: 'upgraded',
    message: /Upgraded the pair/,
    leftAt: DONE,
  },
  {
    name: 'drop-session at show version while the primary reloads (recovers)',
    faults: [when({ kind: 'drop-session', unit: 'secondary', command: 'show version', times: 2 }, 'at the primary reload', atReloadOf('primary'))],
    expect: 'upgraded',
    message: /Upgraded the pair/,
    leftAt: DONE,
  },
  // ---- copy failures ----
  { name: 'copy-unreachable on the primary', faults: [pre({ kind: 'copy-unreachable', unit: 'primary' })], expect: 'failed', message: /\(Timeout\).*reachable/, noReload: true, leftAt: NOT_UPGRADED },
  { name: 'copy-unreachable on the secondary', faults: [pre({ kind: 'copy-unreachable', unit: 'secondary' })], expect: 'failed', message: /\(Timeout\).*reachable/, noReload: true, leftAt: NOT_UPGRADED },
  { name: 'copy-missing-file on the primary', faults: [pre({ kind: 'copy-missing-file', unit: 'primary' })], expect: 'failed', message: /No such file or directory/, noReload: true, leftAt: NOT_UPGRADED },
  { name: 'copy-missing-file on the secondary', faults: [pre({ kind: 'copy-missing-file', unit: 'secondary' })], expect: 'failed', message: /No such file or directory/, noReload: true, leftAt: NOT_UPGRADED },
  { name: 'flash-full on the primary', faults: [pre({ kind: 'flash-full', unit: 'primary' })], expect: 'failed', message: /No space left on device/, noReload: true, leftAt: NOT_UPGRADED },
  { name: 'flash-full on the secondary', faults: [pre({ kind: 'flash-full', unit: 'secondary' })], expect: 'failed', message: /No space left on device/, noReload: true, leftAt: NOT_UPGRADED },
  {
    name: 'flash-full on the ASDM copy, after the ASA image landed',
    faults: [when({ kind: 'flash-full', unit: 'secondary' }, 'after the first copy', atCopyEnd)],
    expect: 'failed',
    message: /No space left on device/,
    noReload: true,
    leftAt: NOT_UPGRADED,
  },
  { name: 'corrupt-transfer on the secondary, known MD5', faults: [pre({ kind: 'corrupt-transfer', unit: 'secondary', times: 1 })], md5: true, expect: 'failed', message: /does not match the known MD5/, noReload: true, leftAt: NOT_UPGRADED },
  { name: 'corrupt-transfer on the primary, known MD5', faults: [pre({ kind: 'corrupt-transfer', unit: 'primary', times: 1 })], md5: true, expect: 'failed', message: /does not match the known MD5/, noReload: true, leftAt: NOT_UPGRADED },
  { name: 'corrupt-transfer on the primary, no MD5 given (units compared)', faults: [pre({ kind: 'corrupt-transfer', unit: 'primary', times: 1 })], expect: 'failed', message: /different MD5 on each unit/, noReload: true, leftAt: NOT_UPGRADED },
  // ---- reloads ----
  { name: 'never-standby-ready on the secondary', faults: [pre({ kind: 'never-standby-ready', unit: 'secondary' })], advice: /Wait until it shows Standby Ready/, expect: 'failed', message: /Standby Ready/, leftAt: HALF_WAY },
  { name: 'never-standby-ready on the primary', faults: [pre({ kind: 'never-standby-ready', unit: 'primary' })], advice: /Wait until it shows Standby Ready/, expect: 'failed', message: /Standby Ready/, leftAt: { active: 'secondary', primary: NEW_VERSION, secondary: NEW_VERSION } },
  { name: 'boots-old-version on the secondary', faults: [pre({ kind: 'boots-old-version', unit: 'secondary' })], advice: /Both units still run 9\.18\(4\)22, with the primary active: a unit was reloaded but did not come back on 9\.20\(2\)/, expect: 'failed', message: /came back on 9\.18\(4\)22, not 9\.20\(2\)/, leftAt: NOT_UPGRADED },
  { name: 'boots-old-version on the primary', faults: [pre({ kind: 'boots-old-version', unit: 'primary' })], advice: /mixed versions: resume the upgrade/, expect: 'failed', message: /came back on 9\.18\(4\)22, not 9\.20\(2\)/, leftAt: SECONDARY_ACTIVE_MIXED },
  { name: 'host-key-changes after the secondary reload', faults: [pre({ kind: 'host-key-changes', unit: 'secondary' })], advice: /could not be read/, expect: 'failed', message: /host key .* has changed/i },
  { name: 'host-key-changes after the primary reload', faults: [pre({ kind: 'host-key-changes', unit: 'primary' })], advice: /could not be read/, expect: 'failed', message: /host key .* has changed/i },
  // ---- what real units do while they rejoin ----
  { name: 'firmware-double-boot on the secondary (two boots, one reload)', faults: [pre({ kind: 'firmware-double-boot', unit: 'secondary' })], expect: 'upgraded', message: /Upgraded the pair/, leftAt: DONE },
  { name: 'firmware-double-boot on both units', faults: [pre({ kind: 'firmware-double-boot' })], expect: 'upgraded', message: /Upgraded the pair/, leftAt: DONE },
  {
    name: 'sync-then-failed on the secondary',
    faults: [pre({ kind: 'sync-then-failed', unit: 'secondary', delayMs: 1500 })],
    advice: /The primary is still active .*the secondary runs 9\.20\(2\) and is Failed\..*failover reset mate/,
    expect: 'failed',
    message: /The secondary went from (Cold Standby|Sync Config) to Failed after .*CSCvz54471/,
    leftAt: HALF_WAY,
  },
  {
    name: 'sync-then-failed on the primary',
    faults: [pre({ kind: 'sync-then-failed', unit: 'primary', delayMs: 1500 })],
    advice: /The secondary is still active .*the primary runs 9\.20\(2\) and is Failed\..*failover reset mate/,
    expect: 'failed',
    message: /The primary went from (Cold Standby|Sync Config) to Failed after .*CSCvz54471/,
    leftAt: { active: 'secondary', primary: NEW_VERSION, secondary: NEW_VERSION },
  },
  // ---- switch-overs ----
  { name: 'refuse-failover at the switch-over to the secondary', faults: [pre({ kind: 'refuse-failover', unit: 'primary', times: 1 })], advice: /mixed versions: resume the upgrade/, expect: 'failed', message: /refused "no failover active".*Failover is not possible/, leftAt: HALF_WAY },
  {
    name: 'refuse-failover at the switch-over back to the primary',
    faults: [pre({ kind: 'refuse-failover', unit: 'secondary', times: 1 })],
    advice: /secondary is active\. Resume the upgrade/, expect: 'failed',
    message: /refused "no failover active".*Failover is not possible/,
    leftAt: { active: 'secondary', primary: NEW_VERSION, secondary: NEW_VERSION },
  },
  { name: 'refuse-failover on both units, always', faults: [pre({ kind: 'refuse-failover' })], advice: /mixed versions: resume the upgrade/, expect: 'failed', message: /Failover is not possible/, leftAt: HALF_WAY },
  // ---- no standby address: the secondary is reached through `failover exec mate` ----
  { name: 'no standby address, no fault', faults: [], expect: 'upgraded', message: /Upgraded the pair/, leftAt: DONE, spec: { connect: { standby: false } } },
  {
    name: 'no standby address: copy-unreachable on the secondary',
    faults: [pre({ kind: 'copy-unreachable', unit: 'secondary' })],
    expect: 'failed',
    message: /\(Timeout\).*reachable/,
    noReload: true,
    leftAt: NOT_UPGRADED,
    spec: { connect: { standby: false } },
  },
  {
    name: 'no standby address: drop-session at failover exec mate copy',
    faults: [pre({ kind: 'drop-session', unit: 'primary', command: 'failover exec mate copy', times: 1 })],
    expect: 'failed',
    message: DROPPED,
    noReload: true,
    leftAt: NOT_UPGRADED,
    spec: { connect: { standby: false } },
  },
  {
    name: 'no standby address: boots-old-version on the secondary',
    faults: [pre({ kind: 'boots-old-version', unit: 'secondary' })],
    expect: 'failed',
    message: /came back on 9\.18\(4\)22, not 9\.20\(2\)/,
    leftAt: NOT_UPGRADED,
    spec: { connect: { standby: false } },
  },
  // ---- what real units do (issue 10): never answered, stopped quickly, named ----
  { name: 'enable-not-set on the secondary (never answered)', faults: [pre({ kind: 'enable-not-set', unit: 'secondary' })], expect: 'failed', message: /has no enable password.*Nothing was answered/, noReload: true, leftAt: NOT_UPGRADED },
  { name: 'enable-not-set on both units (never answered)', faults: [pre({ kind: 'enable-not-set' })], expect: 'failed', message: /has no enable password/, noReload: true },
  { name: 'scp-host-key-question on the primary (declined, never yes)', scp: true, faults: [pre({ kind: 'scp-host-key-question', unit: 'primary' })], expect: 'failed', message: /host key.*never answers yes/, noReload: true, leftAt: NOT_UPGRADED },
  { name: 'scp-not-allowed on the secondary (9.19+ needs an ssh entry)', scp: true, faults: [pre({ kind: 'scp-not-allowed', unit: 'secondary' })], expect: 'failed', message: /failed to register with lina.*ssh 127\.0\.0\.1 255\.255\.255\.255/, noReload: true, leftAt: NOT_UPGRADED },
  { name: 'stalled-copy on the secondary (stopped by the no-progress limit)', faults: [pre({ kind: 'stalled-copy', unit: 'secondary', times: 1 })], expect: 'failed', message: /no progress for \d+ s/, noReload: true, leftAt: NOT_UPGRADED },
  { name: 'stalled-copy on the primary (stopped by the no-progress limit)', faults: [pre({ kind: 'stalled-copy', unit: 'primary', times: 1 })], expect: 'failed', message: /no progress for \d+ s/, noReload: true, leftAt: NOT_UPGRADED },
  {
    name: 'no standby address: stalled-copy on the secondary (through the mate, sizes read by the watcher)',
    faults: [pre({ kind: 'stalled-copy', unit: 'secondary', times: 1 })],
    expect: 'failed',
    message: /no progress for \d+ s/,
    noReload: true,
    leftAt: NOT_UPGRADED,
    spec: { connect: { standby: false } },
  },
  {
    name: 'signature-invalid on the secondary (rejected image deleted, never booted)',
    faults: [pre({ kind: 'signature-invalid', unit: 'secondary', times: 1 })],
    expect: 'failed',
    message: /The secondary rejected asa9-20-2-smp-k8\.bin: .*Signature not valid/,
    noReload: true,
    leftAt: NOT_UPGRADED,
  },
  // ---- combined ----
  {
    name: 'slow primary and a dropped copy on the secondary',
    faults: [pre({ kind: 'slow-answers', unit: 'primary', delayMs: 100, times: 10 }), pre({ kind: 'drop-session', unit: 'secondary', command: 'copy', times: 1 })],
    expect: 'failed',
    message: /closed while running "copy /,
    noReload: true,
    leftAt: NOT_UPGRADED,
  },
];

/** Faults exercised by other suites, with the reason they are not in this matrix. */
const ELSEWHERE: string[] = [
  // Acts on the post-upgrade checks (test/integration/fleet): the upgrade itself goes through.
  'interface-down-after-upgrade',
  // The editor's tree states (test/vscode/suite/07-tree-states): a pair that does not answer, a refused command.
  'unreachable',
  'refuse-command',
];

const CONCURRENCY = Number(process.env.SAFETY_CONCURRENCY ?? 4);
/** SAFETY_ONLY=regex runs only the scenarios whose names match (to replay one). */
const ONLY = process.env.SAFETY_ONLY ? new RegExp(process.env.SAFETY_ONLY) : undefined;
const RUN = ONLY ? SCENARIOS.filter((s) => ONLY.test(s.name)) : SCENARIOS;

describe('fault matrix: every lab fault at each phase ends safe and names the fault', function () {
  this.timeout(600_000);
  let images: ImageServer;
  let scpServer: FileServer;
  const results = new Map<string, SafetyRunResult | Error>();
  let wallMs = 0;

  before(async () => {
    images = await startImageServer();
    scpServer = await startFileServer('scp', images.files, { username: 'images', password: 'scp-pass' });
    const t0 = Date.now();
    await pool(RUN, CONCURRENCY, async (s) => {
      try {
        results.set(
          s.name,
          await runOnFreshLab(
            {
              name: s.name,
              faults: s.faults,
              request: {
                ...(s.md5 ? { asaMd5: images.md5(NEW_ASA), asdmMd5: images.md5(NEW_ASDM) } : {}),
                ...(s.scp ? { asa: scpServer.url(NEW_ASA, { withCredentials: true }), asdm: scpServer.url(NEW_ASDM, { withCredentials: true }) } : {}),
              },
              // Copies that take a moment (about 0.4 s), so a session dropped at copy is dropped under it.
              lab: { reloadSeconds: 0.5, failoverSeconds: 0.1, copyBytesPerSecond: 256 * 1024 },
              ...s.spec,
            },
            images,
          ),
        );
      } catch (e) {
        results.set(s.name, e as Error);
      }
    });
    wallMs = Date.now() - t0;
  });

  after(async () => {
    await images?.stop();
    await scpServer?.stop();
    const done = [...results.values()].filter((r): r is SafetyRunResult => !(r instanceof Error));
    const byKind = new Map<string, number>();
    for (const r of done) byKind.set(r.outcome.outcome, (byKind.get(r.outcome.outcome) ?? 0) + 1);
    const violations = done.reduce((n, r) => n + r.violations.length, 0);
    console.log(
      `  fault matrix: ${RUN.length} scenarios in ${(wallMs / 1000).toFixed(1)} s (concurrency ${CONCURRENCY}); outcomes ${[...byKind].map(([k, n]) => `${k} ${n}`).join(', ')}; violations ${violations}`,
    );
  });

  it(`has at least 30 scenarios covering every fault kind`, () => {
    assert.ok(SCENARIOS.length >= 30, `${SCENARIOS.length} scenarios`);
    const kinds = new Set<string>(SCENARIOS.flatMap((s) => s.faults.map((f) => f.spec.kind)));
    const missing = FAULT_KINDS.filter((k) => !kinds.has(k) && !ELSEWHERE.includes(k));
    assert.deepEqual(missing, [], `fault kinds without a scenario (covered: ${[...kinds].join(', ')})`);
  });

  for (const s of RUN) {
    it(s.name, () => {
      const r = results.get(s.name);
      assert.ok(r, 'the scenario did not run');
      if (r instanceof Error) throw r;
      const context = `\n  outcome: ${r.outcome.outcome}: ${r.outcome.message}\n  next: ${r.outcome.pair?.nextSafeAction}\n  fired: ${r.fired.join(', ') || 'nothing'}`;
      assert.equal(r.hung, false, `the run did not finish${context}`);
      assert.deepEqual(r.violations, [], `invariant violations:\n${formatViolations(r.violations)}${context}`);
      assert.deepEqual(r.labAnomalies, [], `the lab misbehaved (not the engine's doing)${context}`);
      for (const f of s.faults) assert.ok(r.fired.some((x) => x.startsWith(`${f.spec.kind}@`)), `the fault ${f.spec.kind} never fired${context}`);
      const kinds = Array.isArray(s.expect) ? s.expect : [s.expect];
      assert.ok(kinds.includes(r.outcome.outcome), `outcome ${r.outcome.outcome}, expected ${kinds.join(' or ')}${context}`);
      if (r.outcome.outcome === 'upgraded') {
        assert.deepEqual(r.history.filter((e) => e.kind === 'reload-start').map((e) => e.unit), ['secondary', 'primary'], `reloads${context}`);
        assert.deepEqual(r.history.filter((e) => e.kind === 'failover').map((e) => e.to), ['secondary', 'primary'], `switch-overs${context}`);
        assert.deepEqual([r.final.primary.version, r.final.secondary.version, r.final.primary.isActive], [NEW_VERSION, NEW_VERSION, true], `upgraded, but the lab disagrees${context}`);
      } else if (kinds.length > 1) {
        assert.equal(r.history.filter((e) => e.kind === 'reload-start').length, 0, `stopped after a reload${context}`);
      }
      assert.match(r.outcome.message, s.message, `the message does not name the fault${context}`);
      assert.ok(r.outcome.pair?.nextSafeAction, `no next safe action${context}`);
      if (s.advice) assert.match(r.outcome.pair?.nextSafeAction ?? '', s.advice, `next safe action${context}`);
      if (s.noReload && s.leftAt && r.outcome.pair?.units.length) assert.match(r.outcome.pair.nextSafeAction ?? '', /no unit was reloaded/, `next safe action${context}`);
      if (s.noReload) assert.deepEqual(r.history.filter((e) => e.kind === 'reload-start').map((e) => e.unit), [], `a unit was reloaded${context}`);
      if (s.leftAt) {
        const { primary, secondary } = r.final;
        assert.equal(r.final[s.leftAt.active].isActive, true, `the ${s.leftAt.active} should be active${context}`);
        assert.equal(primary.version, s.leftAt.primary, `primary version${context}`);
        assert.equal(secondary.version, s.leftAt.secondary, `secondary version${context}`);
        if (r.outcome.pair?.units.length) {
          assert.equal(r.outcome.pair.activeRole, s.leftAt.active, `snapshot active role${context}`);
          assert.equal(r.outcome.pair.mixedVersions, s.leftAt.primary !== s.leftAt.secondary, `snapshot mixedVersions${context}`);
        }
      }
    });
  }
});
