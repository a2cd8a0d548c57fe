import assert from 'node:assert/strict';
import type { FaultSpec } from '../../../src/lab';
import { assertInvariants, changingCommands, NEW_VERSION, OLD_VERSION, startBench, type Bench } from './support';

interface Scenario {
  name: string;
  faults: FaultSpec[];
  outcome: 'upgraded' | 'failed';
  message?: RegExp;
  /** Which units may have been reloaded when it stops. */
  reloads: string[];
  reloadTimeoutMs?: number;
}

/** Each lab fault at the phase where it bites: the upgrade either rides it out or stops safe, saying why. */
const SCENARIOS: Scenario[] = [
  { name: 'the session drops as the reload is sent', faults: [{ kind: 'drop-session', unit: 'primary', command: 'failover reload-standby', times: 1 }], outcome: 'upgraded', reloads: ['secondary', 'primary'] },
  { name: 'the session drops on the switch-over', faults: [{ kind: 'drop-session', unit: 'primary', command: 'no failover active', times: 1 }], outcome: 'upgraded', reloads: ['secondary', 'primary'] },
  { name: 'the session drops during a copy', faults: [{ kind: 'drop-session', unit: 'secondary', command: 'copy', times: 1 }], outcome: 'failed', message: /Copying .* to the secondary failed: /, reloads: [] },
  { name: 'the image server is unreachable', faults: [{ kind: 'copy-unreachable', times: 1 }], outcome: 'failed', message: /%Error copying .*\(Timeout\)/, reloads: [] },
  { name: 'the image is missing on the server', faults: [{ kind: 'copy-missing-file', times: 1 }], outcome: 'failed', message: /No such file or directory/, reloads: [] },
  { name: 'flash fills up during the copy', faults: [{ kind: 'flash-full', unit: 'secondary', times: 1 }], outcome: 'failed', message: /No space left on device/, reloads: [] },
  { name: 'the pair refuses the switch-over', faults: [{ kind: 'refuse-failover', times: 1 }], outcome: 'failed', message: /failing over to the secondary: .*Failover is not possible/, reloads: ['secondary'] },
  { name: 'the secondary never reaches Standby Ready', faults: [{ kind: 'never-standby-ready', unit: 'secondary' }], outcome: 'failed', message: /Timed out .* waiting for the secondary to come back on 9\.20\(2\) in Standby Ready/, reloads: ['secondary'], reloadTimeoutMs: 6000 },
  { name: 'the primary boots the old image', faults: [{ kind: 'boots-old-version', unit: 'primary', times: 1 }], outcome: 'failed', message: /The primary reloaded but came back on 9\.18\(4\)22/, reloads: ['secondary', 'primary'] },
  { name: 'the host key changes during the reload', faults: [{ kind: 'host-key-changes' }], outcome: 'failed', message: /host key .* has changed/, reloads: ['secondary'] },
  { name: 'the credentials are refused', faults: [{ kind: 'wrong-credentials' }], outcome: 'failed', message: /authentication failed/, reloads: [] },
];

describe('lab faults during an upgrade', function () {
  this.timeout(120_000);
  let bench: Bench;
  afterEach(async () => bench?.stop());

  for (const s of SCENARIOS) {
    it(`${s.name}: ${s.outcome === 'upgraded' ? 'the upgrade rides it out' : 'it stops safe and says why'}`, async () => {
      bench = await startBench();
      for (const f of s.faults) bench.lab.faults.inject(f);
      const { outcome } = await bench.run({
        options: { pollIntervalMs: 100, reloadTimeoutMs: s.reloadTimeoutMs ?? 30_000, failoverTimeoutMs: 10_000, copyTimeoutMs: 30_000 },
      });
      assert.equal(outcome.outcome, s.outcome, outcome.message);
      if (s.message) assert.match(outcome.message, s.message);
      assert.deepEqual(bench.lab.history.reloads().map((r) => r.unit), s.reloads);
      assertInvariants(bench.lab, { secondaryFirst: s.reloads.length === 2 });
      if (s.outcome === 'upgraded') {
        assert.equal(bench.lab.units.primary.version, NEW_VERSION);
        assert.ok(bench.lab.units.primary.isActive);
      } else {
        assert.ok(outcome.pair?.nextSafeAction, 'a stop names the next safe action');
        if (s.reloads.length === 0) {
          assert.equal(bench.lab.units.primary.version, OLD_VERSION);
          assert.ok(!changingCommands(bench.lab).some((c) => /boot system|reload/.test(c)));
        }
      }
    });
  }
});
