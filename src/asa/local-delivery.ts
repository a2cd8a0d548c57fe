// How local image files reach the units of one job: served over HTTP from this workstation (bound to the
// address that routes to the units, or --serve-address) while the copies run, or pushed over SCP on the
// SSH route the sessions take (jump hosts included). Implements core's LocalImageDelivery.

import { statSync } from 'node:fs';
import type { LocalImageDelivery, PairAddress } from '../core/ports';
import { localAddressTowards, startLocalFileServer, type LocalFileServer } from '../core/local-image/serve';
import type { AsaPairConnector } from './connector';
import { pushOverScp } from './ssh/scp-push';

export interface LocalDeliveryOptions {
  mode: 'http' | 'scp';
  connector: Pick<AsaPairConnector, 'exec'>;
  /** --serve-address: where to serve from; default the local address that routes to the unit. */
  serveAddress?: { host: string; port?: number };
  /** The host the units are reached at (to find the local address that routes to them). */
  unitHost(address: PairAddress): string;
  /** Called with the server once it runs (tests watch what it refused). */
  onServer?: (server: LocalFileServer) => void;
}

export function createLocalDelivery(o: LocalDeliveryOptions): LocalImageDelivery {
  const servers = new Map<string, Promise<LocalFileServer>>();
  const urls = new Map<string, string>();
  if (o.mode === 'scp') {
    return {
      mode: 'scp',
      async push(image, address, onBytes, options) {
        const result = await pushOverScp({
          connector: o.connector,
          address,
          localPath: image.path,
          file: image.file,
          bytes: image.bytes ?? statSync(image.path).size,
          signal: options?.signal,
          timeoutMs: options?.timeoutMs ?? 60 * 60_000,
          onBytes,
        });
        return { bytes: result.bytes, deviceLines: result.deviceLines };
      },
      async close() {},
    };
  }
  return {
    mode: 'http',
    async urlFor(image, address) {
      const host = o.serveAddress?.host ?? (await localAddressTowards(o.unitHost(address)));
      let server = servers.get(host);
      if (!server) {
        server = startLocalFileServer({ host, ...(o.serveAddress?.port !== undefined ? { port: o.serveAddress.port } : {}) });
        servers.set(host, server);
        void server.then((s) => o.onServer?.(s), () => servers.delete(host));
      }
      const key = `${host}\n${image.path}`;
      let url = urls.get(key);
      if (!url) urls.set(key, (url = (await server).add(image.path, image.file)));
      return url;
    },
    async close() {
      const all = [...servers.values()];
      servers.clear();
      urls.clear();
      await Promise.all(all.map((s) => s.then((x) => x.close(), () => undefined)));
    },
  };
}
