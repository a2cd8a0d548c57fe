import { createPairConnector } from '../../../src/asa';
import { startLab } from '../../../src/lab';
it('lab probe', async function () {
  this.timeout(60000);
  const lab = await startLab({ reloadSeconds: 2 });
  const c = createPairConnector({ active: lab.activeEndpoint, standby: lab.standbyEndpoint, username: lab.credentials.username, auth: { method: 'password' },
    credentials: async () => ({ password: lab.credentials.password, enablePassword: lab.credentials.enablePassword }), hostKeys: async (o) => { if (o.fingerprint !== lab.hostKeyFingerprint) throw new Error('fp'); },
    onCommand: (r) => console.log(r.address, r.via, r.command, r.durationMs, r.error ?? '', JSON.stringify(r.output.slice(0, 60))) });
  try {
    const s = await c.connect('active');
    console.log(await s.showVersion()); console.log(await s.showFailover()); console.log((await s.listFlash()).files.length); console.log(await s.bootConfig());
    console.log(await s.mate().showVersion()); console.log(await s.mate().bootConfig());
    const sb = await c.connect('standby'); console.log(await sb.showFailover());
    console.log(await s.verify(lab.units.primary.runningImage.replace(/^disk0:\//, ''), 'md5'));
  } finally { await c.close(); await lab.stop(); }
});
