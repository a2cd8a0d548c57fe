// The image flags shared by plan and upgrade, validated before any connection is made.

import { InvalidInputError } from '../core/errors';
import { parseImageLocation } from '../core/image-location';
import type { UpgradeRequest } from '../core/model';

export const imageOptions = {
  asa: { type: 'string' },
  asdm: { type: 'string' },
  'download-only': { type: 'boolean' },
} as const;

export function requestFromFlags(values: { asa?: string; asdm?: string; 'download-only'?: boolean }): UpgradeRequest {
  if (!values.asa) throw new InvalidInputError('--asa is required: a URL or disk0:/FILE naming the ASA image (see asa-upgrade --help).');
  // Parsing here refuses a bad image before anything connects to the pair.
  parseImageLocation(values.asa);
  if (values.asdm) parseImageLocation(values.asdm);
  return { asa: values.asa, asdm: values.asdm, downloadOnly: values['download-only'] === true };
}
