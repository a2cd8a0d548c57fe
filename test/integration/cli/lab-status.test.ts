// `asa-upgrade lab` and `asa-upgrade status` as a new user runs them: the lab in one terminal, status in another,
// talking to each other only through what the lab printed.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client, utils } from 'ssh2';
import { connectionArgs, ensureBuilt, haveScript, runCli, scratchDir, startCli, type CliProcess } from '../../support/cli-run';

interface LabJson {
  active: string;
  standby: string;
  username: string;
  password: string;
  enablePassword: string;
  knownHosts: string;
  hostKeyFingerprint: string;
  images: { asa: string; asdm: string };
}

const ADDRESS = /^127\.0\.0\.1:\d{2,5}$/;

/** The keys README.md documents for `status --json`, each with the type it promises. */
const DOCUMENTED_UNIT_KEYS: Record<string, (v: unknown) => boolean> = {
  role: (v) => v === 'primary' || v === 'secondary',
  state: (v) => typeof v === 'string',
  active: (v) => typeof v === 'boolean',
  version: (v) => typeof v === 'string',
  asdmVersion: (v) => v === null || typeof v === 'string',
  model: (v) => v === null || typeof v === 'string',
  serial: (v) => v === null || typeof v === 'string',
  hostname: (v) => v === null || typeof v === 'string',
  uptimeSeconds: (v) => v === null || typeof v === 'number',
  systemImage: (v) => v === null || typeof v === 'string',
  bootImages: (v) => v === null || (Array.isArray(v) && v.every((x) => typeof x === 'string')),
  asdmImage: (v) => v === null || typeof v === 'string',
  flashFreeBytes: (v) => v === null || typeof v === 'number',
  flashTotalBytes: (v) => v === null || typeof v === 'number',
  addressUnreachable: (v) => v === null || typeof v === 'string',
};

function sha256Fingerprint(publicKeyBase64: string): string {
  return `SHA256:${createHash('sha256').update(Buffer.from(publicKeyBase64, 'base64')).digest('base64').replace(/=+$/, '')}`;
}

describe('asa-upgrade lab and status, end to end', function () {
  this.timeout(120_000);
  let lab: CliProcess;
  let info: LabJson;
  const scratch = scratchDir();
  let env: NodeJS.ProcessEnv;

  before(async () => {
    ensureBuilt();
    lab = startCli(['lab', '--json', '--reload-seconds', '2'], { env: { HOME: scratch.dir } });
    await lab.waitForStdout(/\n/);
    info = JSON.parse(lab.stdout().trim()) as LabJson;
    env = { HOME: scratch.dir, ASA_PASSWORD: info.password, ASA_ENABLE_PASSWORD: info.enablePassword };
  });
  after(async () => {
    if (lab && lab.child.exitCode === null) {
      lab.child.kill('SIGKILL');
      await lab.done;
    }
    scratch.remove();
  });

  const status = (extra: string[], over: Partial<{ standby: string | undefined; knownHosts: string }> = {}, e = env) =>
    runCli(['status', ...connectionArgs({ active: info.active, standby: 'standby' in over ? over.standby : info.standby, username: info.username, knownHosts: over.knownHosts ?? info.knownHosts }), ...extra], { env: e });

  it('lab --json prints exactly one JSON line with everything needed to connect', async () => {
    const lines = lab.stdout().split('\n').filter((l) => l !== '');
    assert.equal(lines.length, 1, `one line, got: ${lab.stdout()}`);
    assert.match(info.active, ADDRESS);
    assert.match(info.standby, ADDRESS);
    assert.notEqual(info.active, info.standby);
    assert.equal(typeof info.username, 'string');
    assert.ok(info.password.length >= 12, 'a strong generated password');
    assert.ok(info.enablePassword.length >= 12);
    assert.notEqual(info.password, info.enablePassword);
    assert.match(info.hostKeyFingerprint, /^SHA256:[A-Za-z0-9+/]{43}$/);
    const known = readFileSync(info.knownHosts, 'utf8');
    for (const address of [info.active, info.standby]) {
      const [, port] = address.split(':');
      const line = known.split('\n').find((l) => l.startsWith(`[127.0.0.1]:${port} `));
      assert.ok(line, `known_hosts has an entry for ${address}:\n${known}`);
      assert.equal(sha256Fingerprint(line.split(/\s+/)[2]), info.hostKeyFingerprint, 'the file holds the key the lab announces');
    }
    assert.match(info.images.asa, /^http:\/\/127\.0\.0\.1:\d+\/asa[\w-]+\.bin$/);
    assert.equal(lab.stderr(), '');
  });

  it('status --json reads both units with every key the README documents', async () => {
    const r = await status(['--json']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n').filter((l) => l !== '');
    assert.equal(lines.length, 1, 'one JSON document on one line');
    const doc = JSON.parse(lines[0]) as { failover: boolean; units: Array<Record<string, unknown>> };
    assert.equal(doc.failover, true);
    assert.equal(doc.units.length, 2);
    const [primary, secondary] = doc.units;
    assert.deepEqual(
      { role: primary.role, state: primary.state, active: primary.active, version: primary.version, asdmVersion: primary.asdmVersion },
      { role: 'primary', state: 'Active', active: true, version: '9.18(4)22', asdmVersion: '7.18(1)152' },
    );
    assert.deepEqual(
      { role: secondary.role, state: secondary.state, active: secondary.active, version: secondary.version, asdmVersion: secondary.asdmVersion },
      { role: 'secondary', state: 'Standby Ready', active: false, version: '9.18(4)22', asdmVersion: '7.18(1)152' },
    );
    for (const unit of doc.units) {
      for (const [key, ok] of Object.entries(DOCUMENTED_UNIT_KEYS)) {
        assert.ok(key in unit, `${unit.role} has the documented key ${key}`);
        assert.ok(ok(unit[key]), `${unit.role}.${key} has the documented type, got ${JSON.stringify(unit[key])}`);
      }
      assert.deepEqual(Object.keys(unit).filter((k) => !(k in DOCUMENTED_UNIT_KEYS)), [], 'no undocumented keys');
      // The default lab is an ASAv, which names its running image `(hd0,1)/FILE` as a real one does.
      assert.equal(unit.systemImage, '(hd0,1)/asa9-18-4-22-smp-k8.bin');
      assert.deepEqual(unit.bootImages, ['disk0:/asa9-18-4-22-smp-k8.bin']);
      assert.equal(unit.asdmImage, 'disk0:/asdm-7181-152.bin');
      assert.ok((unit.flashFreeBytes as number) > 0 && (unit.flashFreeBytes as number) < (unit.flashTotalBytes as number));
      assert.ok((unit.uptimeSeconds as number) > 86_400, 'the lab units have been up for days');
      assert.equal(unit.model, 'ASAv10');
    }
    assert.notEqual(primary.serial, secondary.serial);
    assert.ok(!r.stdout.includes(info.password) && !r.stderr.includes(info.password), 'no password in the output');
  });

  it('status prints a table a person can read', async () => {
    const r = await status([]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines[0], 'Failover: on');
    assert.match(lines[1], /^UNIT\s+ROLE\s+STATE\s+ASA\s+ASDM\s+MODEL\s+FLASH FREE\s+BOOT IMAGES$/);
    assert.match(lines[2], /^Primary\s+active\s+Active\s+9\.18\(4\)22\s+7\.18\(1\)152\s+\S+\s+[\d.]+ GB\s+disk0:\/asa9-18-4-22-smp-k8\.bin$/);
    assert.match(lines[3], /^Secondary\s+standby\s+Standby Ready\s+9\.18\(4\)22\s+7\.18\(1\)152\s+\S+\s+[\d.]+ GB\s+disk0:\/asa9-18-4-22-smp-k8\.bin$/);
    assert.equal(lines.length, 4);
  });

  it('status without --standby reaches the mate through failover exec', async () => {
    const r = await status(['--json'], { standby: undefined });
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { units: Array<Record<string, unknown>> };
    assert.deepEqual(
      doc.units.map((u) => [u.role, u.state, u.version]),
      [
        ['primary', 'Active', '9.18(4)22'],
        ['secondary', 'Standby Ready', '9.18(4)22'],
      ],
    );
  });

  it('status --verbose shows the commands sent, with the passwords redacted', async () => {
    const r = await status(['--verbose']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /# show failover/);
    assert.match(r.stderr, /# show version/);
    assert.ok(!r.stderr.includes(info.password) && !r.stderr.includes(info.enablePassword), 'no password in the command log');
  });

  it('never takes a password as an argument', async () => {
    for (const flag of ['--password', '--enable-password']) {
      const r = await status([flag, info.password]);
      assert.equal(r.code, 2, `${flag}: ${r.stderr}`);
      assert.match(r.stderr, new RegExp(`Unknown option '${flag}'`));
      assert.match(r.stderr, /ASA_PASSWORD and ASA_ENABLE_PASSWORD in the environment/, 'says where passwords go instead');
      assert.ok(!r.stderr.includes(info.password), 'and does not repeat the password typed');
      assert.equal(r.stdout, '');
    }
    const inline = await status([`--password=${info.password}`]);
    assert.equal(inline.code, 2);
    assert.ok(!inline.stderr.includes(info.password));
  });

  it('without passwords in the environment and no terminal, says what to set (exit 2)', async () => {
    const r = await status([], {}, { HOME: scratch.dir });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /Password for admin is needed and there is no terminal/);
    assert.match(r.stderr, /environment/);
  });

  it('asks for the passwords on the terminal when they are not in the environment, without echoing them', async function () {
    if (!haveScript()) this.skip(); // needs util-linux `script` for a pseudo-terminal
    const r = await runCli(['status', ...connectionArgs({ ...info }), '--json'], {
      env: { HOME: scratch.dir },
      tty: true,
      answers: [
        [/Password for admin: /, `${info.password}\r`],
        [/Enable password: /, `${info.enablePassword}\r`],
      ],
    });
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /"role":"primary","state":"Active"/);
    assert.ok(!r.stdout.includes(info.password) && !r.stdout.includes(info.enablePassword), 'what was typed was not echoed');
  });

  it('refuses an unknown host key, naming its SHA256 fingerprint and how to trust it (exit 1)', async () => {
    const empty = join(scratch.dir, 'empty_known_hosts');
    writeFileSync(empty, '');
    const r = await status([], { knownHosts: empty });
    assert.equal(r.code, 1, r.stderr);
    assert.ok(r.stderr.includes(info.hostKeyFingerprint), `names the fingerprint: ${r.stderr}`);
    assert.match(r.stderr, /--accept-new-host-keys/);
    assert.ok(r.stderr.includes(empty), 'names the known_hosts file to add it to');
    assert.equal(readFileSync(empty, 'utf8'), '', 'nothing was trusted');
    assert.equal(r.stdout, '');
  });

  it('a known_hosts file that does not exist yet is refused the same way, and is created by --accept-new-host-keys', async () => {
    const fresh = join(scratch.dir, 'sub', 'known_hosts_fresh');
    const refused = await status([], { knownHosts: fresh });
    assert.equal(refused.code, 1, refused.stderr);
    assert.ok(refused.stderr.includes(info.hostKeyFingerprint));
    const accepted = await status(['--accept-new-host-keys', '--json'], { knownHosts: fresh });
    assert.equal(accepted.code, 0, accepted.stderr);
    assert.ok(existsSync(fresh));
  });

  it('with --accept-new-host-keys records the keys, and the next run needs no flag', async () => {
    const file = join(scratch.dir, 'accept_known_hosts');
    writeFileSync(file, '');
    const first = await status(['--accept-new-host-keys', '--json'], { knownHosts: file });
    assert.equal(first.code, 0, first.stderr);
    const written = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
    for (const address of [info.active, info.standby]) {
      const port = address.split(':')[1];
      const line = written.find((l) => l.startsWith(`[127.0.0.1]:${port} `));
      assert.ok(line, `recorded ${address}: ${written.join('\n')}`);
      assert.equal(sha256Fingerprint(line.split(/\s+/)[2]), info.hostKeyFingerprint);
    }
    const second = await status(['--json'], { knownHosts: file });
    assert.equal(second.code, 0, second.stderr);
  });

  it('refuses a changed host key, naming both fingerprints, even with --accept-new-host-keys', async () => {
    const other = utils.generateKeyPairSync('rsa', { bits: 2048 });
    const otherBase64 = other.public.split(/\s+/)[1];
    const file = join(scratch.dir, 'changed_known_hosts');
    const lines = [info.active, info.standby].map((a) => `[127.0.0.1]:${a.split(':')[1]} ssh-rsa ${otherBase64}`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    for (const extra of [[], ['--accept-new-host-keys']]) {
      const r = await status(extra, { knownHosts: file });
      assert.equal(r.code, 1, r.stderr);
      assert.ok(r.stderr.includes(info.hostKeyFingerprint), `names the key offered now: ${r.stderr}`);
      assert.ok(r.stderr.includes(sha256Fingerprint(otherBase64)), `names the key on record: ${r.stderr}`);
      assert.equal(r.stdout, '');
    }
    assert.equal(readFileSync(file, 'utf8'), `${lines.join('\n')}\n`, 'the recorded key was not replaced');
  });

  it('a wrong password is a clear message and exit 1; so is a wrong enable password', async () => {
    const wrong = await status([], {}, { ...env, ASA_PASSWORD: 'not-the-password' });
    assert.equal(wrong.code, 1, wrong.stderr);
    assert.match(wrong.stderr, /authentication failed/i);
    assert.match(wrong.stderr, /ASA_PASSWORD/);
    assert.ok(!wrong.stderr.includes('not-the-password'), 'the wrong password is not echoed');
    assert.doesNotMatch(wrong.stderr, /Unexpected error|\n\s+at /, 'a message, not a stack trace');
    const wrongEnable = await status([], {}, { ...env, ASA_ENABLE_PASSWORD: 'not-the-enable' });
    assert.equal(wrongEnable.code, 1, wrongEnable.stderr);
    assert.match(wrongEnable.stderr, /enable password/i);
    assert.match(wrongEnable.stderr, /ASA_ENABLE_PASSWORD/);
    assert.ok(!wrongEnable.stderr.includes('not-the-enable'));
  });

  it('bad connection flags are refused before connecting (exit 2)', async () => {
    const noUser = await runCli(['status', '--active', info.active, '--known-hosts', info.knownHosts], { env });
    assert.equal(noUser.code, 2);
    assert.match(noUser.stderr, /--username is required/);
    const badPort = await runCli(['status', ...connectionArgs({ active: '127.0.0.1:99999', username: 'admin', knownHosts: info.knownHosts })], { env });
    assert.equal(badPort.code, 2, badPort.stderr);
    assert.match(badPort.stderr, /99999/);
  });

  it('lab stops on SIGINT and exits 0', async () => {
    lab.child.kill('SIGINT');
    const r = await lab.done;
    assert.equal(r.signal, null, 'it handled the signal itself');
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!existsSync(info.knownHosts), 'its temporary known_hosts is cleaned up');
    const after = await status([]);
    assert.equal(after.code, 1, 'nothing answers any more');
    assert.match(after.stderr, /127\.0\.0\.1/);
  });
});

describe('asa-upgrade lab, human form', function () {
  this.timeout(60_000);
  before(ensureBuilt);

  it('prints the addresses, credentials and commands to try; stops on SIGTERM with exit 0', async () => {
    const scratch = scratchDir();
    const lab = startCli(['lab', '--reload-seconds', '1'], { env: { HOME: scratch.dir } });
    try {
      const out = await lab.waitForStdout(/--asa \S+ --asdm \S+\n/);
      assert.match(out, /active address:\s+127\.0\.0\.1:\d+/);
      assert.match(out, /standby address:\s+127\.0\.0\.1:\d+/);
      assert.match(out, /username:\s+admin/);
      assert.match(out, /password:\s+\S{12,}/);
      assert.match(out, /enable password:\s+\S{12,}/);
      assert.match(out, /host key:\s+SHA256:/);
      assert.match(out, /Ctrl-C/);
      const exportLine = out.split('\n').find((l) => l.includes('export ASA_PASSWORD='));
      assert.ok(exportLine, 'tells how to set the passwords');
      const statusLine = out.split('\n').find((l) => /^\s+asa-upgrade status /.test(l));
      assert.ok(statusLine, 'a status command to paste');
      assert.match(out, /^\s+asa-upgrade upgrade --active/m);

      // The printed commands work when pasted into a shell (the status line, run as printed).
      const password = /ASA_PASSWORD='([^']+)'/.exec(exportLine)![1];
      const enable = /ASA_ENABLE_PASSWORD='([^']+)'/.exec(exportLine)![1];
      const args = statusLine.trim().split(/\s+/).slice(1);
      const r = await runCli([...args, '--json'], { env: { HOME: scratch.dir, ASA_PASSWORD: password, ASA_ENABLE_PASSWORD: enable } });
      assert.equal(r.code, 0, r.stderr);
      assert.equal((JSON.parse(r.stdout) as { units: unknown[] }).units.length, 2);

      // A session still open (a user's other terminal) must not keep the lab from stopping.
      const open = new Client();
      open.on('error', () => {});
      const activePort = Number(/active address:\s+127\.0\.0\.1:(\d+)/.exec(out)![1]);
      await new Promise<void>((resolveReady, reject) =>
        open.once('ready', () => resolveReady()).once('error', reject).connect({ host: '127.0.0.1', port: activePort, username: 'admin', password, hostVerifier: () => true }),
      );
      await new Promise<void>((resolveShell, reject) => open.shell((e, stream) => (e ? reject(e) : (stream.on('data', () => {}), resolveShell()))));
      lab.child.kill('SIGTERM');
      const done = await lab.done;
      open.end();
      assert.equal(done.code, 0, done.stderr);
      assert.equal(done.signal, null);
    } finally {
      if (lab.child.exitCode === null) lab.child.kill('SIGKILL');
      scratch.remove();
    }
  });

  it('refuses a nonsensical --reload-seconds (exit 2)', async () => {
    const r = await runCli(['lab', '--reload-seconds', 'soon']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--reload-seconds must be a positive number/);
  });
});
