// `show interface ip brief`: one row per interface, columns Interface, IP-Address, OK?+Method, Status, Protocol.
// Status may be two words (`administratively down`), so the row is read from both ends, not by fixed columns.
// Held against ntc-templates tests/cisco_asa/show_interface_ip_brief/*.raw (see the parser's unit test).

import type { InterfaceBrief } from '../../core/checks/readings';
import { outputLines, parseError } from './text';

const WHAT = 'show interface ip brief';
const ROW = /^(\S+)\s+(\S+)\s+(YES|NO)\s+(\S+)\s+(up|down|administratively down|deleted)\s+(up|down)$/i;

export function parseInterfaceIpBrief(text: string): InterfaceBrief[] {
  const lines = outputLines(text).filter((l) => l.text !== '');
  const header = lines.findIndex((l) => /^Interface\s+IP-Address\s+(OK\?\s+)?Method\s+Status\s+Protocol$/i.test(l.text));
  if (header < 0) throw parseError(WHAT, 'no "Interface IP-Address ... Status Protocol" header', text);
  const rows: InterfaceBrief[] = [];
  for (const line of lines.slice(header + 1)) {
    const m = ROW.exec(line.text);
    if (!m) {
      if (!line.complete) continue;
      throw parseError(WHAT, `a row it cannot read ("${line.text}")`, text);
    }
    rows.push({ name: m[1], ip: m[2], status: m[5].toLowerCase(), protocol: m[6].toLowerCase() });
  }
  return rows;
}
