// The newer images a lab pair is upgraded to, served over HTTP from 127.0.0.1 so a rehearsal needs
// nothing but this tool. Sizes are small so a rehearsal is quick; the bench sets its own.

// Each platform offers its own `to` images (src/lab/platforms/), so the upgrade a lab suggests is valid.

import { makeImageBytes } from './images';
import { DEFAULT_PLATFORM, labPlatform, type LabPlatform } from './platforms';
import { startFileServer } from './servers';

/** The default (ASAv) lab's upgrade images. */
export const LAB_TARGET_ASA = DEFAULT_PLATFORM.to.asa;
export const LAB_TARGET_ASDM = DEFAULT_PLATFORM.to.asdm;

export async function startLabImageServer(sizes = { asa: 4 * 1024 * 1024, asdm: 1024 * 1024 }, platform: string | LabPlatform = DEFAULT_PLATFORM) {
  const { asa, asdm } = (typeof platform === 'string' ? labPlatform(platform) : platform).to;
  const files = new Map<string, Buffer>([
    [asa, makeImageBytes(asa, sizes.asa)],
    [asdm, makeImageBytes(asdm, sizes.asdm)],
  ]);
  const server = await startFileServer('http', files);
  return { server, asaUrl: server.url(asa), asdmUrl: server.url(asdm) };
}
