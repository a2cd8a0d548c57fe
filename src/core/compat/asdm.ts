// The ASDM an ASA release needs: ASDM 7.N or later for ASA 9.N (and 6.N for 8.N, 5.N for 7.N).

import { parseVersion } from '../versions';
import { ASDM_RULES, type AsdmRule } from './data';

export interface AsdmMinimum {
  /** `7.16`: the oldest ASDM train that manages the ASA release. */
  train: string;
  major: number;
  minor: number;
  rule: AsdmRule;
}

/** The minimum ASDM train for an ASA version; undefined when the version does not parse or no rule covers it. */
export function minimumAsdm(asaVersion: string): AsdmMinimum | undefined {
  const v = parseVersion(asaVersion);
  if (!v) return undefined;
  const rule = ASDM_RULES.find((r) => r.asaMajor === v.major);
  if (!rule) return undefined;
  return { train: `${rule.asdmMajor}.${v.minor}`, major: rule.asdmMajor, minor: v.minor, rule };
}

/**
 * Why ASDM `asdmVersion` cannot manage ASA `asaVersion` ("ASDM 7.12(2) is older than 7.16, the minimum for
 * ASA 9.16(3)19"), or undefined when it can or when the data has no rule (the caller warns then).
 */
export function asdmProblem(asdmVersion: string, asaVersion: string): string | undefined {
  const min = minimumAsdm(asaVersion);
  const asdm = parseVersion(asdmVersion);
  if (!min || !asdm) return undefined;
  const tooOld = asdm.major < min.major || (asdm.major === min.major && asdm.minor < min.minor);
  return tooOld ? `ASDM ${asdmVersion} is older than ASDM ${min.train}, the minimum for ASA ${asaVersion}` : undefined;
}
