// How an ASA says no. It prints the refusal as an ordinary output line, so every command's output is
// checked for these before it is parsed.

import { outputLines, stripProgress } from './text';

const ERROR_LINE = [
  /^ERROR:/i, // `ERROR: % Invalid input detected at '^' marker.`, `ERROR: Unable to ...`
  /^%\s*Error\b/i, // `%Error opening tftp://... (Timed out)`, `%Error writing disk0:/x (No space left on device)`
  /^%\s*Incomplete command/i,
  /^%\s*Invalid (input|command)/i,
  /^%\s*Ambiguous command/i,
  /^%\s*Unrecognized command/i,
  /^Command authorization failed/i,
  /^%\s*Authorization failed/i,
];

/** The device's error line in a command's output, or undefined when the output holds none. */
export function findCommandError(text: string): string | undefined {
  for (const line of outputLines(text)) {
    // An error can follow progress marks on the same line (`!!!!%Error writing ...`).
    const candidate = stripProgress(line.text);
    if (ERROR_LINE.some((re) => re.test(candidate))) return candidate;
  }
  return undefined;
}
