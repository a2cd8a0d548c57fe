// Both units must prove they are mates before anything else (issue 9, item 5): a --standby that reaches a
// unit of another pair (same role, same "Standby Ready", another serial number) is refused by `status` and
// `upgrade` with exit 2, naming both serial numbers, and nothing but show failover / show version reaches the
// wrong unit. Two lab pairs over real SSH; on releases before 9.6 (no serial line in show failover) the mate's
// serial comes from `failover exec mate show version`.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLab, type LabPair } from '../../../src/lab';
import { connectionArgs, ensureBuilt, runCli, scratchDir } from '../../support/cli-run';
import { NEW_ASA, startImageServer, type ImageServer } from '../cli/lab-fixture';

const CHANGING = /^(copy|del|conf|clear|boot|no |asdm|write|wr |reload|failover (active|reload)|failover exec \S+ (copy|del|conf|boot|write|reload))/;

describe('a standby address that reaches a unit of another pair', function () {
  this.timeout(180_000);
  before(ensureBuilt);
  const scratch = scratchDir('wrong-standby-');
  const labs: LabPair[] = [];
  let images: ImageServer;
  before(async () => {
    images = await startImageServer({ [NEW_ASA]: 200 * 1024 });
  });
  after(async () => {
    await Promise.all([...labs.map((l) => l.stop()), images.stop()]);
    scratch.remove();
  });

  async function twoPairs(initialAsa?: string): Promise<{ a: LabPair; b: LabPair; args: string[]; env: NodeJS.ProcessEnv }> {
    // One set of credentials for both pairs (as many sites have), so only the serial numbers tell them apart.
    const a = await startLab({ reloadSeconds: 1, ...(initialAsa ? { initialAsa } : {}) });
    const b = await startLab({ reloadSeconds: 1, password: a.credentials.password, enablePassword: a.credentials.enablePassword, ...(initialAsa ? { initialAsa } : {}) });
    labs.push(a, b);
    const knownHosts = join(scratch.dir, `known_hosts_${a.activeEndpoint.port}`);
    writeFileSync(knownHosts, a.knownHostsLines() + b.knownHostsLines());
    const args = connectionArgs({ active: `127.0.0.1:${a.activeEndpoint.port}`, standby: `127.0.0.1:${b.standbyEndpoint.port}`, username: a.credentials.username, knownHosts });
    return { a, b, args, env: { HOME: scratch.dir, ASA_PASSWORD: a.credentials.password, ASA_ENABLE_PASSWORD: a.credentials.enablePassword } };
  }

  function commandsOn(lab: LabPair): string[] {
    return lab.history.events.filter((e) => e.kind === 'command').map((e) => e.command ?? '');
  }

  function assertRefusal(r: { code: number | null; stdout: string; stderr: string }, a: LabPair, b: LabPair): void {
    const said = `${r.stdout}${r.stderr}`;
    assert.equal(r.code, 2, said);
    assert.ok(said.includes(a.units.primary.serial), `names the active unit's serial ${a.units.primary.serial}: ${said}`);
    assert.ok(said.includes(a.units.secondary.serial), `names the mate it expects, ${a.units.secondary.serial}: ${said}`);
    assert.ok(said.includes(b.units.secondary.serial), `names the unit the standby address reached, ${b.units.secondary.serial}: ${said}`);
    assert.match(said, /a unit of another pair/);
    assert.match(said, /check --standby/);
    assert.doesNotMatch(said, /Unexpected error|configuration replication/);
  }

  function assertNothingReachedTheWrongUnit(a: LabPair, b: LabPair): void {
    assert.deepEqual(commandsOn(a).filter((c) => CHANGING.test(c)), [], 'nothing changed on the real pair');
    assert.deepEqual(commandsOn(b).filter((c) => CHANGING.test(c)), [], 'nothing changed on the other pair');
    const beyondIdentity = commandsOn(b).filter((c) => !/^(show failover|show version|terminal |enable|show clock)/.test(c) && c !== '');
    assert.deepEqual(beyondIdentity, [], 'the wrong unit was only asked who it is (no dir, no verify, no boot configuration)');
  }

  it('status refuses it (exit 2), naming both serial numbers', async () => {
    const { a, b, args, env } = await twoPairs();
    const r = await runCli(['status', ...args], { env });
    assertRefusal(r, a, b);
    assertNothingReachedTheWrongUnit(a, b);
  });

  it('upgrade refuses it (exit 2) before any change, naming both serial numbers', async () => {
    const { a, b, args, env } = await twoPairs();
    const r = await runCli(['upgrade', ...args, '--asa', images.url(NEW_ASA), '--yes'], { env });
    assertRefusal(r, a, b);
    assertNothingReachedTheWrongUnit(a, b);
    assert.equal(a.units.secondary.reloadCount + b.units.secondary.reloadCount, 0);
  });

  it('on a release before 9.6 (no serial line in show failover) the mate serial comes from failover exec mate show version', async () => {
    const { a, b, args, env } = await twoPairs('asa952-204-smp-k8.bin');
    const r = await runCli(['status', ...args], { env });
    assertRefusal(r, a, b);
    assert.ok(commandsOn(a).some((c) => /^failover exec mate show version$/.test(c)), commandsOn(a).join('\n'));
    assertNothingReachedTheWrongUnit(a, b);
  });

  it('the right standby address still reads both units', async () => {
    const { a, env } = await twoPairs();
    const knownHosts = join(scratch.dir, `known_hosts_${a.activeEndpoint.port}`);
    const r = await runCli(['status', '--json', ...connectionArgs({ active: `127.0.0.1:${a.activeEndpoint.port}`, standby: `127.0.0.1:${a.standbyEndpoint.port}`, username: a.credentials.username, knownHosts })], { env });
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { units: Array<{ serial: string }> };
    assert.deepEqual(doc.units.map((u) => u.serial), [a.units.primary.serial, a.units.secondary.serial]);
  });
});
