// ASA and ASDM image file names carry their version. A name that is not a recognisable image is refused
// before anything runs, so a typo cannot put a wrong file in `boot system`.

import { formatVersion, type Version } from './versions';

export type ImageKind = 'asa' | 'asdm';

export interface ImageName {
  kind: ImageKind;
  /** `9.20(2)`, `7.18(1)152`. */
  version: string;
  fileName: string;
}

const EXAMPLE: Record<ImageKind, string> = { asa: 'asa9-20-2-smp-k8.bin', asdm: 'asdm-7201.bin' };

function version(major: string, minor: string, maintenance: string, interim?: string): string {
  const v: Version = { major: Number(major), minor: Number(minor), maintenance: Number(maintenance) };
  if (interim !== undefined && interim !== '') v.interim = Number(interim);
  return formatVersion(v);
}

/** `917` -> 9.1(7); `9101` -> 9.10(1): one digit of major, one of maintenance, the minor in between. */
function compact(digits: string, interim?: string): string | undefined {
  if (digits.length < 3 || digits.length > 4) return undefined;
  return version(digits[0], digits.slice(1, -1), digits.slice(-1), interim);
}

const ASA_DASHED = /^asa(\d{1,2})-(\d{1,2})-(\d{1,2})(?:-(\d{1,4}))?(?:-(?:smp|lfbff|mp))?-k[789]\.(?:bin|spa)$/i;
const ASA_COMPACT = /^asa(\d{3,4})(?:-(\d{1,4}))?(?:-(?:smp|lfbff|mp))?-k[789]\.(?:bin|spa)$/i;
const ASA_FIREPOWER = /^cisco-asa-fp\dk\.(\d{1,2})\.(\d{1,2})\.(\d{1,2})(?:\.(\d{1,4}))?\.spa$/i;
const ASDM_DASHED = /^asdm-(\d{1,2})-(\d{1,2})-(\d{1,2})(?:-(\d{1,4}))?\.bin$/i;
const ASDM_COMPACT = /^asdm-(\d{3,4})(?:-(\d{1,4}))?\.bin$/i;

export function parseImageFileName(name: string): ImageName | undefined {
  let m: RegExpExecArray | null;
  let v: string | undefined;
  if ((m = ASA_DASHED.exec(name))) return { kind: 'asa', version: version(m[1], m[2], m[3], m[4]), fileName: name };
  if ((m = ASA_COMPACT.exec(name)) && (v = compact(m[1], m[2]))) return { kind: 'asa', version: v, fileName: name };
  if ((m = ASA_FIREPOWER.exec(name))) return { kind: 'asa', version: version(m[1], m[2], m[3], m[4]), fileName: name };
  if ((m = ASDM_DASHED.exec(name))) return { kind: 'asdm', version: version(m[1], m[2], m[3], m[4]), fileName: name };
  if ((m = ASDM_COMPACT.exec(name)) && (v = compact(m[1], m[2]))) return { kind: 'asdm', version: v, fileName: name };
  return undefined;
}

/** Why `name` is not a usable image file name (of `kind`, when given), or undefined when it is. */
export function imageNameProblem(name: string, kind?: ImageKind): string | undefined {
  const parsed = parseImageFileName(name);
  const shown = JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}...` : name);
  if (!parsed) {
    const want = kind ? `an ${kind.toUpperCase()} image` : 'an ASA or ASDM image';
    const eg = kind ? EXAMPLE[kind] : `${EXAMPLE.asa} or ${EXAMPLE.asdm}`;
    return `${shown} is not ${want} file name (expected a name like ${eg}). Check the file name.`;
  }
  if (kind && parsed.kind !== kind) {
    return `${shown} is an ${parsed.kind.toUpperCase()} image, not an ${kind.toUpperCase()} image (expected a name like ${EXAMPLE[kind]}). Give the ${kind.toUpperCase()} image here.`;
  }
  return undefined;
}
