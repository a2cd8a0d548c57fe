// Plain refusals instead of crashes (issue 9, item 4 and the "also to fix" list), through the built CLI:
// - --journal naming a device (/dev/null), a FIFO, a directory, a symbolic link or an ordinary file that is not
//   a journal is refused (exit 2) naming the path and the fix, and the file is left as it was;
// - a known_hosts path that is a directory, and a state directory (locks, journals) blocked by a file, give a
//   message naming the path, never "Unexpected error: EISDIR/ENOTDIR/EEXIST";
// - Active/Active and multiple-context units (devices replaying those outputs over SSH) end in a plain refusal
//   (exit 2), not a parse error.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectionArgs, ensureBuilt, runCli, scratchDir, type CliResult } from '../../support/cli-run';
import { recorded, startReplayDevice, type ReplayDevice } from '../../support/replay-asa';
import { NEW_ASA, NEW_ASDM, startCliLab, type CliLab } from '../cli/lab-fixture';

const VARIANTS = join(__dirname, '..', '..', 'fixtures', 'asa-variants');
const variant = (name: string): string => readFileSync(join(VARIANTS, name), 'utf8');

function assertPlainRefusal(r: CliResult, path: string, pattern: RegExp): void {
  const said = `${r.stdout}${r.stderr}`;
  assert.equal(r.code, 2, said);
  assert.ok(said.includes(path), `names ${path}: ${said}`);
  assert.match(said, pattern);
  assert.doesNotMatch(said, /Unexpected error|EISDIR|ENOTDIR|EEXIST|ENXIO|is not a function|\n\s+at /);
}

describe('bad output paths are refused plainly and never written through', function () {
  this.timeout(180_000);
  before(ensureBuilt);
  let t: CliLab;
  const scratch = scratchDir('bad-paths-');
  before(async () => {
    t = await startCliLab();
  });
  after(async () => {
    await t.stop();
    scratch.remove();
  });

  const upgrade = (extra: string[], env: NodeJS.ProcessEnv = t.env, connection = t.connection()) =>
    runCli(['upgrade', ...connection, '--asa', t.images.url(NEW_ASA), '--asdm', t.images.url(NEW_ASDM), '--yes', ...extra], { env });
  const changing = () => t.changingCommands();

  it('--journal /dev/null, a FIFO, a directory or a symbolic link: exit 2 naming the path; the path is left as it was', async () => {
    const fifo = join(scratch.dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const link = join(scratch.dir, 'link.json');
    writeFileSync(join(scratch.dir, 'target.json'), '');
    symlinkSync(join(scratch.dir, 'target.json'), link);
    const cases: Array<[string, RegExp]> = [
      ['/dev/null', /exists and is a device; it is never written through or replaced/],
      [fifo, /exists and is a FIFO/],
      [scratch.dir, /exists and is a directory/],
      [link, /exists and is a symbolic link/],
    ];
    for (const [path, pattern] of cases) {
      assertPlainRefusal(await upgrade(['--journal', path]), path, pattern);
      assertPlainRefusal(await runCli(['resume', ...t.connection(), '--journal', path, '--yes'], { env: t.env }), path, pattern);
    }
    assert.ok(lstatSync('/dev/null').isCharacterDevice());
    assert.ok(lstatSync(fifo).isFIFO());
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.deepEqual(changing(), []);
  });

  it('--journal naming an ordinary file that is not a journal: refused, the file untouched', async () => {
    const notes = join(scratch.dir, 'notes.txt');
    writeFileSync(notes, 'my change notes\n');
    assertPlainRefusal(await upgrade(['--journal', notes]), notes, /is not an upgrade journal/);
    assert.equal(readFileSync(notes, 'utf8'), 'my change notes\n');
    assert.deepEqual(changing(), []);
  });

  it('a truncated or edited journal names the field at fault', async () => {
    const edited = join(scratch.dir, 'edited.json');
    writeFileSync(edited, JSON.stringify({ format: 1, pairKey: 'A+B', request: { asa: 'x' }, startedAt: 1, updatedAt: 1, phases: [], steps: [], reloads: 'none' }));
    assertPlainRefusal(await runCli(['resume', ...t.connection(), '--journal', edited, '--yes'], { env: t.env }), edited, /damaged or was edited: reloads is not a list/);
    const cut = join(scratch.dir, 'cut.json');
    writeFileSync(cut, '{"format":1,"pairKey":"A+B","request":{"asa":');
    assertPlainRefusal(await runCli(['resume', ...t.connection(), '--journal', cut, '--yes'], { env: t.env }), cut, /is cut short or damaged/);
  });

  it('resume with the journal of another pair is refused naming both, before any change', async () => {
    const other = join(scratch.dir, 'other-pair.json');
    writeFileSync(
      other,
      JSON.stringify({
        format: 1,
        pairKey: 'FCH2001A1AA+FCH2001A1AB',
        request: { asa: t.images.url(NEW_ASA) },
        fromVersion: '9.18(4)22',
        toVersion: '9.20(2)',
        startedAt: 1,
        updatedAt: 2,
        phases: [],
        steps: [],
        reloads: [{ unit: 'secondary', issuedAt: 2 }],
      }),
    );
    const r = await runCli(['resume', ...t.connection(), '--journal', other, '--yes'], { env: t.env });
    const said = `${r.stdout}${r.stderr}`;
    assert.equal(r.code, 2, said);
    assert.match(said, /The journal belongs to the pair FCH2001A1AA\+FCH2001A1AB, but the addresses reach the pair with serial numbers/);
    assert.ok(said.includes(t.lab.units.primary.serial) && said.includes(t.lab.units.secondary.serial), said);
    assert.deepEqual(changing(), []);
  });

  it('a known_hosts path that is a directory, and a state directory blocked by a file, are named with the fix', async () => {
    const dir = join(scratch.dir, 'kh-dir');
    mkdirSync(dir);
    const connection = connectionArgs({ active: `127.0.0.1:${t.lab.activeEndpoint.port}`, username: t.lab.credentials.username, knownHosts: dir });
    assertPlainRefusal(await runCli(['status', ...connection], { env: t.env }), dir, /known_hosts file .* exists and is a directory\. Give the path of an OpenSSH known_hosts file/);

    // The user's state directory (locks and journals) cannot be created: ~/.local/state is a file.
    const home = join(scratch.dir, 'home');
    mkdirSync(join(home, '.local'), { recursive: true });
    writeFileSync(join(home, '.local', 'state'), 'not a directory');
    const r = await upgrade([], { ...t.env, HOME: home });
    assertPlainRefusal(r, join(home, '.local', 'state'), /a part of its path is a file, not a directory/);
    assert.deepEqual(changing(), []);
  });
});

describe('Active/Active and multiple-context units end in a plain refusal', function () {
  this.timeout(60_000);
  before(ensureBuilt);
  const scratch = scratchDir('unsupported-');
  const devices: ReplayDevice[] = [];
  after(async () => {
    await Promise.all(devices.map((d) => d.stop()));
    scratch.remove();
  });

  async function device(outputs: Record<string, string>): Promise<{ d: ReplayDevice; args: string[] }> {
    const d = await startReplayDevice({ outputs });
    devices.push(d);
    const knownHosts = join(scratch.dir, `known_hosts_${d.port}`);
    writeFileSync(knownHosts, `[127.0.0.1]:${d.port} ssh-ed25519 ${d.hostKey.toString('base64')}\n`);
    return { d, args: connectionArgs({ active: `127.0.0.1:${d.port}`, username: 'ntc', knownHosts }) };
  }
  const env = { HOME: scratch.dir, ASA_PASSWORD: 'replay-pass', ASA_ENABLE_PASSWORD: 'replay-enable' };

  for (const command of ['status', 'upgrade'] as const) {
    it(`${command} on an Active/Active pair`, async () => {
      const { d, args } = await device({ 'show failover': variant('show_failover.active-active.raw'), 'show version': recorded('show_version.asav-9.5.raw') });
      const r = await runCli([command, ...args, ...(command === 'upgrade' ? ['--asa', 'http://127.0.0.1:9/asa9-20-2-smp-k8.bin', '--yes'] : [])], { env });
      assert.equal(r.code, 2, `${r.stdout}${r.stderr}`);
      assert.match(r.stderr, /Active\/Active failover .*This tool upgrades Active\/Standby pairs only.*Nothing was changed/);
      assert.doesNotMatch(r.stderr, /Could not read|parse|Unexpected error/i);
      assert.deepEqual(d.commands.filter((c) => /^(copy|conf|boot|write|reload|delete|failover (active|reload))/.test(c)), []);
    });

    it(`${command} on a unit in multiple-context mode`, async () => {
      const { d, args } = await device({ 'show failover': recorded('show_failover.primary-active.asa5585.raw'), 'show version': variant('show_version.system-context-9.18.raw') });
      const r = await runCli([command, ...args, ...(command === 'upgrade' ? ['--asa', 'http://127.0.0.1:9/asa9-20-2-smp-k8.bin', '--yes'] : [])], { env });
      assert.equal(r.code, 2, `${r.stdout}${r.stderr}`);
      assert.match(r.stderr, /multiple-context mode \(show version says <system>\).*single-context Active\/Standby pairs only.*Nothing was changed/);
      assert.doesNotMatch(r.stderr, /Could not read|Unexpected error/i);
      assert.deepEqual(d.commands.filter((c) => /^(copy|conf|boot|write|reload|delete|failover (active|reload))/.test(c)), []);
    });
  }
});
