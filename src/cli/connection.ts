// Turns the CONNECTION flags into a PairConnector. Credentials are read lazily (only when a session opens)
// from the environment or the terminal, and registered with the redactor before anything can log them.

import { createPairConnector, KnownHostsFile, type Endpoint } from '../asa';
import type { AsaPairConnection } from '../asa/connector';
import { agentFor } from '../asa/ssh/route';
import { InvalidInputError } from '../core/errors';
import { resolvePairRoute } from '../asa/ssh/pair-route';
import type { CommandRecord } from '../core/ports';
import { Redactor } from '../core/redact';
import { promptSecret } from './secret-prompt';

export const connectionOptions = {
  active: { type: 'string' },
  standby: { type: 'string' },
  username: { type: 'string' },
  'known-hosts': { type: 'string' },
  'ssh-config': { type: 'string' },
  'accept-new-host-keys': { type: 'boolean' },
  identity: { type: 'string' },
  agent: { type: 'boolean' },
  'legacy-algorithms': { type: 'boolean' },
  'connect-timeout-seconds': { type: 'string' },
  'auth-timeout-seconds': { type: 'string' },
  verbose: { type: 'boolean' },
} as const;

export interface ConnectionFlags {
  active?: string;
  standby?: string;
  username?: string;
  'known-hosts'?: string;
  'ssh-config'?: string;
  'accept-new-host-keys'?: boolean;
  /** resume only: trust the changed host key with exactly this fingerprint. */
  'accept-changed-host-key'?: string;
  identity?: string;
  agent?: boolean;
  'legacy-algorithms'?: boolean;
  'connect-timeout-seconds'?: string;
  'auth-timeout-seconds'?: string;
  verbose?: boolean;
}

/** `SHA256:` and 43 base64 characters, as OpenSSH and the stop message print a fingerprint. */
function changedKeyFingerprint(text: string): string {
  if (!/^SHA256:[A-Za-z0-9+/]{43}$/.test(text.trim())) {
    throw new InvalidInputError(`--accept-changed-host-key takes the exact fingerprint the stop message named (SHA256: and 43 characters), not "${text}".`);
  }
  return text.trim();
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A number of seconds from a flag, in milliseconds; undefined when the flag is not given. */
function seconds(flags: ConnectionFlags, name: 'connect-timeout-seconds' | 'auth-timeout-seconds'): number | undefined {
  const text = flags[name];
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 1 || n > 3600) throw new InvalidInputError(`--${name} must be a number of seconds from 1 to 3600, not "${text}".`);
  return n * 1000;
}

export type CliConnector = ReturnType<typeof createPairConnector> & {
  /** "via bastion-1" when jump hosts are on the way. */
  route?: string;
  /** The units' addresses after the SSH configuration (to serve local images from the address that reaches them). */
  endpoints?: { active: Endpoint; standby?: Endpoint };
};

function required(flags: ConnectionFlags, name: keyof ConnectionFlags): string {
  const value = flags[name];
  if (typeof value !== 'string' || value === '') throw new InvalidInputError(`--${name} is required (see asa-upgrade --help).`);
  return value;
}

export function connectorFromFlags(
  flags: ConnectionFlags,
  env: NodeJS.ProcessEnv,
  hooks: { onCommand?: (record: CommandRecord) => void } = {},
): { connector: CliConnector; redactor: Redactor } {
  const redactor = new Redactor();
  // A known_hosts path that is a directory, device or FIFO is refused up front, naming the path and the fix.
  if (flags['known-hosts']) KnownHostsFile.check(flags['known-hosts']);
  // Addresses may be OpenSSH Host aliases: the configuration gives the real address, user, keys and jump hosts.
  const route = resolvePairRoute({
    active: required(flags, 'active'),
    ...(flags.standby ? { standby: flags.standby } : {}),
    ...(flags.username ? { username: flags.username } : {}),
    ...(flags['ssh-config'] ? { sshConfigFile: flags['ssh-config'] } : {}),
    env,
    hostKeys: {
      ...(flags['known-hosts'] ? { knownHostsFile: flags['known-hosts'] } : {}),
      acceptNew: flags['accept-new-host-keys'] === true,
      ...(flags['accept-changed-host-key'] ? { acceptChanged: changedKeyFingerprint(flags['accept-changed-host-key']) } : {}),
    },
    askPassword: (question) => promptSecret(question),
    ...(env.ASA_KEY_PASSPHRASE ? { passphrase: env.ASA_KEY_PASSPHRASE } : {}),
    redactor,
  });
  const username = route.username;
  const identity = flags.identity ?? (flags.agent ? undefined : route.identityFile);
  const method: AsaPairConnection['auth']['method'] = identity ? 'publickey' : flags.agent ? 'agent' : 'password';
  // Flags win over ssh_config's ConnectTimeout for the connect limit; the login limit has no ssh_config key.
  const timeouts = {
    ...route.connection.timeouts,
    ...definedOnly({ connectMs: seconds(flags, 'connect-timeout-seconds'), authMs: seconds(flags, 'auth-timeout-seconds') }),
  };

  let cached: { password?: string; enablePassword?: string; passphrase?: string } | undefined;
  const credentials = async () => {
    if (!cached) {
      const password = method === 'password' ? env.ASA_PASSWORD ?? (await promptSecret(`Password for ${username}: `)) : undefined;
      const enablePassword = env.ASA_ENABLE_PASSWORD ?? (await promptSecret('Enable password: '));
      const passphrase = method === 'publickey' ? env.ASA_KEY_PASSPHRASE : undefined;
      for (const s of [password, enablePassword, passphrase]) redactor.add(s);
      cached = { password, enablePassword, passphrase };
    }
    return cached;
  };
  // Secrets already in the environment are registered up front, so even an early error cannot leak them.
  for (const s of [env.ASA_PASSWORD, env.ASA_ENABLE_PASSWORD, env.ASA_KEY_PASSPHRASE]) redactor.add(s);

  const pair = createPairConnector({
    ...route.connection,
    auth: { method, privateKeyPath: identity, agentSocket: method === 'agent' ? agentFor(route.active.settings.identityAgent, env) : undefined },
    credentials,
    algorithms: flags['legacy-algorithms'] ? 'legacy' : route.connection.algorithms ?? 'default',
    timeouts,
    onCommand: hooks.onCommand,
    redactor,
  });
  const connector: CliConnector = {
    ...pair,
    ...(route.route ? { route: route.route } : {}),
    endpoints: { active: route.connection.active, ...(route.connection.standby ? { standby: route.connection.standby } : {}) },
    async close() {
      await pair.close();
      await route.close();
    },
  };
  return { connector, redactor };
}
