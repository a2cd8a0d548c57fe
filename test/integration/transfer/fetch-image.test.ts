// fetchImage against the lab's own file servers, protocol by protocol: the bytes that arrive are the bytes
// served, progress is reported, and each failure carries the reason the simulated ASA turns into `%Error`.

import { strict as assert } from 'node:assert';
import { fetchImage, TransferError } from '../../../src/lab/transfer';
import { startFileServer, SmbUnavailableError, type FileProtocol, type FileServer } from '../../../src/lab/servers';
import {
  IMAGE, PASSWORD, USERNAME, WRONG_PASSWORD,
  closedTcpPort, closedUdpPort, eventually, imageBytes, rejection, sha256, withPassword,
} from './support';

const PROTOCOLS: { protocol: FileProtocol; hasAuth: boolean }[] = [
  { protocol: 'http', hasAuth: true },
  { protocol: 'https', hasAuth: true },
  { protocol: 'ftp', hasAuth: true },
  { protocol: 'tftp', hasAuth: false },
  { protocol: 'scp', hasAuth: true },
  { protocol: 'smb', hasAuth: true },
];

const image = imageBytes();

for (const { protocol, hasAuth } of PROTOCOLS) {
  describe(`fetchImage over ${protocol}`, function () {
    let server: FileServer | undefined;

    before(async function () {
      try {
        server = await startFileServer(protocol, new Map([[IMAGE, image]]), hasAuth ? { username: USERNAME, password: PASSWORD } : {});
      } catch (err) {
        if (err instanceof SmbUnavailableError) {
          console.log(`      (skipping ${protocol}: ${err.message})`);
          this.skip();
        }
        throw err;
      }
    });
    after(async () => server?.stop());

    const url = (file = IMAGE) => (server as FileServer).url(file, { withCredentials: true });

    it('copies a 3 MB image byte for byte and reports progress up to its size', async () => {
      const seen: number[] = [];
      const data = await fetchImage(url(), { onBytes: (n) => seen.push(n) });
      assert.equal(data.length, image.length);
      assert.equal(sha256(data), sha256(image));
      assert.ok(seen.length > 1, `progress reported ${seen.length} time(s)`);
      assert.deepEqual([...seen].sort((a, b) => a - b), seen, 'progress only grows');
      assert.equal(seen[seen.length - 1], image.length);
      const last = await eventually(() => server?.requests.at(-1), (r) => r?.ok === true);
      assert.deepEqual(last, { file: IMAGE, ok: true });
    });

    it('says not-found for a file the server does not have', async () => {
      const err = await rejection(fetchImage(url('asa9-99-9-smp-k8.bin'), { timeoutMs: 5000 }));
      assert.ok(err instanceof TransferError, String(err));
      assert.equal(err.reason, 'not-found', err.message);
      assert.match(err.message, /asa9-99-9-smp-k8\.bin/);
    });

    if (hasAuth) {
      it('says auth for a wrong password, and the message holds no password', async () => {
        const err = await rejection(fetchImage(withPassword(url(), WRONG_PASSWORD), { timeoutMs: 5000 }));
        assert.ok(err instanceof TransferError, String(err));
        assert.equal(err.reason, 'auth', err.message);
        assert.ok(!err.message.includes(WRONG_PASSWORD), err.message);
        assert.ok(!err.message.includes(PASSWORD), err.message);
        assert.match(err.message, new RegExp(`${USERNAME}:\\*+@`));
      });
    }

    it('says unreachable when nothing listens on the port', async () => {
      const port = protocol === 'tftp' ? await closedUdpPort() : await closedTcpPort();
      const target = new URL(url());
      target.port = String(port);
      const err = await rejection(fetchImage(target.href, { timeoutMs: 1000 }));
      assert.ok(err instanceof TransferError, String(err));
      assert.equal(err.reason, 'unreachable', err.message);
      assert.ok(!err.message.includes(PASSWORD), err.message);
    });

    it('stops when the caller aborts', async () => {
      const controller = new AbortController();
      let calls = 0;
      const started = Date.now();
      const err = await rejection(fetchImage(url(), {
        signal: controller.signal,
        onBytes: () => {
          calls++;
          controller.abort();
        },
      }));
      assert.equal(err.name, 'AbortError');
      assert.equal(calls, 1, 'no progress after the abort');
      assert.ok(Date.now() - started < 5000);
    });
  });
}
