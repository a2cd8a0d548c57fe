// examples/ansible/upgrade.yml run by Debian's ansible-core against `asa-upgrade lab --pairs 2`: the way a
// network team upgrades beyond one workstation (Ansible/AWX), with serial batches and --events jsonl.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, REPO, ensureBuilt, runCli, scratchDir, startCli } from '../../support/cli-run';
import { assertValidReport } from '../../support/report-schema';

interface LabPairJson {
  name: string;
  active: string;
  standby: string;
  username: string;
  password: string;
  enablePassword: string;
  knownHosts: string;
  images: { asa: string; asdm: string };
}

const haveAnsible = spawnSync('ansible-playbook', ['--version']).status === 0;

function playbook(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn('ansible-playbook', args, { cwd: REPO, env: { PATH: process.env.PATH, ...env } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code, out }));
  });
}

describe('examples/ansible: the playbook upgrades lab pairs in serial batches', function () {
  this.timeout(300_000);
  before(function () {
    // scripts/install-system-deps.sh installs ansible-core for `npm test`; a bare run of this file may lack it.
    if (!haveAnsible) this.skip();
    ensureBuilt();
  });

  it('upgrades both pairs of `lab --pairs 2`, one batch after the other, with a report per pair', async () => {
    const scratch = scratchDir('ansible-');
    const lab = startCli(['lab', '--pairs', '2', '--json', '--reload-seconds', '1'], { env: { HOME: scratch.dir } });
    try {
      await lab.waitForStdout(/\n/);
      const pairs = JSON.parse(lab.stdout().trim()) as LabPairJson[];
      const inventory = join(scratch.dir, 'inventory.yml');
      writeFileSync(
        inventory,
        [
          'all:',
          '  vars:',
          `    asa_username: ${pairs[0].username}`,
          `    asa_image: ${pairs[0].images.asa}`,
          `    asdm_image: ${pairs[0].images.asdm}`,
          '    asa_password_env: LAB_PW',
          '    asa_enable_password_env: LAB_ENABLE',
          '  hosts:',
          ...pairs.flatMap((p) => [`    ${p.name}:`, `      asa_active: "${p.active}"`, `      asa_standby: "${p.standby}"`]),
          '',
        ].join('\n'),
      );
      const reports = join(scratch.dir, 'reports');
      const env = {
        HOME: scratch.dir,
        ANSIBLE_HOME: join(scratch.dir, '.ansible'),
        ANSIBLE_LOCAL_TEMP: join(scratch.dir, '.ansible', 'tmp'),
        ANSIBLE_NOCOLOR: '1',
        ANSIBLE_RETRY_FILES_ENABLED: '0',
        LAB_PW: pairs[0].password,
        LAB_ENABLE: pairs[0].enablePassword,
      };
      const r = await playbook(
        [
          '-i', inventory, 'examples/ansible/upgrade.yml',
          '-e', JSON.stringify({ asa_upgrade_command: [process.execPath, CLI], asa_known_hosts: pairs[0].knownHosts, asa_report_dir: reports, asa_batch: 1, asa_extra_args: ['--poll-ms', '100'] }),
        ],
        env,
      );
      assert.equal(r.code, 0, r.out);
      assert.match(r.out, /lab1\s*: ok=3\s+changed=1\s+unreachable=0\s+failed=0/);
      assert.match(r.out, /lab2\s*: ok=3\s+changed=1\s+unreachable=0\s+failed=0/);
      assert.match(r.out, /"outcome": "upgraded"/, 'the result event is shown');
      assert.ok(!r.out.includes(pairs[0].password) && !r.out.includes(pairs[0].enablePassword), 'no password in the playbook output');
      // serial: 1 runs the pairs in two batches: the second pair started after the first ended.
      const [one, two] = pairs.map((p) => JSON.parse(readFileSync(join(reports, p.name, 'report.json'), 'utf8')));
      assertValidReport(one);
      assertValidReport(two);
      assert.equal(one.pairs[0].outcome, 'upgraded');
      assert.equal(two.pairs[0].outcome, 'upgraded');
      assert.ok(one.pairs[0].endedAt <= two.pairs[0].startedAt, `batch 2 after batch 1: ${one.pairs[0].endedAt} / ${two.pairs[0].startedAt}`);
      // Run again: the pairs already run the image, so nothing changes and nothing fails (idempotent).
      const again = await playbook(['-i', inventory, 'examples/ansible/upgrade.yml', '-e', JSON.stringify({ asa_upgrade_command: [process.execPath, CLI], asa_known_hosts: pairs[0].knownHosts, asa_batch: 2 })], env);
      assert.equal(again.code, 0, again.out);
      assert.match(again.out, /lab1\s*: ok=3\s+changed=0\s+unreachable=0\s+failed=0/);
      for (const p of pairs) {
        const s = await runCli(['status', '--active', p.active, '--standby', p.standby, '--username', p.username, '--known-hosts', p.knownHosts, '--json'], {
          env: { HOME: scratch.dir, ASA_PASSWORD: p.password, ASA_ENABLE_PASSWORD: p.enablePassword },
        });
        assert.deepEqual((JSON.parse(s.stdout) as { units: Array<{ version: string }> }).units.map((u) => u.version), ['9.20(2)', '9.20(2)'], `${p.name} upgraded`);
      }
    } finally {
      lab.child.kill('SIGINT');
      await lab.done;
      scratch.remove();
    }
  });
});
