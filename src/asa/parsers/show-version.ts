// `show version`. The engine proves a reload by the version and the uptime read here, so a field is only
// reported from a complete line, and output that never reached the uptime line is treated as cut short.

import type { VersionInfo } from '../../core/facts';
import { outputLines, parseError, type OutputLine } from './text';

const WHAT = 'show version';
/** `9.18(4)22`, `9.20(2)`, `98.1(1)86`, `9.12(2.151)`; ASDM: `7.18(1)152`, `7.5(2)`. */
export const ASA_VERSION = /^\d+\.\d+\(\d+(?:\.\d+)?\)\d*$/;

const UNIT_SECONDS: Record<string, number> = {
  year: 365 * 86400,
  week: 7 * 86400,
  day: 86400,
  hour: 3600,
  min: 60,
  minute: 60,
  sec: 1,
  second: 1,
};

/** `1 year 97 days`, `41 days 19 hours`, `2 mins 5 secs` -> seconds; undefined for any unknown word. */
export function parseUptime(text: string): number | undefined {
  const tokens = text.trim().split(/\s+/);
  if (tokens.length === 0 || tokens.length % 2 !== 0) return undefined;
  let total = 0;
  for (let i = 0; i < tokens.length; i += 2) {
    const count = tokens[i];
    const unit = tokens[i + 1].toLowerCase().replace(/s$/, '');
    if (!/^\d+$/.test(count) || !(unit in UNIT_SECONDS)) return undefined;
    total += Number(count) * UNIT_SECONDS[unit];
  }
  return total;
}

export function parseShowVersion(text: string): VersionInfo {
  const lines = outputLines(text);
  const complete = lines.filter((l) => l.complete);

  let version: string | undefined;
  let context: string | undefined;
  for (const line of complete) {
    // In multiple-context mode the line ends with `<system>` or `<context>` (the execution space).
    const m = /^Cisco Adaptive Security Appliance Software Version\s+(\S+)(?:\s+<([^>]*)>)?$/i.exec(line.text);
    if (m) {
      version = m[1];
      context = m[2];
      break;
    }
  }
  if (version === undefined) throw parseError(WHAT, 'no "Cisco Adaptive Security Appliance Software Version" line', text);
  if (!ASA_VERSION.test(version)) throw parseError(WHAT, `"${version}" is not an ASA version`, text);

  const uptimeIndex = complete.findIndex((l) => /^\S+ up \d/.test(l.text));
  if (uptimeIndex < 0) throw parseError(WHAT, 'no "HOST up ..." uptime line (the output looks cut short)', text);
  const uptime = /^(\S+) up (.+)$/.exec(complete[uptimeIndex].text)!;

  const info: VersionInfo = { version, hostname: uptime[1], uptimeText: uptime[2] };
  if (context !== undefined) info.securityContext = context;
  const uptimeSeconds = parseUptime(uptime[2]);
  if (uptimeSeconds !== undefined) info.uptimeSeconds = uptimeSeconds;

  for (const line of complete) {
    const asdm = /^Device Manager Version\s+(\S+)$/i.exec(line.text);
    if (asdm && info.asdmVersion === undefined) {
      if (!ASA_VERSION.test(asdm[1])) throw parseError(WHAT, `"${asdm[1]}" is not an ASDM version`, text);
      info.asdmVersion = asdm[1];
    }
    const image = /^System image file is "([^"]+)"/i.exec(line.text);
    if (image && info.systemImage === undefined) info.systemImage = image[1];
    const serial = /^Serial Number:\s*(\S+)$/i.exec(line.text);
    if (serial && info.serial === undefined) info.serial = serial[1];
  }

  const model = readModel(complete);
  if (model !== undefined) info.model = model;
  return info;
}

/** `Model Id: ASAv10` when printed, else the first item of `Hardware: ASA5516, ...`. */
function readModel(complete: OutputLine[]): string | undefined {
  const modelId = complete.find((l) => /^Model Id:/i.test(l.text));
  if (modelId) {
    const m = /^Model Id:\s*(\S+)$/i.exec(modelId.text);
    return m ? m[1] : undefined;
  }
  const hardwareIndex = complete.findIndex((l) => /^Hardware:/i.test(l.text));
  // `Model Id:` follows the `Hardware:` line where it exists; without a line after `Hardware:` we cannot
  // tell whether it was cut off, so the coarser name would be a guess.
  if (hardwareIndex < 0 || hardwareIndex === complete.length - 1) return undefined;
  const m = /^Hardware:\s*([^,\s][^,]*?)\s*(?:,|$)/i.exec(complete[hardwareIndex].text);
  return m ? m[1] : undefined;
}
