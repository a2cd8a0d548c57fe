// The newer images a lab pair is upgraded to, served over HTTP from 127.0.0.1 so a rehearsal needs
// nothing but this tool. Sizes are small so a rehearsal is quick; the bench sets its own.

import { makeImageBytes } from './images';
import { startFileServer } from './servers';

export const LAB_TARGET_ASA = 'asa9-20-2-smp-k8.bin';
export const LAB_TARGET_ASDM = 'asdm-7201.bin';

export async function startLabImageServer(sizes = { asa: 4 * 1024 * 1024, asdm: 1024 * 1024 }) {
  const files = new Map<string, Buffer>([
    [LAB_TARGET_ASA, makeImageBytes(LAB_TARGET_ASA, sizes.asa)],
    [LAB_TARGET_ASDM, makeImageBytes(LAB_TARGET_ASDM, sizes.asdm)],
  ]);
  const server = await startFileServer('http', files);
  return { server, asaUrl: server.url(LAB_TARGET_ASA), asdmUrl: server.url(LAB_TARGET_ASDM) };
}
