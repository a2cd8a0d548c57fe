// An upgrade that stopped because the unit it just reloaded presents a new host key, in a release known to
// change keys (issue 10: the engine's outcome carries `hostKeyChange`). The editor asks once, naming both
// fingerprints and why; "Trust" records exactly the presented key for that unit (never "any key", like the
// CLI's `resume --accept-changed-host-key SHA256:...`), then the resume is offered. No vscode import: the
// decision is tested as is, through the same Prompter the test API injects.

import type { HostKeyChange } from '../core/host-key-change';
import type { Prompter } from './prompter';

/** The part of the host-key store this needs. */
export interface ChangedKeyStore {
  /**
   * Replaces the trusted key of host:port with `presented`, only while the trusted one is still `known` (the key
   * the stop saw); false when the trusted key is something else now (nothing is changed then).
   */
  replaceChanged(host: string, port: number, known: string, presented: string): Promise<boolean>;
}

export type ChangedKeyAnswer = 'trusted' | 'declined' | 'stale';

/** known_hosts names a unit `host` (port 22) or `[host]:port`; the editor's own errors say `host:port`. */
export function unitAddress(host: string, defaultPort = 22): { host: string; port: number } {
  const bracketed = /^\[(.+)\]:(\d+)$/.exec(host);
  if (bracketed) return { host: bracketed[1], port: Number(bracketed[2]) };
  const plain = /^([^:]+):(\d+)$/.exec(host);
  if (plain) return { host: plain[1], port: Number(plain[2]) };
  return { host, port: defaultPort };
}

/** "9.23" from "9.23(1)": the release train the user picked. */
function train(version: string): string {
  return /^(\d+\.\d+)/.exec(version)?.[1] ?? version;
}

export function changedKeyQuestion(pairName: string, change: HostKeyChange): { message: string; detail: string } {
  const { host, port } = unitAddress(change.host);
  return {
    message: `Trust the new key of the ${change.unit} (upgraded to ${train(change.toVersion)})?`,
    detail: [
      `${pairName}: the ${change.unit} at ${host}:${port} was just reloaded into ${change.toVersion} and presents a new host key. Nothing was sent to it.`,
      `Trusted until now: ${change.knownFingerprint}`,
      `Presented now: ${change.presentedFingerprint}`,
      `Why: ${change.why}`,
      'Trust it only if it matches the key the unit shows on its console (show crypto key mypubkey). "Trust" records exactly this key; any other key is still refused.',
    ].join('\n'),
  };
}

/**
 * `pairAddresses`: the pair's other addresses. Failover units replicate their crypto keys, so the other address
 * presents the same new key; it is replaced there too, but only where the old key was the trusted one (what the
 * CLI's --accept-changed-host-key does: exactly that fingerprint, in place of the key it changed).
 */
export async function offerTrustChangedKey(
  prompter: Prompter,
  store: ChangedKeyStore,
  pairName: string,
  change: HostKeyChange,
  pairAddresses: Array<{ host: string; port: number }> = [],
): Promise<ChangedKeyAnswer> {
  const { message, detail } = changedKeyQuestion(pairName, change);
  const trust = 'Trust';
  const answer = await prompter.modal('host-key', message, detail, [trust], "Don't trust", 'warning');
  if (answer !== trust) return 'declined';
  const unit = unitAddress(change.host);
  if (!(await store.replaceChanged(unit.host, unit.port, change.knownFingerprint, change.presentedFingerprint))) return 'stale';
  for (const other of pairAddresses) {
    if (other.host === unit.host && other.port === unit.port) continue;
    await store.replaceChanged(other.host, other.port, change.knownFingerprint, change.presentedFingerprint);
  }
  return 'trusted';
}
