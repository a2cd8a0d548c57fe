// `show conn count`: `54 in use, 123 most used` (Cisco ASA command reference, show conn).

import { outputLines, parseError } from './text';

export function parseConnCount(text: string): { inUse: number; mostUsed: number } {
  for (const line of outputLines(text)) {
    const m = /^(\d+) in use, (\d+) most used$/i.exec(line.text);
    if (m && line.complete) return { inUse: Number(m[1]), mostUsed: Number(m[2]) };
  }
  throw parseError('show conn count', 'no "N in use, M most used" line', text);
}
