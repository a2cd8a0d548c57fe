// A host key changed by the upgrade itself (9.19 CiscoSSH, 9.23 without EdDSA keys): refused, explained, and
// accepted on resume only when the user names exactly that fingerprint. Over real SSH against the lab.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ensureBuilt, runCli } from '../../support/cli-run';
import { NEW_ASA, NEW_ASDM, NEW_VERSION, startCliLab, type CliLab } from './lab-fixture';

const POLL = ['--poll-ms', '100'];

describe('a host key changed by the upgrade', function () {
  this.timeout(180_000);
  let t: CliLab | undefined;
  before(ensureBuilt);
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });

  it('stops naming both fingerprints, the release and why; resume accepts exactly the named key and finishes', async () => {
    t = await startCliLab();
    const lab = t.lab;
    const oldKey = lab.hostKeyFingerprint;
    lab.faults.inject({ kind: 'host-key-changes', unit: 'secondary' });
    const args = [...t.connection(), ...POLL, '--yes'];
    const first = await runCli(['upgrade', ...args, '--asa', t.images.url(NEW_ASA), '--asdm', t.images.url(NEW_ASDM)], { env: t.env });
    const newKey = lab.hostKeyFingerprint;
    assert.notEqual(newKey, oldKey);
    assert.equal(first.code, 1, `${first.stdout}\n${first.stderr}`);
    const said = `${first.stdout}\n${first.stderr}`;
    assert.ok(said.includes(`the secondary, just reloaded into ${NEW_VERSION}, presents ${newKey}`), said);
    assert.ok(said.includes(`the trusted key is ${oldKey}`), said);
    assert.match(said, /9\.19 moves SSH to the CiscoSSH stack/);
    assert.ok(said.includes(`--accept-changed-host-key ${newKey}`), said);
    assert.equal(lab.units.primary.isActive, true, 'the pair is left safe: the primary active');
    assert.equal(lab.history.reloads().map((r) => r.unit).join(','), 'secondary');

    // Any other fingerprint leaves the changed key refused.
    const wrong = await runCli(['resume', ...args, '--accept-changed-host-key', oldKey], { env: t.env });
    assert.notEqual(wrong.code, 0);
    assert.match(`${wrong.stdout}\n${wrong.stderr}`, /host key of \S+ has changed/);
    assert.ok(!readFileSync(t.knownHosts, 'utf8').includes(newKey.slice(7, 20)), 'known_hosts unchanged');
    assert.equal(lab.history.reloads().length, 1, 'nothing more was reloaded');

    const resumed = await runCli(['resume', ...args, '--accept-changed-host-key', newKey], { env: t.env });
    assert.equal(resumed.code, 0, `${resumed.stdout}\n${resumed.stderr}`);
    assert.match(resumed.stdout, /Upgraded the pair from 9\.18\(4\)22 to 9\.20\(2\)/);
    assert.equal(lab.units.primary.version, NEW_VERSION);
    assert.deepEqual(lab.history.reloads().map((r) => r.unit), ['secondary', 'primary'], 'each unit reloaded once');
  });

  it('refuses a malformed fingerprint before connecting', async () => {
    t = await startCliLab();
    const r = await runCli(['resume', ...t.connection(), '--yes', '--accept-changed-host-key', 'SHA256:short'], { env: t.env });
    assert.equal(r.code, 2, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stderr, /--accept-changed-host-key takes the exact fingerprint/);
    assert.equal(t.lab.history.sessions().length, 0, 'nothing connected');
  });
});
