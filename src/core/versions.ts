// ASA and ASDM release numbers: `9.18(4)22` is major 9, minor 18, maintenance 4, interim 22. An interim
// release comes after its maintenance release, so 9.18(4)22 > 9.18(4) > 9.18(3); ASDM uses the same form.

export interface Version {
  major: number;
  minor: number;
  maintenance: number;
  /** The interim build after the maintenance release (`22` in `9.18(4)22`); absent for the release itself. */
  interim?: number;
}

const VERSION = /^(\d{1,3})\.(\d{1,3})\((\d{1,3})\)(\d{1,4})?$/;

/** Parses `9.18(4)22`, `9.20(2)`, `7.20(1)`; also the dotted form `9.18.4.22` some packages use. Undefined otherwise. */
export function parseVersion(text: string): Version | undefined {
  const t = text.trim();
  const m = VERSION.exec(t);
  if (m) {
    const v: Version = { major: Number(m[1]), minor: Number(m[2]), maintenance: Number(m[3]) };
    if (m[4] !== undefined) v.interim = Number(m[4]);
    return v;
  }
  const d = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\.(\d{1,4}))?$/.exec(t);
  if (d) {
    const v: Version = { major: Number(d[1]), minor: Number(d[2]), maintenance: Number(d[3]) };
    if (d[4] !== undefined) v.interim = Number(d[4]);
    return v;
  }
  return undefined;
}

export function formatVersion(v: Version): string {
  return `${v.major}.${v.minor}(${v.maintenance})${v.interim !== undefined ? v.interim : ''}`;
}

/** Negative when a < b, 0 when equal, positive when a > b. Unparseable versions throw (never guess an order). */
export function compareVersions(a: string | Version, b: string | Version): number {
  const va = typeof a === 'string' ? parseVersion(a) : a;
  const vb = typeof b === 'string' ? parseVersion(b) : b;
  if (!va || !vb) {
    throw new RangeError(`Cannot compare versions "${String(typeof a === 'string' ? a : formatVersion(a))}" and "${String(typeof b === 'string' ? b : formatVersion(b))}": expected the ASA form 9.18(4)22.`);
  }
  return va.major - vb.major || va.minor - vb.minor || va.maintenance - vb.maintenance || (va.interim ?? -1) - (vb.interim ?? -1);
}

/** Same release, whatever the spelling (`9.18(4)22` vs `9.18.4.22`). False when either does not parse. */
export function sameVersion(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  const va = parseVersion(a);
  const vb = parseVersion(b);
  if (!va || !vb) return a.trim() === b.trim();
  return compareVersions(va, vb) === 0;
}
