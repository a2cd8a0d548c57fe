// `show route`: counts the routes. A route starts on a line with a code column (`S*`, `C`, `L`, `O E1`...)
// and a network + mask; a long entry continues on indented lines (`[110/50] via ...`) that add next hops,
// not routes. Held against ntc-templates tests/cisco_asa/show_route/*.raw (see the parser's unit test).

import { outputLines, parseError } from './text';

const IPV4 = String.raw`\d{1,3}(?:\.\d{1,3}){3}`;
const ROUTE = new RegExp(String.raw`^[A-Za-z][A-Za-z0-9]{0,2}\*?(?:\s+[A-Za-z][A-Za-z0-9]{0,2}\*?)?\s+${IPV4}\s+${IPV4}(?:\s|$)`);

export function parseRouteCount(text: string): number {
  const lines = outputLines(text);
  const sawTable = lines.some((l) => /^Gateway of last resort/i.test(l.text) || /^Codes:/i.test(l.text));
  if (!sawTable) throw parseError('show route', 'no "Codes:" or "Gateway of last resort" line', text);
  return lines.filter((l) => l.complete && !/^Codes:/i.test(l.text) && ROUTE.test(l.raw.trimEnd())).length;
}
