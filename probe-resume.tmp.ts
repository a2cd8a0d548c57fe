import { startFileServer } from './src/lab/servers';
import { makeImageBytes } from './src/lab';
import { NEW_ASA, NEW_ASDM, SIZES } from './test/integration/upgrade/support';
import { runKillPoint } from './test/integration/safety/resume-support';
(async () => {
  const files = new Map([[NEW_ASA, makeImageBytes(NEW_ASA, SIZES.asa)], [NEW_ASDM, makeImageBytes(NEW_ASDM, SIZES.asdm)]]);
  const images = await startFileServer('http', files);
  for (const p of [{ kind: 'boundary', n: 1000 }, { kind: 'reload-wait', unit: 'secondary', delayMs: 700 }] as const) {
    const r = await runKillPoint(p as any, images);
    console.log(JSON.stringify(r, null, 1));
  }
  await images.stop();
})();
