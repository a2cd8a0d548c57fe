// `verify /md5 FILE` and `verify /sha-512 FILE`. Hashing prints progress marks (`!!!!`, `....`) and `Done!`
// first, sometimes on the same line as the result; SPA images add signature lines. Only a hash of the
// algorithm's full length is accepted, so a cut result line is an error rather than a wrong hash.

import type { HashAlgorithm } from '../../core/facts';
import { outputLines, parseError, stripProgress } from './text';

const HEX_LENGTH: Record<HashAlgorithm, number> = { md5: 32, 'sha-512': 128 };

export function parseVerify(text: string): { algorithm: HashAlgorithm; file: string; hash: string } {
  const what = /sha-?512/i.test(text) ? 'verify /sha-512' : 'verify /md5';
  for (const line of outputLines(text)) {
    const content = stripProgress(line.text).replace(/^Done!\s*/i, '');
    const m = /^verify\s+\/(md5|sha-?512)\s+\(([^)\s]+)\)\s*=\s*([0-9a-f]*)\s*$/i.exec(content);
    if (!m) continue;
    const algorithm: HashAlgorithm = m[1].toLowerCase() === 'md5' ? 'md5' : 'sha-512';
    const hash = m[3].toLowerCase();
    if (hash.length !== HEX_LENGTH[algorithm]) {
      throw parseError(what, `the ${algorithm} hash has ${hash.length} hex digits instead of ${HEX_LENGTH[algorithm]}`, text);
    }
    return { algorithm, file: m[2], hash };
  }
  throw parseError(what, 'no "verify /ALGORITHM (FILE) = HASH" line', text);
}
