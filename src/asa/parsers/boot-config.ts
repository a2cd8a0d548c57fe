// The boot configuration, from `show running-config boot system` + `show running-config asdm image`
// (concatenated) or from `show bootvar`. An image path read from a line that may have been cut short is
// only accepted when it ends like an image file (`.bin`, `.SPA`), since a cut path names another file.

import type { BootConfig } from '../../core/facts';
import { outputLines, parseError, type OutputLine } from './text';

const IMAGE_END = /\.(bin|spa)$/i;
const PATH = /^[A-Za-z][A-Za-z0-9]*:\/?\S+$/;

function imagePath(what: string, path: string, line: OutputLine, text: string): string {
  if (!PATH.test(path)) throw parseError(what, `"${path}" is not a flash path`, text);
  if (!line.complete && !IMAGE_END.test(path)) throw parseError(what, `the line "${line.text}" is cut short`, text);
  return path;
}

export function parseBootConfig(text: string): BootConfig {
  const what = 'show running-config boot system';
  const config: BootConfig = { bootImages: [] };
  for (const line of outputLines(text)) {
    const t = line.text;
    // Blank lines, `!` separators and the echoed commands carry nothing.
    if (t === '' || t === '!' || /^show running-config\b/i.test(t)) continue;
    const boot = /^boot system\s+(\S+)$/i.exec(t);
    if (boot) {
      config.bootImages.push(imagePath(what, boot[1], line, text));
      continue;
    }
    const asdm = /^asdm image\s+(\S+)$/i.exec(t);
    if (asdm) {
      if (config.asdmImage !== undefined) throw parseError('show running-config asdm image', 'more than one ASDM image', text);
      config.asdmImage = imagePath('show running-config asdm image', asdm[1], line, text);
      continue;
    }
    // Other boot and asdm settings that may be printed alongside (`boot config ...`, `asdm history enable`).
    if (line.complete && /^(boot config|asdm history|asdm location|no asdm)\b/i.test(t)) continue;
    throw parseError(what, `unexpected line "${t}"`, text);
  }
  return config;
}

/**
 * `show bootvar`: `BOOT variable = disk0:/a.bin;disk0:/b.bin` (as of the last boot), `Current BOOT variable
 * = ...` (the running configuration, which is what the next boot uses), `CONFIG_FILE variable = ...`.
 * It does not show the ASDM image.
 */
export function parseBootvar(text: string): BootConfig {
  const what = 'show bootvar';
  const lines = outputLines(text);
  const find = (re: RegExp): { line: OutputLine; value: string } | undefined => {
    for (const line of lines) {
      const m = re.exec(line.text);
      if (m) return { line, value: m[1].trim() };
    }
    return undefined;
  };
  const current = find(/^Current BOOT variable\s*=\s*(.*)$/i);
  const atBoot = find(/^BOOT variable\s*=\s*(.*)$/i);
  const configFile = find(/^(?:Current )?CONFIG_FILE variable\s*=?\s*(.*)$/i);
  // Without the current value, the boot-time one is only the answer when the output is known to be whole.
  const chosen = current ?? (configFile ? atBoot : undefined);
  if (!chosen) {
    throw parseError(what, atBoot ? 'no "Current BOOT variable" line (the output looks cut short)' : 'no "BOOT variable" line', text);
  }
  // All entries share one line: a cut line may have lost whole entries, whatever its last one looks like.
  if (!chosen.line.complete) throw parseError(what, `the line "${chosen.line.text}" is cut short`, text);
  const bootImages = chosen.value
    .split(';')
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => imagePath(what, p, chosen.line, text));
  return { bootImages };
}
