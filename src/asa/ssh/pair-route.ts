// A pair's two addresses resolved through the OpenSSH configuration into what the connector needs:
// endpoints, the user, the jump chain the sessions run over (one per distinct route, shared by every
// session), host-key names (HostKeyAlias), algorithms and keep-alives. The CLI and the editor both build
// their connections through here, so an alias means the same in both.

import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { InvalidInputError } from '../../core/errors';
import type { Redactor } from '../../core/redact';
import type { AsaPairConnection } from '../connector';
import { formatEndpoint, type Endpoint } from '../endpoint';
import type { HostKeyVerifier } from '../host-key';
import { KnownHostsFile } from '../known-hosts';
import { JumpChain } from './jump-chain';
import { resolveUnitRoute, routeText, type UnitRoute } from './route';
import { loadSshConfig, type SshHostSettings } from './ssh-config';

export interface PairRouteInput {
  active: string;
  standby?: string;
  /** From the command line or the pair's settings; wins over the configuration's User. */
  username?: string;
  /** --ssh-config / asaUpgrade.sshConfigFile; default ~/.ssh/config when it exists. */
  sshConfigFile?: string;
  /** Jump hosts named for the pair (ProxyJump syntax), over the configuration's. */
  proxyJump?: string;
  env: NodeJS.ProcessEnv;
  /** Host-key trust: a known_hosts file (CLI), or a verifier of the caller's own (the editor's). */
  hostKeys: { knownHostsFile?: string; acceptNew: boolean; /** Trust a changed key with exactly this fingerprint. */ acceptChanged?: string } | { verifier: HostKeyVerifier };
  /** Asks for a jump host's password (never taken from arguments). */
  askPassword?: (question: string) => Promise<string | undefined>;
  passphrase?: string;
  redactor?: Redactor;
}

export interface PairRoute {
  active: UnitRoute;
  standby?: UnitRoute;
  username: string;
  /** The connector settings this route decides. */
  connection: Pick<AsaPairConnection, 'active' | 'standby' | 'username' | 'hostKeys' | 'openStream' | 'keepalive'> &
    Partial<Pick<AsaPairConnection, 'algorithms' | 'timeouts'>>;
  /** The identity file the configuration names for the units in a block of their own (the first that exists), if any. */
  identityFile?: string;
  /** "via bastion-1" when the units are reached through jump hosts. */
  route?: string;
  close(): Promise<void>;
}

function knownHostsPath(explicit: string | undefined, settings: SshHostSettings, home: string, what: string, require: boolean): string {
  if (explicit) return explicit;
  if (settings.userKnownHostsFiles[0]) return settings.userKnownHostsFiles[0];
  if (require && !settings.matchedBlock) {
    throw new InvalidInputError(`--known-hosts is required for ${what} (see asa-upgrade --help), or name it in the SSH configuration (Host ... UserKnownHostsFile).`);
  }
  return join(home, '.ssh', 'known_hosts');
}

export function resolvePairRoute(input: PairRouteInput): PairRoute {
  const home = input.env.HOME || homedir();
  const source = loadSshConfig(input.sshConfigFile, home);
  const verifiers = new Map<string, HostKeyVerifier>();
  const fileVerifier = (path: string, acceptNew: boolean): HostKeyVerifier => {
    let v = verifiers.get(path);
    if (!v) verifiers.set(path, (v = KnownHostsFile.verifier(path, { acceptNew, ...('acceptChanged' in input.hostKeys && input.hostKeys.acceptChanged ? { acceptChanged: input.hostKeys.acceptChanged } : {}) })));
    return v;
  };
  const hostKeysFor = (settings: SshHostSettings, require: boolean): HostKeyVerifier =>
    'verifier' in input.hostKeys
      ? input.hostKeys.verifier
      : fileVerifier(knownHostsPath(input.hostKeys.knownHostsFile, settings, home, settings.alias, require), input.hostKeys.acceptNew);
  const ctx = { source, home, env: input.env, hostKeysFor: (s: SshHostSettings) => hostKeysFor(s, false) };
  const overrides = { user: input.username, ...(input.proxyJump ? { proxyJump: input.proxyJump } : {}) };
  const active = resolveUnitRoute(input.active, overrides, ctx);
  const standby = input.standby ? resolveUnitRoute(input.standby, overrides, ctx) : undefined;

  const username = input.username ?? active.settings.user;
  if (!username) throw new InvalidInputError(`--username is required (see asa-upgrade --help), or give ${active.typed} a User in the SSH configuration.`);
  if (!input.username && standby && standby.settings.user !== undefined && standby.settings.user !== username) {
    throw new InvalidInputError(`The SSH configuration names different users for ${active.typed} (${username}) and ${standby.typed} (${standby.settings.user}); both units share one login: give --username.`);
  }

  // One chain per distinct route, shared by every session that takes it.
  const chains = new Map<string, JumpChain>();
  const chainOf = (unit: UnitRoute): JumpChain | undefined => {
    if (!unit.hops.length) return undefined;
    const key = unit.hops.map((h) => `${h.username}@${formatEndpoint(h.endpoint)}`).join(',');
    let chain = chains.get(key);
    if (!chain) chains.set(key, (chain = new JumpChain(unit.hops, { askPassword: input.askPassword, passphrase: input.passphrase, redactor: input.redactor })));
    return chain;
  };
  const units = [active, ...(standby ? [standby] : [])].map((u) => ({ unit: u, chain: chainOf(u), hostKeys: hostKeysFor(u.settings, true) }));
  const unitFor = (e: Endpoint) => units.find((u) => u.unit.endpoint.host === e.host && u.unit.endpoint.port === e.port);

  const hostKeys: HostKeyVerifier = async (offer) => {
    const u = unitFor({ host: offer.host, port: offer.port }) ?? units[0];
    const name = u.unit.hostKeyName;
    return u.hostKeys(name ? { ...offer, host: name.host, port: name.port } : offer);
  };
  const anyChain = units.some((u) => u.chain);
  const s = active.settings;
  const identityFile = s.hostIdentityFiles.find((f) => existsSync(f));
  return {
    active,
    standby,
    username,
    connection: {
      active: active.endpoint,
      ...(standby ? { standby: standby.endpoint } : {}),
      username,
      hostKeys,
      ...(anyChain
        ? {
            openStream: async (endpoint, options) => {
              const chain = unitFor(endpoint)?.chain;
              if (!chain) throw new InvalidInputError(`No route is configured for ${formatEndpoint(endpoint)}.`);
              return chain.connect(endpoint, options);
            },
          }
        : {}),
      keepalive: { ...(s.serverAliveIntervalMs !== undefined ? { intervalMs: s.serverAliveIntervalMs } : {}), ...(s.serverAliveCountMax !== undefined ? { countMax: s.serverAliveCountMax } : {}) },
      ...(s.algorithms ? { algorithms: s.algorithms } : {}),
      ...(s.connectTimeoutMs !== undefined ? { timeouts: { connectMs: s.connectTimeoutMs } } : {}),
    },
    ...(identityFile ? { identityFile } : {}),
    ...(routeText(active.hops) ? { route: routeText(active.hops) } : {}),
    async close() {
      await Promise.all([...chains.values()].map((c) => c.close()));
    },
  };
}
