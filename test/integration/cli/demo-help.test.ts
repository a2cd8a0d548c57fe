// `npm run demo` (what a newcomer runs first), `--help`, and what happens on a typo.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt, REPO, runCli, scratchDir } from '../../support/cli-run';

describe('asa-upgrade demo, --help and unknown commands', function () {
  this.timeout(120_000);
  const scratch = scratchDir();
  before(ensureBuilt);
  after(() => scratch.remove());

  it('demo upgrades a lab pair end to end well under a minute and prints the phase timeline (exit 0)', async () => {
    const r = await runCli(['demo', '--reload-seconds', '1'], { env: { HOME: scratch.dir } }, 60_000);
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    assert.ok(r.ms < 45_000, `took ${r.ms} ms`);
    assert.match(r.stdout, /^Lab pair on 127\.0\.0\.1:\d+ \(active\)/m);
    assert.match(r.stdout, /Upgraded the pair from 9\.18\(4\)22 to 9\.20\(2\)/);
    const timeline = r.stdout.slice(r.stdout.indexOf('Timeline (total'));
    for (const phase of ['Check preconditions', 'Download images to both units', 'Set boot and ASDM images, save', 'Reload the secondary', 'Fail over to the secondary', 'Reload the primary', 'Fail over back to the primary']) {
      assert.match(timeline, new RegExp(`^ {2}${phase}\\s+done\\s`, 'm'), `timeline has ${phase}:\n${timeline}`);
    }
    assert.equal(r.stderr, '');
  });

  it('demo refuses a nonsensical --reload-seconds before starting anything (exit 2)', async () => {
    for (const value of ['abc', '0', '-3']) {
      const r = await runCli(['demo', `--reload-seconds=${value}`], { env: { HOME: scratch.dir } });
      assert.equal(r.code, 2, `${value}: ${r.stdout}`);
      assert.match(r.stderr, /--reload-seconds must be a positive number/);
      assert.equal(r.stdout, '', 'no lab was started');
    }
  });

  it('npm run demo is this command', () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string>; bin: Record<string, string> };
    assert.match(pkg.scripts.demo, /dist\/cli\.js demo\b/);
    assert.equal(pkg.bin['asa-upgrade'], 'dist/cli.js');
    assert.match(readFileSync(join(REPO, 'dist', 'cli.js'), 'utf8').split('\n')[0], /^#!\/usr\/bin\/env node/, 'runs as a command once linked');
  });

  it('--help lists every command and connection flag (exit 0)', async () => {
    for (const flag of ['--help', '-h', 'help']) {
      const r = await runCli([flag]);
      assert.equal(r.code, 0, flag);
      assert.equal(r.stderr, '');
      for (const word of ['lab', 'status', 'plan', 'upgrade', 'demo', '--active', '--standby', '--username', '--known-hosts', '--accept-new-host-keys', '--asa', '--asdm', '--download-only', '--yes', '--json', '--reload-seconds', 'ASA_PASSWORD', 'ASA_ENABLE_PASSWORD']) {
        assert.ok(r.stdout.includes(word), `${flag} mentions ${word}`);
      }
      assert.match(r.stdout, /Exit codes: 0 done, 2 refused/);
    }
  });

  it('COMMAND --help prints the usage too, and runs nothing (exit 0)', async () => {
    for (const command of ['lab', 'status', 'plan', 'upgrade', 'demo']) {
      const r = await runCli([command, '--help'], { env: { HOME: scratch.dir } }, 20_000);
      assert.equal(r.code, 0, `${command}: ${r.stderr}`);
      assert.match(r.stdout, new RegExp(`^\\s+asa-upgrade ${command}\\b`, 'm'));
      assert.doesNotMatch(r.stdout, /Lab pair on|ASA lab pair running/, 'nothing was started');
    }
  });

  it('with no command prints the usage and exits 2', async () => {
    const r = await runCli([]);
    assert.equal(r.code, 2);
    assert.match(r.stdout, /^asa-upgrade: /);
  });

  it('an unknown command is named, followed by the usage (exit 2)', async () => {
    const r = await runCli(['upgarde', '--yes']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^Unknown command "upgarde"\./);
    assert.match(r.stderr, /Usage:/);
    assert.equal(r.stdout, '');
  });

  it('an unknown flag of a known command is refused (exit 2)', async () => {
    const r = await runCli(['status', '--activ', '127.0.0.1:22']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Unknown option '--activ'/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });
});
