// From what a user typed for a unit (`fw1`, `fw1:2222`, `10.0.0.1`) and the OpenSSH configuration, the
// endpoint to reach and the jump hosts on the way, each hop with its own user, keys, agent, host-key
// name and algorithms. Like `ssh`, the command line wins over the configuration (port, user).

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidInputError } from '../../core/errors';
import { parseEndpoint, type Endpoint } from '../endpoint';
import type { HostKeyVerifier } from '../host-key';
import type { JumpHost } from './jump-chain';
import { parseJumpSpec, resolveSshHost, type JumpSpec, type SshConfigSource, type SshHostSettings } from './ssh-config';

/** OpenSSH's default identity files, tried for a jump host whose configuration names none. */
const DEFAULT_IDENTITIES = ['id_rsa', 'id_ecdsa', 'id_ecdsa_sk', 'id_ed25519', 'id_ed25519_sk'];
/** A ProxyJump of a ProxyJump of ...: OpenSSH has no fixed limit, but a loop must end. */
const MAX_CHAIN = 8;

export interface RouteContext {
  source: SshConfigSource;
  home: string;
  env: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** The verifier for a host, given the known_hosts files its configuration names. */
  hostKeysFor(settings: SshHostSettings): HostKeyVerifier;
}

export interface UnitRoute {
  typed: string;
  endpoint: Endpoint;
  settings: SshHostSettings;
  hops: JumpHost[];
  /** The name the unit's host key is checked under (HostKeyAlias), when not the endpoint itself. */
  hostKeyName?: { host: string; port: number };
}

/** `host` and the port if one was typed (`fw1:2222`, `[fe80::1]:22`). */
export function splitTyped(text: string): { host: string; port?: number } {
  const a = parseEndpoint(text, 22);
  const b = parseEndpoint(text, 23);
  return a.port === b.port ? { host: a.host, port: a.port } : { host: a.host };
}

/** The agent to use: IdentityAgent, else SSH_AUTH_SOCK, else (Windows) the OpenSSH agent pipe. */
export function agentFor(identityAgent: string | undefined, env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string | undefined {
  if (identityAgent !== undefined && /^none$/i.test(identityAgent)) return undefined;
  if (identityAgent !== undefined && identityAgent !== 'SSH_AUTH_SOCK') return identityAgent;
  if (env.SSH_AUTH_SOCK) return env.SSH_AUTH_SOCK;
  return platform === 'win32' ? '\\\\.\\pipe\\openssh-ssh-agent' : undefined;
}

export function resolveUnitRoute(typed: string, overrides: { user?: string; proxyJump?: string }, ctx: RouteContext): UnitRoute {
  const { host, port } = splitTyped(typed);
  const resolved = resolveSshHost(ctx.source, host, { ...(port !== undefined ? { port } : {}), ...(overrides.user ? { user: overrides.user } : {}) }, ctx.home);
  // A jump host named for the pair (the editor's pair setting) wins over the configuration's ProxyJump, as `ssh -J` does.
  const jump = overrides.proxyJump?.trim();
  const settings = jump ? { ...resolved, proxyJump: /^none$/i.test(jump) ? [] : jump.split(',').map(parseJumpSpec) } : resolved;
  const endpoint = parseEndpoint(settings.hostName.includes(':') ? `[${settings.hostName}]:${settings.port}` : `${settings.hostName}:${settings.port}`, 22);
  return {
    typed,
    endpoint,
    settings,
    hops: chainFor(settings, ctx, 0),
    ...(settings.hostKeyAlias ? { hostKeyName: { host: settings.hostKeyAlias, port: 22 } } : {}),
  };
}

function chainFor(settings: SshHostSettings, ctx: RouteContext, depth: number): JumpHost[] {
  if (settings.proxyJump.length === 0) return [];
  if (depth >= MAX_CHAIN) throw new InvalidInputError(`The jump hosts of ${settings.alias} lead through more than ${MAX_CHAIN} levels of ProxyJump: check the SSH configuration for a loop.`);
  const [firstSpec, ...rest] = settings.proxyJump;
  const first = hopSettings(firstSpec, ctx);
  // The first jump host's own ProxyJump applies; later hops are reached through the ones before them (as `ssh -J`).
  return [...chainFor(first, ctx, depth + 1), jumpHost(firstSpec, first, ctx), ...rest.map((spec) => jumpHost(spec, hopSettings(spec, ctx), ctx))];
}

function hopSettings(spec: JumpSpec, ctx: RouteContext): SshHostSettings {
  return resolveSshHost(ctx.source, spec.host, { ...(spec.port !== undefined ? { port: spec.port } : {}), ...(spec.user ? { user: spec.user } : {}) }, ctx.home);
}

function jumpHost(spec: JumpSpec, s: SshHostSettings, ctx: RouteContext): JumpHost {
  const username = s.user ?? ctx.env.USER ?? ctx.env.USERNAME;
  if (!username) throw new InvalidInputError(`No user name for the jump host ${spec.host}: write user@${spec.host} in ProxyJump or give it a User in the SSH configuration.`);
  const identityFiles = s.identityFiles.length ? s.identityFiles : DEFAULT_IDENTITIES.map((f) => join(ctx.home, '.ssh', f)).filter((f) => existsSync(f));
  const agent = s.identitiesOnly ? undefined : agentFor(s.identityAgent, ctx.env, ctx.platform);
  const endpoint = parseEndpoint(s.hostName.includes(':') ? `[${s.hostName}]:${s.port}` : `${s.hostName}:${s.port}`, 22);
  return {
    label: spec.host,
    endpoint,
    username,
    identityFiles,
    ...(agent ? { agent } : {}),
    hostKeys: ctx.hostKeysFor(s),
    ...(s.hostKeyAlias ? { hostKeyName: { host: s.hostKeyAlias, port: 22 } } : {}),
    ...(s.algorithms ? { algorithms: s.algorithms } : {}),
    ...(s.connectTimeoutMs !== undefined ? { connectTimeoutMs: s.connectTimeoutMs } : {}),
    ...(s.serverAliveIntervalMs !== undefined ? { keepaliveMs: s.serverAliveIntervalMs } : {}),
    ...(s.serverAliveCountMax !== undefined ? { keepaliveCountMax: s.serverAliveCountMax } : {}),
  };
}

/** "via bastion-1, bastion-2", or undefined for a direct connection. */
export function routeText(hops: JumpHost[]): string | undefined {
  return hops.length ? `via ${hops.map((h) => h.label).join(', ')}` : undefined;
}
