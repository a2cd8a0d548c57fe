import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseCopy, parseVerify } from '../../../src/asa/parsers';
import { makeImageBytes, startLab, type LabPair } from '../../../src/lab';
import { RawShell } from './raw-shell';

const NEW_ASA = 'asa9-20-2-smp-k8.bin';

describe('lab copy, verify and delete', function () {
  this.timeout(20000);
  let lab: LabPair;
  let http: Server;
  let base: string;
  const image = makeImageBytes(NEW_ASA, 300 * 1024);
  const shells: RawShell[] = [];

  before(async () => {
    lab = await startLab({ reloadSeconds: 2 });
    http = createServer((req, res) => {
      if (req.url === `/images/${NEW_ASA}`) {
        res.writeHead(200, { 'content-length': image.length });
        res.end(image);
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(http.address() as AddressInfo).port}/images`;
  });
  after(async () => {
    for (const s of shells) s.close();
    await lab.stop();
    await new Promise<void>((r) => http.close(() => r()));
  });
  afterEach(() => lab.faults.clear());
  const open = async (address: 'active' | 'standby' = 'active'): Promise<RawShell> => {
    const s = await RawShell.login(lab, address);
    shells.push(s);
    return s;
  };

  it('copies the real bytes from a URL and verify hashes what was stored', async () => {
    const s = await open();
    const out = await s.run(`copy /noconfirm ${base}/${NEW_ASA} disk0:/${NEW_ASA}`);
    assert.match(out, new RegExp(`^Accessing ${base}/${NEW_ASA}\\.\\.\\.!+$`, 'm'));
    assert.match(out, new RegExp(`^Writing file disk0:/${NEW_ASA}\\.\\.\\.$`, 'm'));
    assert.match(out, /^!+$/m);
    assert.match(out, new RegExp(`^${image.length} bytes copied in \\d+\\.\\d{3} secs \\(\\d+ bytes/sec\\)$`, 'm'));
    assert.equal(parseCopy(out).bytes, image.length, 'the session layer\'s parser reads it');
    assert.deepEqual(lab.units.primary.readFile(NEW_ASA), image);
    const md5 = createHash('md5').update(image).digest('hex');
    const sha = createHash('sha512').update(image).digest('hex');
    assert.match(await s.run(`verify /md5 disk0:/${NEW_ASA}`), new RegExp(`^verify /md5 \\(disk0:/${NEW_ASA}\\) = ${md5}$`, 'm'));
    const shaOut = await s.run(`verify /sha-512 disk0:/${NEW_ASA}`);
    assert.match(shaOut, new RegExp(`^verify /sha-512 \\(disk0:/${NEW_ASA}\\) = ${sha}$`, 'm'));
    assert.equal(parseVerify(shaOut).hash, sha);
    assert.match(await s.run('dir disk0:'), new RegExp(` ${image.length} +.*  ${NEW_ASA}$`, 'm'));
    const copies = lab.history.copies('primary');
    assert.equal(copies.at(-1)?.kind, 'copy-end');
    assert.equal(copies.at(-1)?.bytes, image.length);
  });

  it('copies onto the mate through failover exec mate', async () => {
    const s = await open();
    const out = await s.run(`failover exec mate copy /noconfirm ${base}/${NEW_ASA} disk0:/${NEW_ASA}`);
    assert.match(out, /bytes copied in/);
    assert.deepEqual(lab.units.secondary.readFile(NEW_ASA), image);
    assert.ok(lab.history.commandEvents('secondary').some((e) => e.via === 'mate' && e.command?.startsWith('copy /noconfirm')));
  });

  it('reports a missing file, an unreachable server and a full flash as an ASA does', async () => {
    const s = await open();
    assert.match(await s.run(`copy /noconfirm ${base}/nope.bin disk0:/nope.bin`), new RegExp(`^%Error opening ${base}/nope.bin \\(No such file or directory\\)$`, 'm'));
    lab.faults.inject({ kind: 'copy-unreachable', times: 1 });
    assert.match(await s.run(`copy /noconfirm ${base}/${NEW_ASA} disk0:/x.bin`), /^%Error copying .* \(Timeout\)$/m);
    lab.faults.inject({ kind: 'copy-missing-file', unit: 'primary' });
    assert.match(await s.run(`copy /noconfirm ${base}/${NEW_ASA} disk0:/x.bin`), /^%Error opening .* \(No such file or directory\)$/m);
    lab.faults.clear();
    lab.faults.inject({ kind: 'flash-full' });
    assert.match(await s.run(`copy /noconfirm ${base}/${NEW_ASA} disk0:/x.bin`), /^%Error writing disk0:\/x\.bin \(No space left on device\)$/m);
    assert.equal(lab.units.primary.readFile('x.bin'), undefined);
  });

  it('runs out of flash for real when the image does not fit', async () => {
    const small = await startLab({ flashTotalBytes: 3 * 1024 * 1024 + 100 * 1024 });
    try {
      const s = await RawShell.login(small, 'active');
      shells.push(s);
      assert.match(await s.run(`copy /noconfirm ${base}/${NEW_ASA} disk0:/${NEW_ASA}`), /\(No space left on device\)/);
    } finally {
      await small.stop();
    }
  });

  it('stores different bytes under corrupt-transfer, so verify shows another hash', async () => {
    const s = await open('standby');
    lab.faults.inject({ kind: 'corrupt-transfer', unit: 'secondary', times: 1 });
    assert.match(await s.run(`copy /noconfirm ${base}/${NEW_ASA} disk0:/bad.bin`), /bytes copied/);
    const md5 = createHash('md5').update(image).digest('hex');
    const out = await s.run('verify /md5 disk0:/bad.bin');
    assert.match(out, /^verify \/md5 \(disk0:\/bad\.bin\) = [0-9a-f]{32}$/m);
    assert.ok(!out.includes(md5));
  });

  it('throttles a copy to copyBytesPerSecond', async () => {
    const slow = await startLab({ copyBytesPerSecond: 600 * 1024 });
    try {
      const s = await RawShell.login(slow, 'active');
      shells.push(s);
      const started = Date.now();
      await s.run(`copy /noconfirm ${base}/${NEW_ASA} disk0:/${NEW_ASA}`);
      assert.ok(Date.now() - started >= 400, 'about half a second for 300 KiB at 600 KiB/s');
    } finally {
      await slow.stop();
    }
  });

  it('goes on with a copy whose session dropped, as a real unit does', async () => {
    const slow = await startLab({ copyBytesPerSecond: 1024 * 1024 });
    try {
      const s = await RawShell.login(slow, 'active');
      shells.push(s);
      slow.faults.inject({ kind: 'drop-session', unit: 'primary', command: 'copy', times: 1 });
      s.send(`copy /noconfirm ${base}/${NEW_ASA} disk0:/${NEW_ASA}`);
      assert.equal(await s.waitClosed(), true);
      assert.ok((slow.units.primary.files().get(NEW_ASA) ?? 0) < image.length, 'still copying when the session dropped');
      await slow.waitFor((l) => l.units.primary.files().get(NEW_ASA) === image.length, 5000, 'the copy to finish');
      assert.deepEqual(slow.units.primary.readFile(NEW_ASA), image);
    } finally {
      await slow.stop();
    }
  });

  it('deletes files and says so when there is none', async () => {
    const s = await open();
    lab.putFile('primary', 'old.bin', Buffer.from('x'));
    assert.equal(await s.run('delete /noconfirm disk0:/old.bin'), '');
    assert.equal(lab.units.primary.files().has('old.bin'), false);
    assert.match(await s.run('delete /noconfirm disk0:/old.bin'), /^%Error deleting disk0:\/old\.bin \(No such file or directory\)$/m);
  });
});
