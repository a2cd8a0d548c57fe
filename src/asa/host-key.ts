// What a device presents as its host key, and the one question asked about it: do we trust it?
// The verifier is pluggable (known_hosts file for the CLI, VS Code storage for the extension).

import { createHash } from 'node:crypto';

export interface HostKeyOffer {
  host: string;
  port: number;
  /** `ssh-ed25519`, `ssh-rsa`, `ecdsa-sha2-nistp256`, ... */
  keyType: string;
  /** The public key blob in SSH wire format (what known_hosts holds base64-encoded). */
  key: Buffer;
  /** `SHA256:` + unpadded base64 of the SHA-256 of `key`, as OpenSSH prints it. */
  fingerprint: string;
}

/** Resolves when the key is trusted; throws HostKeyRejectedError otherwise. */
export type HostKeyVerifier = (offer: HostKeyOffer) => Promise<void>;

export function sha256Fingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** The key type is the first string of the SSH wire-format blob. */
export function keyTypeOf(key: Buffer): string {
  if (key.length < 4) return 'unknown';
  const len = key.readUInt32BE(0);
  if (len <= 0 || len > 64 || 4 + len > key.length) return 'unknown';
  return key.subarray(4, 4 + len).toString('latin1');
}

export function hostKeyOffer(host: string, port: number, key: Buffer): HostKeyOffer {
  return { host, port, keyType: keyTypeOf(key), key, fingerprint: sha256Fingerprint(key) };
}
