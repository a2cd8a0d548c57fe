// The exact command strings sent to an ASA, so a plan shows precisely what the runner will type. Every
// argument is checked here as a last line of defence: a line break would start another command, and `?`
// makes the ASA CLI print help instead of running the line.

import type { HashAlgorithm } from '../core/facts';
import { InvalidInputError } from '../core/errors';
import type { CommandDialect } from '../core/ports';

/** `asa9-20-2-smp-k8.bin` -> `disk0:/asa9-20-2-smp-k8.bin`. */
export function flashPath(file: string): string {
  return `disk0:/${file}`;
}

/** What makes a value unsendable, or undefined. The value itself is never quoted: it may hold a password. */
function unsendable(value: string, spacesAllowed: boolean): string | undefined {
  if (value.trim() === '') return 'it is empty';
  // eslint-disable-next-line no-control-regex
  if (/[\r\n]/.test(value)) return 'it holds a line break, which would start another command';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(value)) return 'it holds a control character';
  // The ASA's CLI is ASCII: anything else (a byte-order mark, a Unicode line separator, look-alike letters)
  // is at best mangled on the device and at worst read as something the user did not see.
  if (/[^\x20-\x7e]/.test(value)) return 'it holds a character outside printable ASCII';
  if (value.includes('?')) return 'it holds "?", which makes the ASA print help instead of running the command';
  if (!spacesAllowed && /\s/.test(value)) return 'it holds a space, which the ASA would read as the end of the argument';
  return undefined;
}

function argument(kind: string, value: string): string {
  const problem = unsendable(value, false);
  if (problem) throw new InvalidInputError(`The ${kind} cannot be sent to the ASA: ${problem}. Correct it and try again.`);
  return value;
}

/** A flash file given by name (`asa.bin`) or already as a path (`disk0:/asa.bin`). */
function onFlash(kind: string, file: string): string {
  const checked = argument(kind, file);
  return /^[A-Za-z][A-Za-z0-9]*:/.test(checked) ? checked : flashPath(checked.replace(/^\/+/, ''));
}

export interface AsaDialect extends CommandDialect {
  showFailoverState(): string;
  /** With showAsdmImage: the two commands whose outputs, joined by a line break, parseBootConfig reads. */
  showBootSystem(): string;
  showAsdmImage(): string;
  showBootvar(): string;
  /** `dir disk0:/FILE`: one file's entry, e.g. to watch a copy's destination grow. */
  listFile(file: string): string;
  /** `delete /noconfirm disk0:/FILE`. */
  deleteFile(file: string): string;
  /** Plain `verify disk0:/FILE`: on a signed image the unit checks its digital signature. */
  verifySignature(file: string): string;
  /** The pre/post check readings. */
  showInterfaceIpBrief(): string;
  showConnCount(): string;
  showRoute(): string;
  showRunningConfig(): string;
  /** Whether the unit accepts SCP pushes (`ssh scopy enable`). */
  showSshScopy(): string;
}

export const asaDialect: AsaDialect = {
  showFailover: () => 'show failover',
  showFailoverState: () => 'show failover state',
  showVersion: () => 'show version',
  listFlash: () => 'dir disk0:',
  showBootSystem: () => 'show running-config boot system',
  showAsdmImage: () => 'show running-config asdm image',
  showBootvar: () => 'show bootvar',
  showInterfaceIpBrief: () => 'show interface ip brief',
  showConnCount: () => 'show conn count',
  showRoute: () => 'show route',
  showRunningConfig: () => 'show running-config',
  showSshScopy: () => 'show running-config ssh scopy',
  listFile: (file) => `dir ${onFlash('file to list', file)}`,
  deleteFile: (file) => `delete /noconfirm ${onFlash('file to delete', file)}`,
  verifySignature: (file) => `verify ${onFlash('file to verify', file)}`,
  copy: (source, destination) => `copy /noconfirm ${argument('image location', source)} ${onFlash('destination file', destination)}`,
  verify: (file, algorithm: HashAlgorithm) => `verify /${algorithm} ${onFlash('file to verify', file)}`,
  setBootImages(bootImages, asdmImage) {
    // The ASA keeps at most four `boot system` entries; with none it boots whatever image it finds first.
    if (bootImages.length === 0 || bootImages.length > 4) {
      throw new InvalidInputError(
        `A boot configuration needs 1 to 4 boot images (got ${bootImages.length}): list the new image first and the running one as the fallback.`,
      );
    }
    return [
      'configure terminal',
      'clear configure boot system',
      ...bootImages.map((image) => `boot system ${onFlash('boot image', image)}`),
      ...(asdmImage === undefined ? [] : [`asdm image ${onFlash('ASDM image', asdmImage)}`]),
      'end',
    ];
  },
  writeMemory: () => 'write memory',
  reloadStandby: () => 'failover reload-standby',
  reload: () => 'reload noconfirm',
  failoverActive: () => 'failover active',
  noFailoverActive: () => 'no failover active',
  onMate(command) {
    const problem = unsendable(command, true);
    if (problem) throw new InvalidInputError(`The command for the mate unit cannot be sent: ${problem}.`);
    return `failover exec mate ${command}`;
  },
};
