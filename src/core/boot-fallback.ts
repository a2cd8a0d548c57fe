// The fallback `boot system` entry: after the new image, the unit must find an image it can boot if the new
// one fails. That entry must be a real file on flash. `show version` names the running image in the
// platform's own terms, which are not always flash paths (asa-cli.md, "System image paths"):
//   ASAv               System image file is "(hd0,1)/asa964-36-smp-k8.bin"     (the file is disk0:/asa964-36-smp-k8.bin)
//   5500-X, 8.x        "disk0:/asa9-18-4-22-smp-k8.bin", "flash:/asa847-k8.bin"
//   Firepower 2100     "disk0:/mnt/boot/installables/switch/fxos-k8-fp2k-npu...SPA" (inside the package: no flash file)
// A path maps to disk0:/NAME only when it names a file directly under its device root and that file is on
// the unit's flash; otherwise the existing boot entries stay as the fallback, and the plan says so.

import type { UnitStatus } from './facts';
import type { ImageSource } from './model';

/** `disk0:/x`, `flash:/x`, `boot:/x`, `(hd0,1)/x`, `/x`, `x` -> `x`; undefined for paths with folders. */
function rootFileName(path: string): string | undefined {
  const m = /^(?:(?:[a-z0-9]+:)?\/?|\(hd\d+,\d+\)\/)([^/\\:()\s]+)$/i.exec(path.trim());
  return m ? m[1] : undefined;
}

/** The flash path of the running image, when it is a file on the unit's flash. */
export function runningImageOnFlash(unit: Pick<UnitStatus, 'systemImage' | 'flashFiles'>): string | undefined {
  if (!unit.systemImage || !unit.flashFiles) return undefined;
  const name = rootFileName(unit.systemImage);
  if (!name) return undefined;
  return unit.flashFiles.some((f) => !f.isDirectory && f.name === name) ? `disk0:/${name}` : undefined;
}

export interface BootList {
  /** The `boot system` entries in order: the new image first. */
  images: string[];
  /** Said in the plan when the running image could not serve as the fallback. */
  note?: string;
}

/** At most four `boot system` entries are kept by the ASA. */
const MAX_BOOT_ENTRIES = 4;

/** `boot:/x.bin` (ASAv) and `flash:/x.bin` name the same file as `disk0:/x.bin`, the form `boot system` takes. */
export function normalizeImagePath(path: string | undefined): string | undefined {
  if (!path) return undefined;
  const m = /^(?:disk0|flash|boot):\/?(.+)$/i.exec(path.trim());
  return m ? `disk0:/${m[1]}` : path.trim();
}

/** The boot list to configure: the new image first, then the running image as it is on flash, else the current entries. */
export function bootListWithFallback(active: Pick<UnitStatus, 'systemImage' | 'flashFiles' | 'bootImages'>, asa: ImageSource): BootList {
  const next = `disk0:/${asa.file}`;
  const running = runningImageOnFlash(active);
  if (running) return { images: running !== next ? [next, running] : [next] };
  const kept = (active.bootImages ?? []).map((b) => normalizeImagePath(b)!).filter((b, i, all) => b !== next && all.indexOf(b) === i);
  const images = [next, ...kept].slice(0, MAX_BOOT_ENTRIES);
  const why = active.systemImage
    ? `the running image "${active.systemImage}" is not a file on flash that boot system can name`
    : 'the running image is not known';
  const note = kept.length
    ? `Fallback: ${why}, so the current boot entries stay after the new image (${kept.join(', ')}).`
    : `No fallback entry: ${why} and no boot system entry is configured; if ${next} fails to boot, the unit boots the first image it finds on flash.`;
  return { images, note };
}
