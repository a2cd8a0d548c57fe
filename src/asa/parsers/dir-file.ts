// `dir disk0:/FILE`: one file's size, read while a copy writes it (the file grows on flash as bytes arrive).
// Releases print the header as `Directory of disk0:/` or `Directory of disk0:/FILE`; only the entry line
// naming the file counts. A file that is not (yet) there is a normal answer here, not an error.

import { outputLines, parseError } from './text';

const WHAT = 'dir FILE';
const TIME = String.raw`\d{1,2}:\d{2}:\d{2}`;
const DATE = String.raw`[A-Z][a-z]{2}\s+\d{1,2}\s+\d{4}`;
const ENTRY = new RegExp(String.raw`^\d+\s+-[rwx-]{3,9}\s+(\d+)\s+(?:${TIME}\s+${DATE}|${DATE}\s+${TIME})\s+(\S(?:.*\S)?)$`);
const MISSING = /^%Error (?:opening|reading) \S+ \((?:No such file or directory|Path not found)\)/i;

/** The file's size in bytes, or undefined when the device says there is no such file. */
export function parseDirFileSize(text: string, file: string): number | undefined {
  const lines = outputLines(text).filter((l) => l.text !== '');
  if (lines.some((l) => MISSING.test(l.text))) return undefined;
  if (!lines.some((l) => /^Directory of \S+:/i.test(l.text))) throw parseError(WHAT, 'no "Directory of ..." line', text);
  for (const line of lines) {
    const e = ENTRY.exec(line.text);
    if (e && line.complete && (e[2] === file || e[2].endsWith(`/${file}`))) return Number(e[1]);
  }
  if (lines.some((l) => /^No files in directory/i.test(l.text))) return undefined;
  throw parseError(WHAT, `no entry for ${file}`, text);
}
