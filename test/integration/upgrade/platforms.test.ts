// An upgrade on every lab platform, with the images that platform offers: each model's outputs (its `show
// version`, its system image path, its image family) carry the engine through the whole sequence.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPairConnector, KnownHostsFile } from '../../../src/asa';
import { asaDialect } from '../../../src/asa/commands';
import { runUpgrade } from '../../../src/core/upgrade';
import { imageFromName, LAB_PLATFORMS, startLab } from '../../../src/lab';
import { startLabImageServer } from '../../../src/lab/lab-images';
import { assertInvariants } from './support';

describe('an upgrade on each lab platform', function () {
  this.timeout(120_000);

  for (const platform of LAB_PLATFORMS) {
    it(`${platform.title} (${platform.model}): ${platform.from.asa} -> ${platform.to.asa}`, async () => {
      const lab = await startLab({ platform: platform.name, reloadSeconds: 2, failoverSeconds: 0.3 });
      const images = await startLabImageServer({ asa: 512 * 1024 + 3, asdm: 256 * 1024 + 1 }, platform.name);
      const dir = mkdtempSync(join(tmpdir(), 'platform-it-'));
      const knownHosts = join(dir, 'known_hosts');
      writeFileSync(knownHosts, lab.knownHostsLines());
      const connector = createPairConnector({
        active: lab.activeEndpoint,
        standby: lab.standbyEndpoint,
        username: lab.credentials.username,
        auth: { method: 'password' },
        credentials: async () => ({ password: lab.credentials.password, enablePassword: lab.credentials.enablePassword }),
        hostKeys: KnownHostsFile.verifier(knownHosts, { acceptNew: false }),
        timeouts: { connectMs: 5000, commandMs: 10_000 },
      });
      try {
        const outcome = await runUpgrade({
          connector,
          dialect: asaDialect,
          request: { asa: images.asaUrl, asdm: images.asdmUrl },
          options: { pollIntervalMs: 100, reloadTimeoutMs: 30_000, failoverTimeoutMs: 10_000, copyTimeoutMs: 30_000 },
          onEvent: () => {},
        });
        assert.equal(outcome.outcome, 'upgraded', outcome.message);
        const to = imageFromName(platform.to.asa)!.version;
        for (const unit of [lab.units.primary, lab.units.secondary]) {
          assert.equal(unit.version, to, `${unit.role} runs ${to}`);
          assert.equal(unit.runningImage, `disk0:/${platform.to.asa}`);
          assert.equal(unit.bootImages[0], `disk0:/${platform.to.asa}`);
          // The fallback entry is a real flash file whatever the platform calls its running image.
          for (const entry of unit.bootImages) assert.match(entry, /^disk0:\/[^/]+$/, entry);
        }
        assert.ok(lab.units.primary.isActive);
        assertInvariants(lab, { secondaryFirst: true });
      } finally {
        await connector.close();
        await Promise.all([lab.stop(), images.server.stop()]);
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
