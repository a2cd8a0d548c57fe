// Upgrading the lab from image files on this workstation (served over HTTP for the copies only, or pushed
// over SCP), and holding the copies to a SHA-512: right, wrong (stops before any boot system), from a
// .sha512 beside the image. What the units did is read from the lab's own history.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalDelivery } from '../../../src/asa/local-delivery';
import { withImageFacts } from '../../../src/asa/published-hash';
import { pushOverScp } from '../../../src/asa/ssh/scp-push';
import { InvalidInputError } from '../../../src/core/errors';
import type { LocalFileServer } from '../../../src/core/local-image/serve';
import type { UpgradeEvent } from '../../../src/core/model';
import { makeImageBytes } from '../../../src/lab';
import { startFileServer } from '../../../src/lab/servers';
import { assertInvariants, changingCommands, NEW_ASA, NEW_ASDM, NEW_VERSION, SIZES, startBench, type Bench } from '../upgrade/support';

const sha512 = (b: Buffer): string => createHash('sha512').update(b).digest('hex');

/** Whether anything still answers at `url` (the image server must be gone once the copies end). */
function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = httpRequest(url, { method: 'HEAD', timeout: 2000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}

const stepMessages = (events: UpgradeEvent[], status: string): string[] =>
  events.filter((e) => e.type === 'step' && e.status === status && e.stepId.startsWith('verify-')).map((e) => (e.type === 'step' ? e.message ?? '' : ''));

describe('local image files and SHA-512 against the published value', function () {
  this.timeout(120_000);
  let bench: Bench | undefined;
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'local-images-'));
  });
  afterEach(async () => {
    await bench?.stop();
    bench = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  function localCopies(b: Bench): { asa: string; asdm: string } {
    const asa = join(dir, NEW_ASA);
    const asdm = join(dir, NEW_ASDM);
    writeFileSync(asa, b.files.get(NEW_ASA)!);
    writeFileSync(asdm, b.files.get(NEW_ASDM)!);
    return { asa, asdm };
  }

  it('upgrades from local files served over HTTP only while the copies run; size and hash are in the plan', async () => {
    bench = await startBench();
    const paths = localCopies(bench);
    const request = await withImageFacts({ asa: paths.asa, asdm: `file://${paths.asdm}` });
    assert.equal(request.asaBytes, SIZES.asa);
    assert.equal(request.asaSha512, sha512(bench.files.get(NEW_ASA)!));
    assert.equal(request.asaSha512Origin, 'local-file');
    let server: LocalFileServer | undefined;
    const delivery = createLocalDelivery({ mode: 'http', connector: bench.connector, unitHost: () => '127.0.0.1', onServer: (s) => (server = s) });
    const { outcome, events } = await bench.run({ request, localImages: delivery });
    assert.equal(outcome.outcome, 'upgraded', outcome.message);
    assert.equal(bench.lab.units.primary.version, NEW_VERSION);
    assertInvariants(bench.lab, { secondaryFirst: true });
    const plan = events.find((e) => e.type === 'plan');
    const notes = plan?.type === 'plan' ? plan.plan.imageNotes ?? [] : [];
    assert.ok(notes.some((n) => n.includes(`local file ${paths.asa}, ${SIZES.asa} bytes, served over HTTP`) && n.includes('no published hash given')), notes.join('\n'));
    // The units fetched with their ordinary copy, from an unguessable path on the address that routes to them.
    const copies = bench.lab.history.events.filter((e) => e.kind === 'copy-start').map((e) => e.detail ?? '');
    assert.equal(copies.length, 4, copies.join('\n'));
    const urls = copies.map((c) => c.split(' -> ')[0]);
    for (const url of urls) assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{32}\/(asa9-20-2-smp-k8|asdm-7201)\.bin$/);
    assert.equal(server?.served(), 4);
    assert.equal(server?.refused(), 0);
    // Stopped once the copies ended.
    assert.equal(await answers(urls[0]), false);
    // Both units checked the SHA-512 of what they received against the local file's.
    assert.equal(bench.lab.history.commands().filter((c) => /^(failover exec mate )?verify \/sha-512 disk0:\/asa9-20-2-smp-k8\.bin$/.test(c)).length, 2);
    assert.ok(stepMessages(events, 'done').some((m) => m.includes('SHA-512 matches the local file (no published hash given)')));
  });

  it('pushes a local file over SCP on the SSH route when the units allow it (ssh scopy enable)', async () => {
    bench = await startBench({ sshScopy: true });
    const paths = localCopies(bench);
    const request = await withImageFacts({ asa: paths.asa, asdm: paths.asdm, localDelivery: 'scp' });
    const delivery = createLocalDelivery({ mode: 'scp', connector: bench.connector, unitHost: () => '127.0.0.1' });
    const { outcome } = await bench.run({ request, localImages: delivery });
    assert.equal(outcome.outcome, 'upgraded', outcome.message);
    assert.equal(bench.lab.units.secondary.version, NEW_VERSION);
    const pushes = bench.lab.history.events.filter((e) => e.kind === 'copy-end' && /scp push/.test(e.detail ?? ''));
    assert.deepEqual(pushes.map((e) => `${e.unit} ${e.bytes}`).sort(), [`primary ${SIZES.asa}`, `primary ${SIZES.asdm}`, `secondary ${SIZES.asa}`, `secondary ${SIZES.asdm}`].sort());
    assert.deepEqual(bench.lab.history.commands().filter((c) => c.startsWith('copy ')), []);
    assert.ok(bench.lab.units.secondary.readFile(NEW_ASA)?.equals(bench.files.get(NEW_ASA)!), 'the pushed bytes are the file\'s');
  });

  it('copes with the signature check an ASA writes into the SCP channel for a .SPA image', async () => {
    bench = await startBench({ sshScopy: true });
    const spa = 'asa9-16-3-19-lfbff-k8.SPA';
    const bytes = makeImageBytes(spa, 700 * 1024 + 3);
    writeFileSync(join(dir, spa), bytes);
    const result = await pushOverScp({ connector: bench.connector, address: 'active', localPath: join(dir, spa), file: spa, bytes: bytes.length, timeoutMs: 30_000 });
    assert.equal(result.bytes, bytes.length);
    assert.ok(result.deviceLines.includes('Digital signature successfully validated'), result.deviceLines.join('\n'));
    assert.ok(result.deviceLines.some((l) => l.startsWith(`Computed Hash   SHA2: ${sha512(bytes).slice(0, 32)}`)), result.deviceLines.join('\n'));
    assert.equal(bench.lab.units.primary.files().get(spa), bytes.length);
  });

  it('refuses to push when a unit does not accept SCP, says how to enable it, and copies nothing', async () => {
    bench = await startBench();
    const paths = localCopies(bench);
    // ASA 9.20 needs ASDM 7.20 or later (issue 11): the new ASDM goes with it, also from a local file, so the
    // request is valid and only the SCP refusal stops it.
    const request = await withImageFacts({ asa: paths.asa, asdm: paths.asdm, localDelivery: 'scp' });
    const delivery = createLocalDelivery({ mode: 'scp', connector: bench.connector, unitHost: () => '127.0.0.1' });
    const { outcome } = await bench.run({ request, localImages: delivery });
    assert.equal(outcome.outcome, 'failed', outcome.message);
    assert.match(outcome.message, /ssh scopy enable/);
    assert.match(outcome.message, /write memory/);
    assert.ok(bench.lab.history.commands().includes('show running-config ssh scopy'));
    assert.equal(bench.lab.history.events.filter((e) => e.kind === 'copy-start').length, 0);
    assert.deepEqual(changingCommands(bench.lab), []);
  });

  it('the right published SHA-512 passes on both units before the boot configuration', async () => {
    bench = await startBench();
    const { outcome, events } = await bench.run({ request: bench.request({ asaSha512: sha512(bench.files.get(NEW_ASA)!).toUpperCase() }) });
    assert.equal(outcome.outcome, 'upgraded', outcome.message);
    const history = bench.lab.history.commandEvents();
    const verifies = history.filter((e) => /verify \/sha-512 disk0:\/asa9-20-2-smp-k8\.bin$/.test(e.command ?? ''));
    assert.equal(new Set(verifies.map((e) => e.unit)).size, 2);
    const firstBoot = history.find((e) => /^boot system/.test(e.command ?? ''));
    assert.ok(firstBoot && verifies.every((v) => v.at <= firstBoot.at), 'the SHA-512 checks ran before boot system');
    assert.equal(stepMessages(events, 'done').filter((m) => m.includes("SHA-512 matches Cisco's published value")).length, 2);
    // The progress panel shows the log: the verdict is there for each unit.
    const logs = events.filter((e) => e.type === 'log').map((e) => (e.type === 'log' ? e.message : ''));
    assert.ok(logs.includes(`disk0:/${NEW_ASA} on the primary: SHA-512 matches Cisco's published value.`), logs.join('\n'));
    assert.ok(logs.some((l) => l.startsWith(`${NEW_ASDM}: no published hash given`)), logs.join('\n'));
  });

  it("a wrong SHA-512 stops before any boot system, names both values, and deletes nothing", async () => {
    bench = await startBench();
    const wrong = 'ab'.repeat(64);
    const right = sha512(bench.files.get(NEW_ASA)!);
    const { outcome } = await bench.run({ request: bench.request({ asaSha512: wrong }) });
    assert.equal(outcome.outcome, 'failed', outcome.message);
    assert.ok(outcome.message.includes(wrong) && outcome.message.includes(right), outcome.message);
    assert.match(outcome.message, /Nothing was configured or reloaded, and nothing was deleted/);
    const changing = changingCommands(bench.lab);
    assert.ok(!changing.some((c) => /boot system|configure|write|reload|delete|asdm image/.test(c)), changing.join('\n'));
    assert.equal(bench.lab.units.primary.files().get(NEW_ASA), SIZES.asa);
    assert.equal(bench.lab.units.secondary.files().get(NEW_ASA), SIZES.asa);
    assert.deepEqual(bench.lab.units.primary.bootImages, ['disk0:/asa9-18-4-22-smp-k8.bin']);
  });

  it('finds the published SHA-512 in FILE.sha512 beside the image on an HTTP server (sha512sum format)', async () => {
    const bytes = makeImageBytes(NEW_ASA, 4096);
    const files = new Map([[NEW_ASA, bytes], [`${NEW_ASA}.sha512`, Buffer.from(`${sha512(bytes)}  ${NEW_ASA}\n`)]]);
    const server = await startFileServer('http', files);
    try {
      const request = await withImageFacts({ asa: server.url(NEW_ASA) });
      assert.equal(request.asaSha512, sha512(bytes));
      assert.equal(request.asaSha512Origin, 'published');
      const none = await withImageFacts({ asa: server.url(NEW_ASA).replace(NEW_ASA, 'asa9-20-1-smp-k8.bin') });
      assert.equal(none.asaSha512, undefined);
    } finally {
      await server.stop();
    }
  });

  it('a local file that does not match its published SHA-512 (given or beside it) is refused before connecting', async () => {
    const path = join(dir, NEW_ASA);
    writeFileSync(path, makeImageBytes(NEW_ASA, 2048));
    await assert.rejects(withImageFacts({ asa: path, asaSha512: 'cd'.repeat(64) }), (e: unknown) => e instanceof InvalidInputError && /not the image Cisco published/.test(e.message));
    writeFileSync(`${path}.sha512`, `SHA512 (${NEW_ASA}) = ${'ef'.repeat(64)}\n`);
    await assert.rejects(withImageFacts({ asa: path }), (e: unknown) => e instanceof InvalidInputError && e.message.includes('ef'.repeat(64)));
  });
});
