// `asa-upgrade upgrade` as a new user runs it against a lab pair, with the images on their own HTTP server.

import assert from 'node:assert/strict';
import { connectionArgs, ensureBuilt, haveScript, runCli, scratchDir, startCli } from '../../support/cli-run';
import { NEW_ASA, NEW_ASDM, NEW_VERSION, OLD_VERSION, startCliLab, startImageServer, type CliLab } from './lab-fixture';

const POLL = ['--poll-ms', '100'];

function assertUpgraded(t: CliLab): void {
  const { primary, secondary } = t.lab.units;
  assert.equal(primary.isActive, true, 'the primary is active again');
  assert.equal(primary.state, 'Active');
  assert.equal(secondary.state, 'Standby Ready');
  assert.equal(primary.version, NEW_VERSION);
  assert.equal(secondary.version, NEW_VERSION);
  assert.equal(primary.asdmVersion, '7.20(1)');
  const reloads = t.lab.history.reloads().map((e) => e.unit);
  assert.deepEqual(reloads, ['secondary', 'primary'], 'the secondary was reloaded first, each once');
}

function assertUntouched(t: CliLab, since = 0): void {
  assert.deepEqual(t.changingCommands(since), [], 'nothing that changes a unit was sent');
  assert.equal(t.lab.history.reloads().length, 0);
  assert.equal(t.lab.units.primary.version, OLD_VERSION);
  assert.equal(t.lab.units.primary.isActive, true);
  assert.ok(!t.lab.units.primary.files().has(NEW_ASA) && !t.lab.units.secondary.files().has(NEW_ASA), 'no image was copied');
}

describe('asa-upgrade upgrade, end to end', function () {
  this.timeout(120_000);
  let t: CliLab;
  before(ensureBuilt);
  beforeEach(async () => {
    t = await startCliLab();
  });
  afterEach(async () => {
    await t?.stop();
  });

  it('--yes upgrades the pair from the user\'s own HTTP server and prints the timeline (exit 0)', async () => {
    const r = await runCli(['upgrade', ...t.connection(), '--asa', t.images.url(NEW_ASA), '--asdm', t.images.url(NEW_ASDM), '--yes', ...POLL], { env: t.env });
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    assertUpgraded(t);
    // Each unit fetched each image from the user's server itself.
    const fetched = t.images.requests.filter((q) => q.status === 200 && q.method === 'GET').map((q) => q.path);
    assert.equal(fetched.filter((p) => p === `/${NEW_ASA}`).length, 2);
    assert.equal(fetched.filter((p) => p === `/${NEW_ASDM}`).length, 2);

    const out = r.stdout;
    assert.match(out, /^Upgrade ASA 9\.18\(4\)22 -> 9\.20\(2\)/m, 'the plan is shown first');
    assert.match(out, /Upgraded the pair from 9\.18\(4\)22 to 9\.20\(2\)/);
    assert.match(out, /^ {2}primary: Active, 9\.20\(2\) \(active\)$/m);
    assert.match(out, /^ {2}secondary: Standby Ready, 9\.20\(2\)$/m);
    const timeline = out.slice(out.indexOf('Timeline (total'));
    const phases = ['Check preconditions', 'Download images to both units', 'Set boot and ASDM images, save', 'Reload the secondary', 'Fail over to the secondary', 'Reload the primary', 'Fail over back to the primary'];
    let last = -1;
    for (const p of phases) {
      const m = new RegExp(`^ {2}${p.replace(/[()]/g, '\\$&')}\\s+done\\s+\\d+(s|m\\d\\ds)$`, 'm').exec(timeline);
      assert.ok(m, `the timeline shows "${p}" done:\n${timeline}`);
      assert.ok(m.index > last, 'in order');
      last = m.index;
    }
    assert.ok(!out.includes(t.lab.credentials.password) && !r.stderr.includes(t.lab.credentials.password), 'no password printed');

    // A second run finds nothing to do but must not break the pair either.
    const status = await runCli(['status', ...t.connection(), '--json'], { env: t.env });
    assert.equal(status.code, 0, status.stderr);
    const doc = JSON.parse(status.stdout) as { units: Array<{ role: string; state: string; version: string }> };
    assert.deepEqual(doc.units.map((u) => [u.role, u.state, u.version]), [
      ['primary', 'Active', NEW_VERSION],
      ['secondary', 'Standby Ready', NEW_VERSION],
    ]);
  });

  it('without --standby, upgrades through failover exec mate', async () => {
    const r = await runCli(['upgrade', ...t.connection({ standby: false }), '--asa', t.images.url(NEW_ASA), '--asdm', t.images.url(NEW_ASDM), '--yes', ...POLL], { env: t.env });
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    assertUpgraded(t);
    assert.ok(t.lab.history.commands('secondary', 'mate').some((c) => c.startsWith('copy ')), 'the secondary copied through failover exec');
  });

  it('without --yes and no terminal to ask on, changes nothing (exit 2)', async () => {
    const r = await runCli(['upgrade', ...t.connection(), '--asa', t.images.url(NEW_ASA), '--asdm', t.images.url(NEW_ASDM)], { env: t.env, input: 'y\n' });
    assert.equal(r.code, 2, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /^Upgrade ASA/m, 'the plan is shown');
    assert.match(r.stdout, /nothing was changed/i);
    assert.match(r.stdout, /--yes/);
    assertUntouched(t);
    assert.deepEqual(t.images.requests, []);
  });

  it('without --yes, answering "n" on the terminal changes nothing (exit 2)', async function () {
    if (!haveScript()) this.skip(); // needs util-linux `script` for a pseudo-terminal
    const r = await runCli(['upgrade', ...t.connection(), '--asa', t.images.url(NEW_ASA), '--asdm', t.images.url(NEW_ASDM)], { env: t.env, tty: true, input: 'n\r' });
    assert.equal(r.code, 2, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /Run this upgrade now\? \[y\/N\]/);
    assert.match(r.stdout, /nothing was changed/i);
    assertUntouched(t);
  });

  it('on a terminal with no passwords in the environment: asks for them, then "y" runs it with the live view (exit 0)', async function () {
    if (!haveScript()) this.skip(); // needs util-linux `script` for a pseudo-terminal
    const { password, enablePassword } = t.lab.credentials;
    const r = await runCli(['upgrade', ...t.connection(), '--asa', t.images.url(NEW_ASA), '--asdm', t.images.url(NEW_ASDM), ...POLL], {
      env: { HOME: t.home },
      tty: true,
      answers: [
        [/Password for admin: /, `${password}\r`],
        [/Enable password: /, `${enablePassword}\r`],
        [/Run this upgrade now\? \[y\/N\]/, 'y\r'],
      ],
    });
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    assert.ok(!r.stdout.includes(password) && !r.stdout.includes(enablePassword), 'the passwords were neither echoed nor printed');
    assertUpgraded(t);
    // The terminal view redraws the phase block in place.
    assert.match(r.stdout, /\x1b\[\d+A/);
    assert.match(r.stdout, /\[✓\] Fail over back to the primary\s+done/);
    assert.match(r.stdout, /Timeline \(total/);
  });

  for (const [what, asa] of [
    ['a URL with a newline', () => `${t.images.url(NEW_ASA)}\nreload noconfirm`],
    ['a gopher:// URL', () => `gopher://127.0.0.1:${t.images.port}/${NEW_ASA}`],
    ['a URL with a space and a second command', () => `${t.images.url(NEW_ASA)} ; write erase`],
  ] as const) {
    it(`refuses ${what} before connecting (exit 2)`, async () => {
      const r = await runCli(['upgrade', ...t.connection(), '--asa', asa(), '--asdm', t.images.url(NEW_ASDM), '--yes'], { env: t.env });
      assert.equal(r.code, 2, `${r.stdout}\n${r.stderr}`);
      assert.ok(r.stderr.trim().length > 0 && r.stderr.length < 600, `one clear message: ${r.stderr}`);
      assert.doesNotMatch(r.stderr, /Unexpected error|\n\s+at /);
      assert.equal(r.stdout, '');
      assert.equal(t.lab.history.events.filter((e) => e.kind === 'session-open').length, 0, 'the pair was not even contacted');
      assertUntouched(t);
    });
  }

  it('refuses a gopher:// URL naming the protocols it takes', async () => {
    const r = await runCli(['upgrade', ...t.connection(), '--asa', `gopher://127.0.0.1:${t.images.port}/${NEW_ASA}`, '--yes'], { env: t.env });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /gopher/);
    assert.match(r.stderr, /https?/);
  });

  it('an image the server does not have: exit 1, where the pair was left and the next safe action', async () => {
    const missing = 'asa9-20-3-smp-k8.bin';
    const r = await runCli(['upgrade', ...t.connection(), '--asa', t.images.url(missing), '--asdm', t.images.url(NEW_ASDM), '--yes', ...POLL], { env: t.env });
    assert.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
    assert.ok(t.images.requests.some((q) => q.path === `/${missing}` && q.status === 404), 'the unit asked the server for it');
    const all = `${r.stdout}\n${r.stderr}`;
    assert.match(all, new RegExp(missing.replace(/\./g, '\\.')), 'names the image');
    assert.match(r.stdout, /^ {2}primary: Active, 9\.18\(4\)22 \(active\)$/m, 'where the pair was left');
    assert.match(r.stdout, /^ {2}secondary: Standby Ready, 9\.18\(4\)22$/m);
    assert.match(r.stdout, /^Next safe action: .+/m);
    assert.match(r.stdout, /Download images to both units\s+failed/);
    assert.equal(t.lab.history.reloads().length, 0, 'nothing was reloaded');
    assert.deepEqual(t.lab.units.primary.bootImages, ['disk0:/asa9-18-4-22-smp-k8.bin'], 'the boot configuration is untouched');
    assert.equal(t.lab.units.primary.isActive, true);

    // The advice holds: with the right URL, running the upgrade again finishes the job.
    const again = await runCli(['upgrade', ...t.connection(), '--asa', t.images.url(NEW_ASA), '--asdm', t.images.url(NEW_ASDM), '--yes', ...POLL], { env: t.env });
    assert.equal(again.code, 0, `${again.stdout}\n${again.stderr}`);
    assertUpgraded(t);
  });

  it('a copy that stops moving is stopped after --copy-no-progress-minutes, not the copy limit (exit 1)', async () => {
    t.lab.faults.inject({ kind: 'stalled-copy', unit: 'secondary', times: 1 });
    const started = Date.now();
    const r = await runCli(['upgrade', ...t.connection(), '--asa', t.images.url(NEW_ASA), '--asdm', t.images.url(NEW_ASDM), '--yes', '--copy-no-progress-minutes', '0.05', ...POLL], { env: t.env });
    assert.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
    assert.match(`${r.stdout}\n${r.stderr}`, /Copying asa9-20-2-smp-k8\.bin to the secondary failed: no progress for \d+ s .*--copy-no-progress-minutes/);
    assert.ok(Date.now() - started < 60_000, `took ${Date.now() - started} ms (the copy limit is 60 minutes)`);
    assert.equal(t.lab.history.reloads().length, 0, 'nothing was reloaded');
    const bad = await runCli(['upgrade', ...t.connection(), '--asa', t.images.url(NEW_ASA), '--yes', '--copy-no-progress-minutes', 'never'], { env: t.env });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--copy-no-progress-minutes must be a number of minutes/);
  });

  it('Ctrl-C during the upgrade stops at a safe point and says where the pair was left (exit 1)', async () => {
    const run = startCli(['upgrade', ...t.connection(), '--asa', t.images.url(NEW_ASA), '--asdm', t.images.url(NEW_ASDM), '--yes', ...POLL], { env: t.env });
    try {
      await run.waitForStdout(/Reload the secondary: running/, 60_000);
      run.child.kill('SIGINT');
      const r = await run.done;
      assert.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
      assert.match(r.stderr, /Cancelling at the next safe point/);
      assert.match(r.stdout, /^ {2}primary: [^\n]+$/m, 'where the primary was left');
      assert.match(r.stdout, /^ {2}secondary: [^\n]+$/m);
      assert.match(r.stdout, /^Next safe action: .+/m);
      assert.match(r.stdout, /asa-upgrade resume/, 'points to resume');
      assert.ok(!t.lab.history.reloads().some((e) => e.unit === 'primary'), 'the primary was not reloaded after the cancel');
      assert.ok(t.lab.units.primary.isActive || t.lab.units.secondary.isActive, 'a unit is active');

      // The next safe action it named works.
      const next = /^Next safe action: (.+)$/m.exec(r.stdout)![1];
      if (/run the upgrade again/.test(next)) {
        const again = await runCli(['upgrade', ...t.connection(), '--asa', t.images.url(NEW_ASA), '--asdm', t.images.url(NEW_ASDM), '--yes', ...POLL], { env: t.env });
        assert.equal(again.code, 0, `${again.stdout}\n${again.stderr}`);
        assertUpgraded(t);
      }
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
    }
  });

  it('--active and --standby given the wrong way round: refused before anything is touched, and says why', async () => {
    const args = t.connection();
    const a = args.indexOf('--active') + 1;
    const b = args.indexOf('--standby') + 1;
    [args[a], args[b]] = [args[b], args[a]];
    const r = await runCli(['upgrade', ...args, '--asa', t.images.url(NEW_ASA), '--yes', ...POLL], { env: t.env });
    assert.equal(r.code, 2, `${r.stdout}\n${r.stderr}`);
    assert.match(`${r.stdout}\n${r.stderr}`, /addresses look swapped/);
    assert.equal(t.lab.history.reloads().length, 0, 'nothing was reloaded');
    assert.deepEqual(t.changingCommands(), [], 'no copy, configuration, reload or switch-over was sent');
    assert.equal(t.lab.units.primary.isActive, true);
    assert.equal(t.lab.units.secondary.state, 'Standby Ready');
  });

  it('--download-only copies the images and reloads nothing (exit 0)', async () => {
    const r = await runCli(['upgrade', ...t.connection(), '--asa', t.images.url(NEW_ASA), '--asdm', t.images.url(NEW_ASDM), '--download-only', '--yes', ...POLL], { env: t.env });
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    for (const u of [t.lab.units.primary, t.lab.units.secondary]) {
      assert.ok(u.files().has(NEW_ASA) && u.files().has(NEW_ASDM), `${u.role} has both images`);
      assert.equal(u.version, OLD_VERSION);
    }
    assert.equal(t.lab.history.reloads().length, 0);
    assert.deepEqual(t.lab.units.primary.bootImages, ['disk0:/asa9-18-4-22-smp-k8.bin']);
  });
});

describe('asa-upgrade upgrade against `asa-upgrade lab`, as a new user runs them', function () {
  this.timeout(120_000);
  before(ensureBuilt);

  it('lab in one terminal, the user\'s own HTTP server, upgrade --yes in another, then status shows 9.20(2)', async () => {
    const scratch = scratchDir();
    const lab = startCli(['lab', '--json', '--reload-seconds', '1'], { env: { HOME: scratch.dir } });
    const images = await startImageServer({ [NEW_ASA]: 256 * 1024, [NEW_ASDM]: 64 * 1024 });
    try {
      const info = JSON.parse(await lab.waitForStdout(/\n/)) as { active: string; standby: string; username: string; password: string; enablePassword: string; knownHosts: string };
      const env = { HOME: scratch.dir, ASA_PASSWORD: info.password, ASA_ENABLE_PASSWORD: info.enablePassword };
      const connection = connectionArgs(info);
      const r = await runCli(['upgrade', ...connection, '--asa', images.url(NEW_ASA), '--asdm', images.url(NEW_ASDM), '--yes', ...POLL], { env });
      assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
      assert.match(r.stdout, /Timeline \(total/);
      assert.equal(images.requests.filter((q) => q.status === 200 && q.method === 'GET').length, 4, 'both units fetched both images from the user\'s server');
      const status = await runCli(['status', ...connection, '--json'], { env });
      assert.equal(status.code, 0, status.stderr);
      const doc = JSON.parse(status.stdout) as { units: Array<{ role: string; state: string; version: string; asdmVersion: string; bootImages: string[] }> };
      assert.deepEqual(doc.units.map((u) => [u.role, u.state, u.version, u.asdmVersion]), [
        ['primary', 'Active', NEW_VERSION, '7.20(1)'],
        ['secondary', 'Standby Ready', NEW_VERSION, '7.20(1)'],
      ]);
      for (const u of doc.units) assert.deepEqual(u.bootImages, [`disk0:/${NEW_ASA}`, 'disk0:/asa9-18-4-22-smp-k8.bin'], 'the old image kept as fallback');
      lab.child.kill('SIGINT');
      assert.equal((await lab.done).code, 0);
    } finally {
      if (lab.child.exitCode === null) lab.child.kill('SIGKILL');
      await images.stop();
      scratch.remove();
    }
  });
});
