// SSH algorithm sets. 'default' is ssh2's own (modern) choice. 'legacy' appends what older ASA releases
// still offer; it stays off unless asked for, because SHA-1 and CBC are weak.

import type { Algorithms } from 'ssh2';
import type { ConfiguredAlgorithms } from './ssh/config-algorithms';

export type AlgorithmSet = 'default' | 'legacy';

export const LEGACY_ALGORITHMS = {
  kex: ['diffie-hellman-group14-sha1', 'diffie-hellman-group-exchange-sha1', 'diffie-hellman-group1-sha1'],
  cipher: ['aes256-cbc', 'aes192-cbc', 'aes128-cbc', '3des-cbc'],
  serverHostKey: ['ssh-rsa'],
  hmac: ['hmac-sha1'],
} as const;

/**
 * The `algorithms` option for ssh2's Client, or undefined to keep its defaults. Lists from an OpenSSH
 * configuration (already mapped onto ssh2's names) are used as they are.
 */
export function sshAlgorithms(set: AlgorithmSet | ConfiguredAlgorithms | undefined): Algorithms | undefined {
  if (typeof set === 'object') return { ...set } as Algorithms;
  if (set !== 'legacy') return undefined;
  return {
    kex: { append: [...LEGACY_ALGORITHMS.kex] },
    cipher: { append: [...LEGACY_ALGORITHMS.cipher] },
    serverHostKey: { append: [...LEGACY_ALGORITHMS.serverHostKey] },
    hmac: { append: [...LEGACY_ALGORITHMS.hmac] },
  } as Algorithms;
}
