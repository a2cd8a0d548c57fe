// Hostile image URLs against a real lab pair over SSH: whatever a user types for --asa/--asdm, the only
// commands that reach the device are the expected ones (reads, and for an accepted URL exactly one
// `copy /noconfirm <that URL> disk0:/<file>` per unit plus its verify). Runs the engine (download only) and
// the CLI's `plan` in-process, sharing one lab; every command line the lab received is checked.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { asaDialect } from '../../../src/asa/commands';
import { main } from '../../../src/cli/main';
import { InvalidInputError } from '../../../src/core/errors';
import { parseImageLocation, toCopySource } from '../../../src/core/image-location';
import { runUpgrade } from '../../../src/core/upgrade';
import { makeImageBytes, startLab, type LabPair } from '../../../src/lab';
import { startFileServer } from '../../../src/lab/servers';
import type { FileServer } from '../../../src/lab/servers/types';
import { connectToLab, type LabConnection } from '../../support/lab-connector';
import { NEW_ASA, NEW_ASDM } from '../upgrade/support';

const READS = /^(show (failover|failover state|version|running-config boot system|running-config asdm image|bootvar|clock|flash|disk0:)|dir disk0:(\/[A-Za-z0-9._+-]+)?|terminal pager( lines)? 0|terminal width 511|enable|verify \/(md5|sha-512) disk0:\/[A-Za-z0-9._+-]+)$/;
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/u;

const INJECTIONS = ['\r', '\n', '\r\n', '\u0000', '\u001b', '\u0085', '\u2028', '\u2029', '\t', ' ', ';', '; reload noconfirm', '\nreload noconfirm', '\rwrite erase', '\r\nno failover active', '"', "'", '`', '?', '#', '%0a', 'é', '\ufeff', ';type=an', '%41', '~', '+', ''];

function hostileUrl(base: string): fc.Arbitrary<string> {
  return fc
    .array(fc.tuple(fc.nat(), fc.oneof(fc.constantFrom(...INJECTIONS), fc.string({ unit: 'binary', maxLength: 3 }))), { maxLength: 3 })
    .map((splices) => {
      let s = base;
      for (const [at, frag] of splices) {
        const i = at % (s.length + 1);
        s = s.slice(0, i) + frag + s.slice(i);
      }
      return s;
    });
}

function acceptedSource(url: string): string | undefined {
  try {
    return toCopySource(parseImageLocation(url));
  } catch (e) {
    if (e instanceof InvalidInputError) return undefined;
    throw e;
  }
}

/** Every command the lab received since `mark` is a read, or the copy of one of `sources` into flash. */
function unexpectedCommands(lab: LabPair, mark: number, sources: string[]): string[] {
  const copies = new Set(sources.flatMap((s) => [NEW_ASA, NEW_ASDM].map((f) => `copy /noconfirm ${s} disk0:/${f}`)));
  return lab.history.events
    .slice(mark)
    .filter((e) => e.kind === 'command')
    .map((e) => e.command ?? '')
    .map((c) => c.replace(/^failover exec mate /, ''))
    .filter((c) => UNSAFE.test(c) || !(READS.test(c) || copies.has(c)));
}

/** Test set-up: the new images leave both units' flash, so every accepted URL is really copied again. */
function forgetNewImages(lab: LabPair): void {
  for (const role of ['primary', 'secondary'] as const) {
    const flash = (lab.units[role] as unknown as { flash?: Map<string, unknown> }).flash;
    flash?.delete(NEW_ASA);
    flash?.delete(NEW_ASDM);
  }
}

function commandsSince(lab: LabPair, mark: number): string[] {
  return lab.history.events.slice(mark).filter((e) => e.kind === 'command').map((e) => e.command ?? '');
}

class Sink {
  text = '';
  isTTY = false;
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

describe('hostile image URLs against a lab pair: no unexpected command reaches the device', function () {
  this.timeout(600_000);
  let lab: LabPair;
  let images: FileServer;
  let conn: LabConnection;
  let dir: string;
  let runs = 0;
  const tally = { refused: 0, accepted: 0, copied: 0 };

  before(async () => {
    lab = await startLab({ reloadSeconds: 1, imageSizes: { asa: 64 * 1024, asdm: 32 * 1024 } });
    images = await startFileServer(
      'http',
      new Map([
        [NEW_ASA, makeImageBytes(NEW_ASA, 96 * 1024)],
        [NEW_ASDM, makeImageBytes(NEW_ASDM, 48 * 1024)],
      ]),
    );
    conn = connectToLab(lab);
    dir = mkdtempSync(join(tmpdir(), 'hostile-lab-'));
    writeFileSync(join(dir, 'known_hosts'), lab.knownHostsLines());
  });
  after(async () => {
    console.log(`      lab-backed hostile runs: ${runs} (${tally.refused} refused before connecting, ${tally.accepted} accepted; ${tally.copied} copy commands reached the lab, each exactly the URL given)`);
    await conn?.close();
    await Promise.all([lab?.stop(), images?.stop()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the engine (download only) with hostile --asa and --asdm URLs', async () => {
    await fc.assert(
      fc.asyncProperty(hostileUrl(images.url(NEW_ASA)), hostileUrl(images.url(NEW_ASDM)), async (asa, asdm) => {
        runs++;
        forgetNewImages(lab);
        const mark = lab.history.events.length;
        const outcome = await runUpgrade({
          connector: conn.connector,
          dialect: asaDialect,
          request: { asa, asdm, downloadOnly: true },
          options: { pollIntervalMs: 100, copyTimeoutMs: 20_000, reloadTimeoutMs: 20_000, failoverTimeoutMs: 10_000 },
        });
        const sources = [acceptedSource(asa), acceptedSource(asdm)];
        const bad = unexpectedCommands(lab, mark, sources.filter((s): s is string => s !== undefined));
        assert.deepEqual(bad, [], `asa=${JSON.stringify(asa)} asdm=${JSON.stringify(asdm)} (${outcome.outcome}: ${outcome.message})`);
        tally.copied += commandsSince(lab, mark).filter((c) => c.includes('copy /noconfirm')).length;
        if (sources.includes(undefined)) tally.refused++;
        else tally.accepted++;
        if (sources.includes(undefined)) {
          assert.equal(outcome.outcome, 'refused', `an invalid URL was not refused: ${JSON.stringify([asa, asdm])}`);
          assert.deepEqual(commandsSince(lab, mark), [], 'a refused request still reached the device');
        }
        assert.equal(lab.history.reloads().length, 0);
      }),
      { numRuns: 120 },
    );
  });

  it('the CLI `plan` with hostile --asa values touches nothing and sends only reads', async () => {
    const env = { ASA_PASSWORD: lab.credentials.password, ASA_ENABLE_PASSWORD: lab.credentials.enablePassword };
    await fc.assert(
      fc.asyncProperty(hostileUrl(images.url(NEW_ASA)), async (asa) => {
        runs++;
        const mark = lab.history.events.length;
        const out = new Sink();
        const err = new Sink();
        const code = await main(
          [
            'plan',
            '--active', `127.0.0.1:${lab.activeEndpoint.port}`,
            '--standby', `127.0.0.1:${lab.standbyEndpoint.port}`,
            '--username', lab.credentials.username,
            '--known-hosts', join(dir, 'known_hosts'),
            '--asa', asa,
            // The running ASDM is older than the new ASA needs (src/core/compat): give the new one too.
            '--asdm', images.url(NEW_ASDM),
          ],
          { out: out as unknown as NodeJS.WriteStream, err: err as unknown as NodeJS.WriteStream, env },
        );
        const bad = unexpectedCommands(lab, mark, []);
        assert.deepEqual(bad, [], `--asa ${JSON.stringify(asa)}`);
        const accepted = acceptedSource(asa) !== undefined;
        if (accepted) tally.accepted++;
        else tally.refused++;
        assert.equal(code, accepted ? 0 : 2, `--asa ${JSON.stringify(asa)}: exit ${code}: ${err.text}`);
        if (!accepted) assert.deepEqual(commandsSince(lab, mark), [], 'a refused --asa still reached the device');
        assert.ok(!UNSAFE.test(out.text.replace(/\n/g, '')), 'the printed plan holds a control character');
      }),
      { numRuns: 80 },
    );
  });
});
