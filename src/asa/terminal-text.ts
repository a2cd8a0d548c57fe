// Turns what a vt100 session prints into plain text: ANSI escapes removed, line ends made `\n` whatever the
// unit sends (`\r\n`, `\r\r\n`, or a bare `\r` on units that end lines with CR only), backspaces applied and
// erase padding dropped (so erased pager prompts leave nothing), pager prompts removed, the echo dropped.

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b[()][0-9A-Za-z]|\u001b[=>78DEHMc]/g;

/**
 * The pager prompt: the ASA's `<--- More --->` (the dashes vary a little between releases) and the FXOS-style
 * `--More--` that Firepower appliances print. `--More--` must not match inside a half-arrived `<--- More -`.
 */
export const MORE_PROMPT = /<-+ ?More ?-+>|(?<![<-])--More--/;
const MORE_PROMPT_GLOBAL = new RegExp(MORE_PROMPT.source, 'g');

/** What is left of an escape sequence that was cut off (at the end of a piece) or never finished. */
// eslint-disable-next-line no-control-regex
const UNFINISHED_ESCAPE = /\u001b\[[0-9;?]*[ -/]*|\u001b[()]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '').replace(UNFINISHED_ESCAPE, '');
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

/** Applies backspaces: `\b` steps back one column and later characters overwrite. */
function applyBackspaces(raw: string): string {
  if (!raw.includes('\b')) return raw;
  const cells: string[] = [];
  let col = 0;
  for (const ch of raw) {
    if (ch === '\b') col = Math.max(0, col - 1);
    else {
      cells[col] = ch;
      col += 1;
    }
  }
  return Array.from(cells, (c) => c ?? ' ').join('').trimEnd();
}

/**
 * One `\n`-terminated piece split at its bare carriage returns. A unit that ends lines with CR only sends
 * `line\rline\r`; the pager erases its prompt with `\r` + spaces + `\r`. Both read right when a bare CR ends
 * a line, except where what follows it writes blanks over everything before it (that erases it). (Treating CR as "back to column 0" made
 * a CR-only unit's prompt overwrite the line before it, and the prompt was never seen.)
 */
function renderLine(raw: string): string[] {
  if (!raw.includes('\r')) return [applyBackspaces(raw)];
  const rows: string[] = [];
  for (let segment of raw.split('\r').map(applyBackspaces)) {
    if (segment.startsWith(ERASED)) {
      // CR then "erase line": what the CR returned across is gone.
      rows.pop();
      segment = segment.slice(ERASED.length);
    }
    const previous = rows.length > 0 ? rows[rows.length - 1].trimEnd().length : 0;
    // Blanks written over everything the CR returned across erase it (pager prompts, redraws) ...
    if (previous > 0 && segment.length >= previous && segment.slice(0, previous).trim() === '') rows.pop();
    // ... otherwise the CR ended a line.
    if (segment.trim() !== '') rows.push(segment);
  }
  return rows.length > 0 ? rows : [''];
}

/** Marks where a CR + "erase line" sequence stood, so the erase outlives the removal of ANSI escapes. */
const ERASED = '\u0001';

/** ANSI removed, backspaces applied, `\n` line ends (also for `\r\r\n` and CR-only), pager prompts removed. */
export function cleanTerminalText(raw: string): string {
  const marked = raw.replace(/\r\u001b\[[02]?K/g, `\r${ERASED}`);
  const noAnsi = removeMorePrompts(stripAnsi(marked)).text;
  return noAnsi
    .replace(/\r+\n/g, '\n')
    .split('\n')
    .flatMap(renderLine)
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
