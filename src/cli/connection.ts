// Turns the CONNECTION flags into a PairConnector. Credentials are read lazily (only when a session opens)
// from the environment or the terminal, and registered with the redactor before anything can log them.

import { createPairConnector, parseEndpoint, KnownHostsFile } from '../asa';
import type { AsaPairConnection } from '../asa/connector';
import { InvalidInputError } from '../core/errors';
import type { CommandRecord } from '../core/ports';
import { Redactor } from '../core/redact';
import { promptSecret } from './secret-prompt';

export const connectionOptions = {
  active: { type: 'string' },
  standby: { type: 'string' },
  username: { type: 'string' },
  'known-hosts': { type: 'string' },
  'accept-new-host-keys': { type: 'boolean' },
  identity: { type: 'string' },
  agent: { type: 'boolean' },
  'legacy-algorithms': { type: 'boolean' },
  verbose: { type: 'boolean' },
} as const;

export interface ConnectionFlags {
  active?: string;
  standby?: string;
  username?: string;
  'known-hosts'?: string;
  'accept-new-host-keys'?: boolean;
  identity?: string;
  agent?: boolean;
  'legacy-algorithms'?: boolean;
  verbose?: boolean;
}

export type CliConnector = ReturnType<typeof createPairConnector>;

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
  const active = parseEndpoint(required(flags, 'active'), 22);
  const standby = flags.standby ? parseEndpoint(flags.standby, 22) : undefined;
  const knownHosts = required(flags, 'known-hosts');
  const username = required(flags, 'username');
  const method: AsaPairConnection['auth']['method'] = flags.identity ? 'publickey' : flags.agent ? 'agent' : 'password';

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

  const connector = createPairConnector({
    active,
    standby,
    username,
    auth: { method, privateKeyPath: flags.identity, agentSocket: method === 'agent' ? env.SSH_AUTH_SOCK : undefined },
    credentials,
    hostKeys: KnownHostsFile.verifier(knownHosts, { acceptNew: flags['accept-new-host-keys'] === true }),
    algorithms: flags['legacy-algorithms'] ? 'legacy' : 'default',
    onCommand: hooks.onCommand,
    redactor,
  });
  return { connector, redactor };
}
