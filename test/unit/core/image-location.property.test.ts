import assert from 'node:assert/strict';
import fc from 'fast-check';
import { asaDialect } from '../../../src/asa/commands';
import { imageLocationProblem, parseImageLocation, toCopySource } from '../../../src/core/image-location';
import { InvalidInputError } from '../../../src/core/errors';

const RUNS = 10_000;
const ASA = 'asa9-20-2-smp-k8.bin';

/** Pieces hostile input is made of: line breaks, control characters, quotes, separators, command words. */
const hostile = fc.constantFrom('\n', '\r', '\t', ' ', '\u0000', '\u001b', '\u007f', '\u0085', '\u2028', '"', "'", '`', ';', '?', '#', '|', '&', '\\', '@', ':', '/', '%', '%0a', 'reload', 'write erase', ';type=xp', ';int=inside');
const piece = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 6 }), hostile, fc.constantFrom('http://', 'ftp://', 'tftp://', 'scp://', 'smb://', 'disk0:/', '10.0.0.5', ASA, 'user:pw@'));
const freeform = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(''));
/** URLs of the right shape with hostile pieces spliced in, so many inputs get far into the grammar. */
const shaped = fc
  .tuple(fc.constantFrom('http', 'https', 'ftp', 'tftp', 'scp', 'smb'), fc.option(piece, { freq: 2 }), fc.constantFrom('10.0.0.5', 'images.example.com', '[fd00::5]'), fc.option(piece, { freq: 2 }), fc.option(piece, { freq: 2 }), fc.constantFrom('', ';type=xp', ';int=mgmt'))
  .map(([proto, user, host, path, inFile, suffix]) => `${proto}://${user !== null ? `${user}@` : ''}${host}/${path ?? ''}${path ? '/' : ''}${inFile !== null ? `asa9-20-${inFile}-smp-k8.bin` : ASA}${suffix}`);
const input = fc.oneof(freeform, shaped);

describe('image locations under generated hostile input', () => {
  it(`whatever is accepted becomes exactly one command line with nothing added (${RUNS} inputs)`, () => {
    let tried = 0;
    let accepted = 0;
    fc.assert(
      fc.property(input, (text) => {
        let source;
        tried++;
        try {
          source = parseImageLocation(text);
        } catch (e) {
          assert.ok(e instanceof InvalidInputError, `unexpected ${String(e)}`);
          return;
        }
        accepted++;
        const command = asaDialect.copy(toCopySource(source), `disk0:/${source.file}`);
        // eslint-disable-next-line no-control-regex
        assert.ok(!/[\s\u0000-\u001f\u007f-\u009f"'`?#\\|]/.test(command.replace(/ /g, '')), command);
        assert.equal(command.split(' ').length, 4, command);
        const semis = toCopySource(source).split(';');
        assert.ok(semis.length <= 2 && (semis.length === 1 || /^(type=(xp|an|ap|xn)|int=[A-Za-z0-9_.-]+)$/.test(semis[1])), command);
      }),
      { numRuns: RUNS },
    );
    assert.ok(accepted > tried / 50, `only ${accepted} of ${tried} inputs were accepted: the generator does not reach deep enough`);
  });

  it(`never repeats a URL password in a refusal (${RUNS} inputs)`, () => {
    const password = fc.string({ unit: 'grapheme', minLength: 6, maxLength: 16 }).map((p) => `Zq${p}`);
    fc.assert(
      fc.property(password, input, fc.constantFrom('ftp', 'http', 'https', 'scp', 'smb', 'gopher'), (pw, tail, proto) => {
        const text = `${proto}://admin:${pw}@${tail}`;
        const problem = imageLocationProblem(text, 'asa');
        if (problem) assert.ok(!problem.includes(pw), problem);
      }),
      { numRuns: RUNS },
    );
  });
});
