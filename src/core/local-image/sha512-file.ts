// A published SHA-512 as people keep it beside an image: the bare hex, `sha512sum` output (`HEX  FILE` or
// `HEX *FILE`, several files allowed), or BSD `SHA512 (FILE) = HEX`.

import { InvalidInputError } from '../errors';

/** The SHA-512 for `file` in the text of a `.sha512` file, lower-case. Throws InvalidInputError when none is there. */
export function parseSha512File(text: string, file: string, where: string): string {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  const found: Array<{ hex: string; name?: string }> = [];
  for (const line of lines) {
    let m = /^([0-9a-fA-F]{128})(?:\s+\*?(.+))?$/.exec(line);
    if (m) {
      found.push({ hex: m[1], ...(m[2] ? { name: m[2].trim() } : {}) });
      continue;
    }
    m = /^SHA512\s*\((.+)\)\s*=\s*([0-9a-fA-F]{128})$/i.exec(line);
    if (m) found.push({ hex: m[2], name: m[1] });
  }
  const base = (n: string): string => n.split(/[\\/]/).pop()!;
  const match = found.find((f) => f.name !== undefined && base(f.name) === file) ?? (found.length === 1 && found[0].name === undefined ? found[0] : undefined);
  if (!match) {
    throw new InvalidInputError(
      `${where} holds no SHA-512 for ${file}: it must contain the 128 hexadecimal digits, or "HEX  ${file}" (sha512sum), or "SHA512 (${file}) = HEX".`,
    );
  }
  return match.hex.toLowerCase();
}
