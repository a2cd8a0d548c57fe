// Every string a user types that can reach a device is either refused (InvalidInputError) or becomes exactly
// one command line with no control character, line break or Unicode line separator in it. Property-based
// (fast-check): image URLs and flash paths (--asa/--asdm, the editor's input box), file names, host names
// (parseEndpoint), pair names (journal and lock keys), and the dialect that builds the command lines.
// Replay a failure with the seed and path fast-check prints.

import assert from 'node:assert/strict';
import { basename, dirname, join } from 'node:path';
import fc from 'fast-check';
import { asaDialect } from '../../../src/asa/commands';
import { parseEndpoint } from '../../../src/asa/endpoint';
import { InvalidInputError } from '../../../src/core/errors';
import { parseImageLocation, toCopySource } from '../../../src/core/image-location';
import { flashPathFor } from '../../../src/core/plan';
import { requestFromFlags } from '../../../src/cli/request';
import { requestForResume } from '../../../src/cli/commands/resume';
import { defaultJournalPath, pairKeyOf } from '../../../src/cli/commands/upgrade';
import { lockFileName } from '../../../src/core/pair-lock';
import { userStateDirectory } from '../../../src/core/state-dir';

/** Counts generated inputs across the file; the last test prints the total. */
let generated = 0;
const RUNS = Number(process.env.HOSTILE_RUNS ?? 1);

/** Anything that would end a line or be a control character for some terminal, parser or log reader. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/u;

export function assertOneSafeLine(line: unknown, what: string): void {
  assert.equal(typeof line, 'string', `${what} is not a string`);
  const text = line as string;
  assert.ok(!UNSAFE.test(text), `${what} holds a control character or line break: ${JSON.stringify(text)}`);
  assert.ok(!text.includes('?'), `${what} holds "?" (ASA help): ${JSON.stringify(text)}`);
  assert.equal(text, text.trim(), `${what} has leading/trailing space: ${JSON.stringify(text)}`);
  assert.ok(!/ {2}/.test(text), `${what} has an empty argument: ${JSON.stringify(text)}`);
}

/** Runs `fn`; an InvalidInputError is a refusal (fine), any other error fails the property. */
function refusedOr<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (e) {
    if (e instanceof InvalidInputError) return undefined;
    throw e;
  }
}

const INJECTIONS = [
  '\r', '\n', '\r\n', '\n\r', '\u0000', '\u0007', '\u0008', '\u001b', '\u001b[2J', '\u007f', '\u0085', '\u009b',
  '\u2028', '\u2029', '\ufeff', '\u200b', '\t', '\v', '\f', ' ', ';', '; reload noconfirm', '\nreload noconfirm',
  '\rwrite erase\r', '\r\nfailover active\r\n', '"', "'", '`', '$(reload)', '|', '&', '?', '#', '\\', '%0a', '%0D%0A',
  '%', '@', ':', '/', '..', '../', 'é', 'ß', '日本', '🔥', '\u0301', '\ud800', ';type=an', ';int=outside', ';int=in side',
];

const PROTOCOLS = ['ftp', 'tftp', 'http', 'https', 'scp', 'smb', 'FTP', 'Http', 'file', 'gopher', 'disk0', 'flash'];
const HOSTS = ['10.0.0.5', 'images.example.com', '[2001:db8::5]', 'srv', 'a-b.c', '127.0.0.1:8080', 'user:pw@10.0.0.5', 'u@h'];
const DIRS = ['', 'images/', 'a/b/', 'asa/9.20/', '~user/', 'x+y=z,w/'];
const FILES = ['asa9-20-2-smp-k8.bin', 'asdm-7201.bin', 'asa9-18-4-22-smp-k8.bin', 'cisco-asa.9.20.2.SPA.csp', 'asdm-7181-152.bin', 'x.bin'];

/** A plausible image location with hostile fragments spliced in at random places. */
const hostileLocation = fc
  .tuple(
    fc.constantFrom(...PROTOCOLS),
    fc.constantFrom(...HOSTS),
    fc.constantFrom(...DIRS),
    fc.constantFrom(...FILES),
    fc.array(fc.tuple(fc.nat(), fc.oneof(fc.constantFrom(...INJECTIONS), fc.string({ unit: 'binary', maxLength: 4 }))), { maxLength: 3 }),
    fc.boolean(),
  )
  .map(([proto, host, dir, file, splices, flash]) => {
    let s = flash ? `${proto === 'flash' ? 'flash' : 'disk0'}:/${file}` : `${proto}://${host}/${dir}${file}`;
    for (const [at, frag] of splices) {
      const i = at % (s.length + 1);
      s = s.slice(0, i) + frag + s.slice(i);
    }
    return s;
  });

/** Any text at all, with line breaks and control characters made likely. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.array(fc.oneof(fc.constantFrom(...INJECTIONS), fc.string({ maxLength: 6 })), { maxLength: 8 }).map((a) => a.join('')),
);

function checkAcceptedLocation(input: string, kind?: 'asa' | 'asdm'): void {
  generated++;
  const source = refusedOr(() => parseImageLocation(input, kind));
  if (!source) return;
  const copySource = toCopySource(source);
  assertOneSafeLine(copySource, `the copy source of ${JSON.stringify(input)}`);
  assert.ok(!/\s/.test(copySource), `the copy source has whitespace: ${JSON.stringify(copySource)}`);
  assert.match(source.file, /^[A-Za-z0-9._+-]+$/);
  // What would really be typed on the device, built the way the runner builds it.
  const lines = [
    asaDialect.copy(copySource, flashPathFor(source.file)),
    asaDialect.verify(flashPathFor(source.file), 'md5'),
    ...asaDialect.setBootImages([flashPathFor(source.file), 'disk0:/asa9-18-4-22-smp-k8.bin'], flashPathFor(source.file)),
  ];
  for (const line of [...lines, ...lines.map((l) => asaDialect.onMate(l))]) assertOneSafeLine(line, `a command built from ${JSON.stringify(input)}`);
  const copy = lines[0].split(' ');
  assert.deepEqual(copy.slice(0, 2), ['copy', '/noconfirm']);
  assert.equal(copy.length, 4, `the copy command has ${copy.length} words: ${lines[0]}`);
}

describe('hostile input never adds a command (property-based)', () => {
  it('image locations with injected line breaks, control characters, ";", spaces, quotes and Unicode separators', () => {
    fc.assert(fc.property(hostileLocation, (s) => checkAcceptedLocation(s)), { numRuns: 3000 * RUNS });
  });

  it('image locations that must be an ASA or an ASDM image, from arbitrary text', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, hostileLocation), fc.constantFrom<'asa' | 'asdm' | undefined>('asa', 'asdm', undefined), (s, kind) => checkAcceptedLocation(s, kind)),
      { numRuns: 2000 * RUNS },
    );
  });

  it('the CLI flags --asa/--asdm (upgrade, plan) and resume with URLs given again', () => {
    fc.assert(
      fc.property(fc.oneof(hostileLocation, anyText), fc.option(fc.oneof(hostileLocation, anyText)), (asa, asdm) => {
        generated++;
        const request = refusedOr(() => requestFromFlags({ asa, asdm: asdm ?? undefined }));
        if (request) {
          for (const u of [request.asa, request.asdm]) if (u) assertOneSafeLine(toCopySource(parseImageLocation(u)), 'an accepted --asa/--asdm');
        }
        const saved = { asa: 'http://10.0.0.5/asa9-20-2-smp-k8.bin', asdm: 'http://10.0.0.5/asdm-7201.bin' };
        const resumed = refusedOr(() => requestForResume(saved, { asa, asdm: asdm ?? undefined }));
        if (resumed) for (const u of [resumed.asa, resumed.asdm]) assertOneSafeLine(toCopySource(parseImageLocation(u!)), 'a resumed --asa/--asdm');
      }),
      { numRuns: 1500 * RUNS },
    );
  });

  it('the command builders themselves refuse what the validators might let through (last line of defence)', () => {
    fc.assert(
      fc.property(anyText, anyText, fc.array(anyText, { minLength: 1, maxLength: 3 }), (a, b, boots) => {
        generated++;
        const built: Array<() => string | string[]> = [
          () => asaDialect.copy(a, b),
          () => asaDialect.verify(a, 'md5'),
          () => asaDialect.verify(b, 'sha-512'),
          () => asaDialect.setBootImages(boots, a),
          () => asaDialect.setBootImages(boots, undefined),
        ];
        for (const build of built) {
          const out = refusedOr(build);
          if (out === undefined) continue;
          for (const line of Array.isArray(out) ? out : [out]) assertOneSafeLine(line, `a command built from ${JSON.stringify([a, b, boots])}`);
        }
        // onMate wraps a whole command line (spaces allowed): it must still be one line with no control character.
        const mate = refusedOr(() => asaDialect.onMate(a));
        if (mate !== undefined) {
          assert.ok(!UNSAFE.test(mate) && !mate.includes('?'), `onMate(${JSON.stringify(a)}) gave ${JSON.stringify(mate)}`);
        }
      }),
      { numRuns: 2500 * RUNS },
    );
  });

  it('host names and addresses (--active, --standby, the editor form) via parseEndpoint', () => {
    const hostileHost = fc
      .tuple(fc.constantFrom('10.0.0.1', 'asa.example.com', 'fw-1', '[2001:db8::1]', '2001:db8::1', 'h'), fc.option(fc.integer({ min: -5, max: 70000 })), fc.array(fc.tuple(fc.nat(), fc.constantFrom(...INJECTIONS)), { maxLength: 2 }))
      .map(([host, port, splices]) => {
        let s = port === null ? host : `${host}:${port}`;
        for (const [at, frag] of splices) {
          const i = at % (s.length + 1);
          s = s.slice(0, i) + frag + s.slice(i);
        }
        return s;
      });
    fc.assert(
      fc.property(fc.oneof(hostileHost, anyText), (s) => {
        generated++;
        const ep = refusedOr(() => parseEndpoint(s, 22));
        if (!ep) return;
        assertOneSafeLine(ep.host, `the host from ${JSON.stringify(s)}`);
        assert.ok(!/[\s"'`;|&$\\]/.test(ep.host), `the host from ${JSON.stringify(s)} is ${JSON.stringify(ep.host)}`);
        assert.ok(Number.isInteger(ep.port) && ep.port >= 1 && ep.port <= 65535, `port ${ep.port}`);
      }),
      { numRuns: 2000 * RUNS },
    );
  });

  it('pair names and keys: journals and locks stay in their folder with a plain file name', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.constantFrom('../../etc/passwd', '..', '.', '/abs', 'C:\\x', 'a/../../b', '\u0000')), (name) => {
        generated++;
        const path = defaultJournalPath(name, { HOME: '/home/u' });
        assert.equal(dirname(path), join(userStateDirectory({ HOME: '/home/u' }), 'journals'));
        assert.match(basename(path), /^[A-Za-z0-9+._-]*\.json$/);
        assert.ok(!['.json', '..json'].includes(basename(path)) || name === '' || /^\.+$/.test(name.replace(/[^A-Za-z0-9+._-]/g, '_')));
        // Serial numbers come from the devices: a lock file name made of them stays a plain name in its folder.
        const lock = lockFileName(name);
        assert.match(lock, /^[A-Za-z0-9+._-]+\.lock$/);
        const key = refusedOr(() => pairKeyOf(name));
        if (key !== undefined) assertOneSafeLine(key, `the pair key from ${JSON.stringify(name)}`);
      }),
      { numRuns: 1000 * RUNS },
    );
  });

  after(() => {
    console.log(`      hostile inputs generated: ${generated}`);
  });
});
