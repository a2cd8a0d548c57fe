// Shared reading of raw CLI output. Devices vary in line endings, indentation and trailing spaces, and an
// output may be cut short (dropped session, timeout). A line is only trusted when it is complete: either a
// line break follows it, or its own shape proves it ended (a closing parenthesis, a hash of full length).

import { ParseError } from '../../core/errors';

export interface OutputLine {
  /** The line without leading/trailing whitespace. */
  text: string;
  /** The line as printed (minus line break), for column-sensitive formats. */
  raw: string;
  /** False only for the last fragment when no line break followed it: it may have been cut. */
  complete: boolean;
}

/** Splits output into lines, normalising CRLF/CR and stripping ANSI sequences and backspaces. */
export function outputLines(text: string): OutputLine[] {
  const clean = text
    .replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '')
    .replace(/\r\n/g, '\n')
    .replace(/\r/g, '\n')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
  const parts = clean.split('\n');
  const endsWithBreak = clean.endsWith('\n');
  if (endsWithBreak) parts.pop();
  return parts.map((raw, i) => ({ raw, text: raw.trim(), complete: endsWithBreak || i < parts.length - 1 }));
}

/** The first characters of an output, on one line, for error messages. */
export function excerpt(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}...` : flat;
}

export function parseError(what: string, problem: string, text: string): ParseError {
  const shown = excerpt(text);
  return new ParseError(
    `Could not read the output of \`${what}\`: ${problem}. The output may be cut short or come from an unsupported release; run the command on the device and check it${shown ? ` (output began: "${shown}")` : ' (the output was empty)'}.`,
    what,
    shown,
  );
}

/** Progress marks (`!!!!`, `....`) that copy and verify print before or on the line of their result. */
export function stripProgress(line: string): string {
  return line.replace(/^[!.\s]+/, '').trim();
}
