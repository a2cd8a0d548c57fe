// The exact command strings sent to an ASA, so a plan shows precisely what the runner will type. Every
// argument is checked here as a last line of defence: a line break would start another command, and `?`
// makes the ASA CLI print help instead of running the line.

import type { HashAlgorithm } from '../core/facts';
import { InvalidInputError } from '../core/errors';
import type { CommandDialect } from '../core/ports';
import { redactUrlCredentials } from '../core/redact';

/** `asa9-20-2-smp-k8.bin` -> `disk0:/asa9-20-2-smp-k8.bin`. */
export function flashPath(file: string): string {
  return `disk0:/${file}`;
}

function argument(kind: string, value: string): string {
  // eslint-disable-next-line no-control-regex
  if (value === '' || /[\s\u0000-\u001f\u007f?]/.test(value)) {
    throw new InvalidInputError(
      `The ${kind} "${redactUrlCredentials(value).replace(/[\u0000-\u001f\u007f]/g, '?')}" cannot be sent to the ASA: it is empty or holds a space, a control character or "?". Use a value without them.`,
    );
  }
  return value;
}

/** A flash file given by name (`asa.bin`) or already as a path (`disk0:/asa.bin`). */
function onFlash(kind: string, file: string): string {
  const checked = argument(kind, file);
  return /^[A-Za-z][A-Za-z0-9]*:/.test(checked) ? checked : flashPath(checked.replace(/^\/+/, ''));
}

function mateCommand(command: string): string {
  // eslint-disable-next-line no-control-regex
  if (command.trim() === '' || /[\u0000-\u001f\u007f?]/.test(command)) {
    throw new InvalidInputError('A command for the mate unit must be one line without control characters or "?".');
  }
  return command;
}

/** The ASA keeps at most four `boot system` entries; with none it boots whatever image it finds first. */
function bootImageCount(bootImages: string[]): [] {
  if (bootImages.length === 0 || bootImages.length > 4) {
    throw new InvalidInputError(`A boot configuration needs 1 to 4 boot images (got ${bootImages.length}): list the new image first and the running one as the fallback.`);
  }
  return [];
}

export interface AsaDialect extends CommandDialect {
  showFailoverState(): string;
  showBootSystem(): string;
  showAsdmImage(): string;
  showBootvar(): string;
}

export const asaDialect: AsaDialect = {
  showFailover: () => 'show failover',
  showFailoverState: () => 'show failover state',
  showVersion: () => 'show version',
  listFlash: () => 'dir disk0:',
  showBootSystem: () => 'show running-config boot system',
  showAsdmImage: () => 'show running-config asdm image',
  showBootvar: () => 'show bootvar',
  copy: (source, destination) => `copy /noconfirm ${argument('image location', source)} ${onFlash('destination file', destination)}`,
  verify: (file, algorithm: HashAlgorithm) => `verify /${algorithm} ${onFlash('file to verify', file)}`,
  setBootImages: (bootImages, asdmImage) => [
    ...bootImageCount(bootImages),
    'configure terminal',
    'clear configure boot system',
    ...bootImages.map((image) => `boot system ${onFlash('boot image', image)}`),
    ...(asdmImage === undefined ? [] : [`asdm image ${onFlash('ASDM image', asdmImage)}`]),
    'end',
  ],
  writeMemory: () => 'write memory',
  reloadStandby: () => 'failover reload-standby',
  reload: () => 'reload noconfirm',
  failoverActive: () => 'failover active',
  noFailoverActive: () => 'no failover active',
  onMate: (command) => `failover exec mate ${mateCommand(command)}`,
};
