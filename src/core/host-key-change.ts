// A unit's SSH host key can change because of the upgrade itself: some releases replace the SSH stack or drop
// key types (asa-cli.md, "Compatibility"). A changed key is still refused — it is also what an interception
// looks like — but when it appears on a unit this job has just reloaded into such a release, the stop says so
// (both fingerprints, the release, why) and the user can accept exactly that key and resume.

import type { UnitRole } from './facts';
import { compareVersions } from './versions';

/** Releases whose upgrade changes the SSH host key a unit presents, with why (Cisco release notes). */
export const HOST_KEY_CHANGING_RELEASES: ReadonlyArray<{ release: string; why: string }> = [
  // Cisco ASA 9.19 release notes: SSH moves to the CiscoSSH stack.
  { release: '9.19(1)', why: '9.19 moves SSH to the CiscoSSH stack, which may present a new host key' },
  // Cisco ASA 9.23 release notes: the legacy SSH stack and EdDSA host keys are removed.
  { release: '9.23(1)', why: '9.23 removes the legacy SSH stack and EdDSA host keys, so a unit that presented one now presents another' },
];

/** The last key-changing release an upgrade from `from` to `to` crosses, if any. */
export function hostKeyChangeCrossed(from: string | undefined, to: string | undefined): { release: string; why: string } | undefined {
  if (!from || !to) return undefined;
  let crossed: { release: string; why: string } | undefined;
  try {
    for (const r of HOST_KEY_CHANGING_RELEASES) {
      if (compareVersions(from, r.release) < 0 && compareVersions(to, r.release) >= 0) crossed = r;
    }
  } catch {
    return undefined; // a version that does not parse crosses nothing known
  }
  return crossed;
}

/** What the editor and the CLI need to offer accepting the new key (typed, so no one parses messages). */
export interface HostKeyChange {
  code: 'HOST_KEY_CHANGED_BY_UPGRADE';
  /** The unit just reloaded into `toVersion`. */
  unit: UnitRole;
  /** `host` or `[host]:port`, as known_hosts names it. */
  host: string;
  presentedFingerprint: string;
  knownFingerprint: string;
  /** The release that changes keys (9.19(1), 9.23(1)) and the version the unit now runs. */
  release: string;
  toVersion: string;
  why: string;
}

/** The changed key a unit presents after this job reloaded it into a key-changing release; undefined otherwise. */
export function hostKeyChangeByUpgrade(
  e: unknown,
  job: { fromVersion?: string; toVersion?: string; lastReloaded?: UnitRole },
): HostKeyChange | undefined {
  const err = e as { code?: unknown; host?: unknown; presentedFingerprint?: unknown; knownFingerprint?: unknown };
  // By code, not class: the editor loads the engine as a separate bundle with its own copy of the classes.
  if (err?.code !== 'HOST_KEY_REJECTED' || typeof err.knownFingerprint !== 'string' || typeof err.presentedFingerprint !== 'string') return undefined;
  if (!job.lastReloaded) return undefined;
  const crossed = hostKeyChangeCrossed(job.fromVersion, job.toVersion);
  if (!crossed) return undefined;
  return {
    code: 'HOST_KEY_CHANGED_BY_UPGRADE',
    unit: job.lastReloaded,
    host: String(err.host),
    presentedFingerprint: err.presentedFingerprint,
    knownFingerprint: err.knownFingerprint,
    release: crossed.release,
    toVersion: job.toVersion!,
    why: crossed.why,
  };
}
