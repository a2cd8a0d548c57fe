// `dir disk0:`. The listing is only trusted when the closing `N bytes total (M bytes free)` line is there:
// without it a cut listing would hide files and the free space.

import type { FlashFile, FlashListing } from '../../core/facts';
import { outputLines, parseError } from './text';

const WHAT = 'dir';

// `120    -rwx  74369568     19:39:56 Nov 03 2015  asa951-lfbff-k8.spa` (some releases print the date first).
const TIME = String.raw`\d{1,2}:\d{2}:\d{2}`;
const DATE = String.raw`[A-Z][a-z]{2}\s+\d{1,2}\s+\d{4}`;
const ENTRY = new RegExp(
  String.raw`^(\d+)\s+([dl-][rwx-]{3,9})\s+(\d+)\s+(?:${TIME}\s+${DATE}|${DATE}\s+${TIME})\s+(\S(?:.*\S)?)$`,
);
// `7859437568 bytes total (4417200128 bytes free)` or `... (5523976192 bytes free/64% free)`.
const TOTAL = /^(\d+) bytes total \((\d+) bytes free(?:\s*\/\s*\d+% free)?\)$/i;
// `21 file(s) total size: 1212345678 bytes` (newer releases, before the total line).
const FILE_COUNT = /^\d+ file\(s\) total size:?\s*\d+ bytes?$/i;

export function parseDir(text: string): FlashListing {
  const lines = outputLines(text).filter((l) => l.text !== '');
  let fileSystem: string | undefined;
  let total: { totalBytes: number; freeBytes: number } | undefined;
  const files: FlashFile[] = [];

  for (const line of lines) {
    const header = /^Directory of (\S+?:)\/?(\S*)$/i.exec(line.text);
    if (header) {
      if (fileSystem !== undefined) throw parseError(WHAT, 'more than one directory listed', text);
      if (header[2] !== '') throw parseError(WHAT, `"${line.text}" lists a subdirectory, not the root of a file system`, text);
      fileSystem = header[1];
      continue;
    }
    if (fileSystem === undefined) {
      // The echoed command or a banner may precede the listing; anything else before it is not `dir` output.
      if (/^dir\b/i.test(line.text)) continue;
      throw parseError(WHAT, `unexpected line "${line.text}" before "Directory of ..."`, text);
    }
    if (total !== undefined) throw parseError(WHAT, `unexpected line "${line.text}" after the total line`, text);
    const t = TOTAL.exec(line.text);
    if (t) {
      total = { totalBytes: Number(t[1]), freeBytes: Number(t[2]) };
      if (total.freeBytes > total.totalBytes) throw parseError(WHAT, 'more bytes free than in total', text);
      continue;
    }
    if (FILE_COUNT.test(line.text) && line.complete) continue;
    const e = ENTRY.exec(line.text);
    if (e && line.complete) {
      files.push({ name: e[4], size: Number(e[3]), isDirectory: e[2].startsWith('d') });
      continue;
    }
    throw parseError(WHAT, `unreadable line "${line.text}"`, text);
  }

  if (fileSystem === undefined) throw parseError(WHAT, 'no "Directory of ..." line', text);
  if (total === undefined) throw parseError(WHAT, 'no "N bytes total (M bytes free)" line (the listing looks cut short)', text);
  return { fileSystem, files, ...total };
}
