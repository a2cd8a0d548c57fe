// Turns what a vt100 session prints into plain text: ANSI escapes removed, carriage returns and backspaces
// applied the way a terminal would (so erased `<--- More --->` prompts and line redraws leave nothing),
// pager prompts removed, and the echoed command dropped.

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b[()][0-9A-Za-z]|\u001b[=>78DEHMc]/g;

/** The ASA's pager prompt, as printed (the dashes vary a little between releases). */
export const MORE_PROMPT = /<-+ ?More ?-+>/;
const MORE_PROMPT_GLOBAL = new RegExp(MORE_PROMPT.source, 'g');

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/** Removes every pager prompt; returns the text and how many there were. */
export function removeMorePrompts(text: string): { text: string; count: number } {
  let count = 0;
  const out = text.replace(MORE_PROMPT_GLOBAL, () => {
    count += 1;
    return '';
  });
  return { text: out, count };
}

/** Renders one line the way a terminal shows it: `\r` returns to column 0 and `\b` steps back, later characters overwrite. */
function renderLine(raw: string): string {
  if (!raw.includes('\r') && !raw.includes('\b')) return raw;
  const cells: string[] = [];
  let col = 0;
  for (const ch of raw) {
    if (ch === '\r') col = 0;
    else if (ch === '\b') col = Math.max(0, col - 1);
    else {
      cells[col] = ch;
      col += 1;
    }
  }
  // Padding written only to erase (pager prompt, redraws) is not output.
  return Array.from(cells, (c) => c ?? ' ').join('').trimEnd();
}

/** ANSI removed, CR/backspace applied, `\n` line ends, pager prompts removed. */
export function cleanTerminalText(raw: string): string {
  const noAnsi = removeMorePrompts(stripAnsi(raw)).text;
  // `\r\n` is a plain line end; a lone `\r` is a carriage return inside the line.
  return noAnsi
    .replace(/\r+\n/g, '\n')
    .split('\n')
    .map(renderLine)
    .join('\n');
}

/**
 * Drops the echo of `command` from the start of `text`. The echo may be wrapped over several lines by the
 * device; if the text does not start with the command (nothing echoed) it is returned unchanged.
 */
export function stripEcho(text: string, command: string): string {
  const lines = text.split('\n');
  const wanted = command.trim();
  let joined = '';
  for (let i = 0; i < lines.length && joined.length <= wanted.length + 256; i += 1) {
    joined += lines[i];
    const candidate = joined.trim();
    if (wanted !== '' && (candidate === wanted || candidate.endsWith(wanted))) return lines.slice(i + 1).join('\n');
    if (candidate !== '' && !wanted.startsWith(candidate)) break;
  }
  return text;
}

/** Drops leading and trailing blank lines (the line break after the echo, the one before the prompt). */
export function trimBlankLines(text: string): string {
  return text.replace(/^(?:[ \t]*\n)+/, '').replace(/(?:\n[ \t]*)+$/, '');
}
