// `asa-upgrade lab --platform NAME` as a user runs it: the lab in one terminal, status in another. The units are
// the model asked for (its `show version`, its images) and the images the lab offers are valid for it.

import assert from 'node:assert/strict';
import { LAB_PLATFORMS } from '../../../src/lab';
import { connectionArgs, ensureBuilt, runCli, scratchDir, startCli, type CliProcess } from '../../support/cli-run';

interface LabJson {
  platform: string;
  model: string;
  active: string;
  standby: string;
  username: string;
  password: string;
  enablePassword: string;
  knownHosts: string;
  images: { asa: string; asdm: string };
}

describe('asa-upgrade lab --platform', function () {
  this.timeout(120_000);
  const scratch = scratchDir();
  const running: CliProcess[] = [];
  before(() => ensureBuilt());
  after(async () => {
    for (const lab of running) {
      if (lab.child.exitCode === null) {
        lab.child.kill('SIGINT');
        await lab.done;
      }
    }
    scratch.remove();
  });

  async function startLabCli(platform: string): Promise<LabJson> {
    const lab = startCli(['lab', '--platform', platform, '--json', '--reload-seconds', '2'], { env: { HOME: scratch.dir } });
    running.push(lab);
    await lab.waitForStdout(/\n/);
    return JSON.parse(lab.stdout().trim()) as LabJson;
  }

  for (const name of ['asa5516', 'fpr2100']) {
    const platform = LAB_PLATFORMS.find((p) => p.name === name)!;
    it(`${platform.title}: status reads ${platform.model} on its own image family, and the lab offers ${platform.to.asa}`, async () => {
      const info = await startLabCli(name);
      assert.equal(info.platform, name);
      assert.equal(info.model, platform.model);
      assert.ok(info.images.asa.endsWith(`/${platform.to.asa}`), info.images.asa);
      assert.ok(info.images.asdm.endsWith(`/${platform.to.asdm}`), info.images.asdm);
      const env = { HOME: scratch.dir, ASA_PASSWORD: info.password, ASA_ENABLE_PASSWORD: info.enablePassword };
      const r = await runCli(['status', '--json', ...connectionArgs({ active: info.active, standby: info.standby, username: info.username, knownHosts: info.knownHosts })], { env });
      assert.equal(r.code, 0, r.stderr);
      const doc = JSON.parse(r.stdout.trim()) as { units: Array<Record<string, unknown>> };
      for (const unit of doc.units) {
        assert.equal(unit.model, platform.model);
        assert.deepEqual(unit.bootImages, [`disk0:/${platform.from.asa}`]);
        if (name === 'fpr2100') {
          // The bundle on disk0: is not what the unit says it runs: the FXOS package inside it is (unicon's FPR-2130 capture).
          assert.match(String(unit.systemImage), /^disk0:\/mnt\/boot\/installables\/switch\/fxos-k8-fp2k-npu\.[\d.]+\.SPA$/);
        } else {
          assert.equal(unit.systemImage, `disk0:/${platform.from.asa}`);
        }
      }
      assert.notEqual(doc.units[0].serial, doc.units[1].serial);
    });
  }

  it('refuses an unknown platform with the list of known ones, starting nothing', async () => {
    const r = await runCli(['lab', '--platform', 'asa5545', '--json'], { env: { HOME: scratch.dir } }, 30_000);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Unknown lab platform "asa5545": choose one of asav, asa5516, asa5525, asa5555, asa5585, fpr2100\./);
    assert.equal(r.stdout, '');
  });
});
