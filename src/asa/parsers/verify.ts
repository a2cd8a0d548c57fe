// `verify /md5 FILE` and `verify /sha-512 FILE`. Hashing prints progress marks (`!!!!`, `....`) and `Done!`
// first, sometimes on the same line as the result; SPA images add signature lines. The result line is
// `verify /SHA-512 (disk0:/F) = <hex>`, and the hex may wrap over several lines (Cisco's ASA forensic
// investigation guide shows a SHA-512 wrapped after `= `); with the expected hash given the unit prints
// `Verified (disk0:/F) = <hex>` instead or as well. Only a hash of the algorithm's full length is accepted,
// so a cut result is an error rather than a wrong hash.

import type { HashAlgorithm } from '../../core/facts';
import { outputLines, parseError, stripProgress, type OutputLine } from './text';

const HEX_LENGTH: Record<HashAlgorithm, number> = { md5: 32, 'sha-512': 128 };
const RESULT = /^(?:verify\s+\/(md5|sha-?512)|Verified)\s+\(([^)\s]+)\)\s*=\s*([0-9a-f]*)\s*$/i;
const HEX_LINE = /^[0-9a-f]+$/i;

function algorithmOf(name: string | undefined, digits: number, text: string): HashAlgorithm {
  if (name) return name.toLowerCase() === 'md5' ? 'md5' : 'sha-512';
  // `Verified (...) = hex` names no algorithm: the command's own line does, else the length tells.
  if (/verify\s+\/md5/i.test(text)) return 'md5';
  if (/verify\s+\/sha-?512/i.test(text)) return 'sha-512';
  return digits <= HEX_LENGTH.md5 ? 'md5' : 'sha-512';
}

/** The hex on the result line and on the lines of hex that continue it (a wrapped hash). */
function collectHex(first: string, following: OutputLine[]): string {
  let hex = first;
  for (const line of following) {
    if (!HEX_LINE.test(line.text)) break;
    hex += line.text;
  }
  return hex;
}

export function parseVerify(text: string): { algorithm: HashAlgorithm; file: string; hash: string } {
  const what = /sha-?512/i.test(text) ? 'verify /sha-512' : 'verify /md5';
  const lines = outputLines(text);
  for (let i = 0; i < lines.length; i += 1) {
    const content = stripProgress(lines[i].text).replace(/^Done!\s*/i, '');
    const m = RESULT.exec(content);
    if (!m) continue;
    const hash = collectHex(m[3], lines.slice(i + 1)).toLowerCase();
    const algorithm = algorithmOf(m[1], hash.length, text);
    if (hash.length !== HEX_LENGTH[algorithm]) {
      throw parseError(what, `the ${algorithm} hash has ${hash.length} hex digits instead of ${HEX_LENGTH[algorithm]}`, text);
    }
    return { algorithm, file: m[2], hash };
  }
  throw parseError(what, 'no "verify /ALGORITHM (FILE) = HASH" line', text);
}

/**
 * The unit's verdict on a signed image's digital signature, from plain `verify` (or a copy of a `.SPA`):
 * "Digital signature successfully validated" (variants fixture verify.sha512.spa-signature.raw), or an error
 * naming the signature ("%ERROR: Signature not valid for file ..." as seen on units; exact wording of other
 * failures unsure). 'unsigned' when the output says neither (images without a signature).
 */
export function parseSignatureVerdict(text: string): 'valid' | 'invalid' | 'unsigned' {
  if (/^\s*%?\s*error\b.*\b(signature|integrity)\b/im.test(text) || /signature (is )?not valid|invalid (digital )?signature/i.test(text)) return 'invalid';
  if (/digital signature successfully validated/i.test(text)) return 'valid';
  return 'unsigned';
}
