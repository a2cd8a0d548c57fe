// The image flags shared by plan and upgrade, validated before any connection is made.

import { InvalidInputError } from '../core/errors';
import { parseImageLocation } from '../core/image-location';
import type { UpgradeRequest } from '../core/model';

export const imageOptions = {
  asa: { type: 'string' },
  asdm: { type: 'string' },
  'download-only': { type: 'boolean' },
  'asa-sha512': { type: 'string' },
  'asdm-sha512': { type: 'string' },
  push: { type: 'string' },
  'serve-address': { type: 'string' },
  'skip-compatibility-check': { type: 'boolean' },
} as const;

export interface ImageFlags {
  asa?: string;
  asdm?: string;
  'download-only'?: boolean;
  'asa-sha512'?: string;
  'asdm-sha512'?: string;
  push?: string;
  'serve-address'?: string;
  'skip-compatibility-check'?: boolean;
}

const SHA512 = /^[0-9a-fA-F]{128}$/;

export function requestFromFlags(values: ImageFlags): UpgradeRequest {
  if (!values.asa) throw new InvalidInputError('--asa is required: a URL, disk0:/FILE or a local file (./FILE) naming the ASA image (see asa-upgrade --help).');
  // Parsing here refuses a bad image before anything connects to the pair.
  parseImageLocation(values.asa);
  if (values.asdm) parseImageLocation(values.asdm);
  for (const flag of ['asa-sha512', 'asdm-sha512'] as const) {
    const v = values[flag];
    if (v !== undefined && !SHA512.test(v.trim())) throw new InvalidInputError(`--${flag} must be the 128 hexadecimal digits of the SHA-512 Cisco publishes for the image (its download page), not "${v.slice(0, 20)}...".`);
  }
  if (values['asdm-sha512'] !== undefined && !values.asdm) throw new InvalidInputError('--asdm-sha512 needs --asdm (the image it belongs to).');
  if (values.push !== undefined && values.push !== 'scp') throw new InvalidInputError(`--push takes only "scp" (push local files over SCP on the SSH route), not "${values.push}".`);
  if (values['serve-address'] !== undefined) serveAddressOf(values['serve-address']);
  return {
    asa: values.asa,
    asdm: values.asdm,
    downloadOnly: values['download-only'] === true,
    ...(values['asa-sha512'] ? { asaSha512: values['asa-sha512'].trim().toLowerCase(), asaSha512Origin: 'published' as const } : {}),
    ...(values['asdm-sha512'] ? { asdmSha512: values['asdm-sha512'].trim().toLowerCase(), asdmSha512Origin: 'published' as const } : {}),
    ...(values.push === 'scp' ? { localDelivery: 'scp' as const } : {}),
    ...(values['skip-compatibility-check'] === true ? { skipCompatibilityCheck: true } : {}),
  };
}

/** `--serve-address HOST[:PORT]` (an address of this workstation the units can reach). */
export function serveAddressOf(text: string | undefined): { host: string; port?: number } | undefined {
  if (text === undefined) return undefined;
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:\s]+))(?::(\d{1,5}))?$/.exec(text.trim());
  const port = m?.[3] !== undefined ? Number(m[3]) : undefined;
  if (!m || (port !== undefined && (port < 1 || port > 65535))) throw new InvalidInputError(`--serve-address must be HOST[:PORT] (an address of this workstation the units can reach), not "${text}".`);
  return { host: m[1] ?? m[2], ...(port !== undefined ? { port } : {}) };
}
