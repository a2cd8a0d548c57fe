import assert from 'node:assert/strict';
import { startFileServer, SmbUnavailableError, type FileProtocol, type FileServer } from '../../../src/lab/servers';
import { NEW_ASA, NEW_ASDM, SIZES, startBench, type Bench } from './support';

const PASSWORD = 'Pr0to-Secret-7781';

describe('images copied over each URL protocol', function () {
  this.timeout(90_000);
  let bench: Bench | undefined;
  let server: FileServer | undefined;
  afterEach(async () => {
    await server?.stop();
    await bench?.stop();
    server = undefined;
    bench = undefined;
  });

  for (const protocol of ['http', 'https', 'ftp', 'tftp', 'scp', 'smb'] as FileProtocol[]) {
    it(`${protocol}: both images reach both units byte for byte, and the URL password appears nowhere`, async function () {
      bench = await startBench();
      try {
        server = await startFileServer(protocol, bench.files, protocol === 'tftp' ? {} : { username: 'images', password: PASSWORD });
      } catch (e) {
        if (e instanceof SmbUnavailableError) this.skip(); // no smbd on this machine: SMB cannot be served locally
        throw e;
      }
      const asa = server.url(NEW_ASA, { withCredentials: true });
      const asdm = server.url(NEW_ASDM, { withCredentials: true });
      const { outcome, events } = await bench.run({
        request: { asa, asdm, downloadOnly: true, asaMd5: bench.md5(NEW_ASA), asdmMd5: bench.md5(NEW_ASDM) },
      });
      assert.equal(outcome.outcome, 'downloaded', outcome.message);
      for (const unit of [bench.lab.units.primary, bench.lab.units.secondary]) {
        assert.equal(unit.files().get(NEW_ASA), SIZES.asa);
        assert.equal(unit.files().get(NEW_ASDM), SIZES.asdm);
      }
      assert.ok(server.requests.filter((r) => r.ok).length >= 4, `server saw ${JSON.stringify(server.requests)}`);
      assert.ok(!JSON.stringify({ outcome, events }).includes(PASSWORD));
    });
  }
});
