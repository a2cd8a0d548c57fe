// OpenSSH client configuration (~/.ssh/config or a file the user names), read the way `ssh` reads it so a
// `Host` alias typed here reaches the same device by the same route. The grammar is parsed by the
// maintained `ssh-config` package; this file adds what that package leaves to its callers: `Include`
// (globs, relative to ~/.ssh, nested up to OpenSSH's depth of 16), `%` tokens and `~` in paths, and turning
// the directives this product honours into typed settings. `Match exec` is never run (no shell from a
// config file); the system-wide /etc/ssh/ssh_config is not read.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { parse, LineType, type Line, type Section, type SSHConfig } from 'ssh-config';
import { InvalidInputError } from '../../core/errors';
import { configuredAlgorithms, type ConfiguredAlgorithms } from './config-algorithms';

/** One jump host as ProxyJump names it: `[user@]host[:port]` or `ssh://[user@]host[:port]`. */
export interface JumpSpec {
  user?: string;
  host: string;
  port?: number;
}

/** What the configuration says about one host name, with every path and token already expanded. */
export interface SshHostSettings {
  /** The name as typed (the `Host` alias, or a plain address). */
  alias: string;
  /** The address to connect to (HostName, or the alias itself). */
  hostName: string;
  port: number;
  user?: string;
  identityFiles: string[];
  /**
   * The identity files set in a block written for this host (not a bare `Host *` nor the top of the file):
   * only these switch a unit's login to a key, since a catch-all key is rarely one an ASA trusts.
   */
  hostIdentityFiles: string[];
  identitiesOnly: boolean;
  /** IdentityAgent: a socket path, `none`, or undefined (SSH_AUTH_SOCK). */
  identityAgent?: string;
  /** Jump hosts in order, [] for a direct connection (also `ProxyJump none`). */
  proxyJump: JumpSpec[];
  userKnownHostsFiles: string[];
  hostKeyAlias?: string;
  connectTimeoutMs?: number;
  serverAliveIntervalMs?: number;
  serverAliveCountMax?: number;
  algorithms?: ConfiguredAlgorithms;
  /** Whether any `Host`/`Match` block other than `Host *` applied to this name. */
  matchedBlock: boolean;
}

export interface SshConfigSource {
  /** The file read (absent when there is none: every name then resolves to itself). */
  path?: string;
  lines: Line[];
}

const MAX_INCLUDE_DEPTH = 16;

export function defaultSshConfigPath(home = homedir()): string {
  return join(home, '.ssh', 'config');
}

function expandTilde(path: string, home: string): string {
  return path === '~' || path.startsWith('~/') ? home + path.slice(1) : path;
}

function globToRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

/** Files an Include pattern names, sorted as glob(3) returns them; `*` and `?` in any path component. */
function expandIncludeGlob(pattern: string): string[] {
  const parts = pattern.split('/');
  let paths = [pattern.startsWith('/') ? '/' : '.'];
  for (const part of parts) {
    if (part === '') continue;
    const next: string[] = [];
    for (const base of paths) {
      if (!/[*?]/.test(part)) {
        next.push(join(base, part));
        continue;
      }
      let names: string[] = [];
      try {
        names = readdirSync(base);
      } catch {
        continue;
      }
      const re = globToRegExp(part);
      for (const name of names.sort()) if (!name.startsWith('.') && re.test(name)) next.push(join(base, name));
    }
    paths = next;
  }
  return paths.filter((p) => {
    try {
      return statSync(p).isFile();
    } catch {
      return false;
    }
  });
}

function values(line: { value: string | { val: string }[] }): string[] {
  return typeof line.value === 'string' ? line.value.split(/\s+/).filter(Boolean) : line.value.map((v) => v.val);
}

function toConfig(lines: Line[]): SSHConfig {
  const config = parse('');
  config.push(...lines);
  return config;
}

function isSection(line: Line): line is Section {
  return line.type === LineType.DIRECTIVE && 'config' in line;
}

function readConfigFile(path: string, what: string): Line[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InvalidInputError(`Cannot read the SSH configuration ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}. Check the path (--ssh-config / asaUpgrade.sshConfigFile).`);
  }
  try {
    return [...parse(text)];
  } catch (e) {
    throw new InvalidInputError(`The SSH configuration ${path} cannot be parsed: ${(e as Error).message}. Check it with \`ssh -G HOST -F ${path}\`.`);
  }
}

/**
 * Replaces each Include by the lines of the files it names. An Include inside a Host/Match block adds the
 * included directives to that block, and any Host/Match blocks of the included file after it (as OpenSSH does).
 */
function resolveIncludes(lines: Line[], home: string, depth: number): Line[] {
  const out: Line[] = [];
  const include = (line: Line): Line[] => {
    if (depth >= MAX_INCLUDE_DEPTH) throw new InvalidInputError(`The SSH configuration nests Include more than ${MAX_INCLUDE_DEPTH} deep; check for an Include loop.`);
    const files: Line[] = [];
    for (const raw of values(line as { value: string | { val: string }[] })) {
      const expanded = expandTilde(raw, home);
      const pattern = isAbsolute(expanded) ? expanded : join(home, '.ssh', expanded);
      for (const file of expandIncludeGlob(pattern)) files.push(...resolveIncludes(readConfigFile(file, 'include'), home, depth + 1));
    }
    return files;
  };
  for (const line of lines) {
    if (line.type === LineType.DIRECTIVE && /^include$/i.test(line.param)) {
      out.push(...include(line));
    } else if (isSection(line)) {
      const inner: Line[] = [];
      const trailing: Line[] = [];
      for (const sub of line.config) {
        if (sub.type === LineType.DIRECTIVE && /^include$/i.test(sub.param)) {
          for (const inc of include(sub)) {
            if (trailing.length || isSection(inc)) trailing.push(inc);
            else inner.push(inc);
          }
        } else inner.push(sub);
      }
      out.push(Object.assign(line, { config: toConfig(inner) }), ...trailing);
    } else out.push(line);
  }
  return out;
}

/**
 * Reads the configuration: `path` when given (it must exist), otherwise ~/.ssh/config when there is one.
 * Without a file every host name resolves to itself.
 */
export function loadSshConfig(path: string | undefined, home = homedir()): SshConfigSource {
  const file = path !== undefined && path !== '' ? expandTilde(path, home) : defaultSshConfigPath(home);
  if ((path === undefined || path === '') && !existsSync(file)) return { lines: [] };
  return { path: file, lines: resolveIncludes(readConfigFile(file, 'file'), home, 0) };
}

interface TokenValues {
  home: string;
  host: string;
  originalHost: string;
  port: number;
  remoteUser?: string;
  localUser: string;
  hostKeyAlias?: string;
}

/** Expands OpenSSH's `%` tokens (ssh_config(5) TOKENS) and a leading `~`. */
export function expandTokens(text: string, t: TokenValues, directive: string): string {
  const expanded = text.replace(/%(.)/g, (_m, c: string) => {
    switch (c) {
      case '%':
        return '%';
      case 'd':
        return t.home;
      case 'h':
        return t.host;
      case 'n':
        return t.originalHost;
      case 'p':
        return String(t.port);
      case 'r':
        if (t.remoteUser === undefined) throw new InvalidInputError(`${directive} ${text} uses %r but no user is known for ${t.originalHost}: give --username or a User in the SSH configuration.`);
        return t.remoteUser;
      case 'u':
        return t.localUser;
      case 'k':
        return t.hostKeyAlias ?? t.originalHost;
      case 'i':
        return String(typeof process.getuid === 'function' ? process.getuid() : 0);
      case 'l':
      case 'L': {
        const h = (process.env.HOSTNAME ?? '').trim() || 'localhost';
        return c === 'L' ? h.split('.')[0] : h;
      }
      default:
        throw new InvalidInputError(`${directive} ${text} uses the token %${c}, which this tool does not expand; write the value out.`);
    }
  });
  return expandTilde(expanded, t.home);
}

function parsePort(text: string, what: string): number {
  const port = Number(text);
  if (!/^[0-9]{1,5}$/.test(text) || port < 1 || port > 65535) throw new InvalidInputError(`${what} has an invalid port "${text}": use a number from 1 to 65535.`);
  return port;
}

/** `[user@]host[:port]`, `ssh://[user@]host[:port]`, `[v6]:port`: one ProxyJump entry. */
export function parseJumpSpec(text: string): JumpSpec {
  let rest = text.trim();
  const uri = /^ssh:\/\//i.test(rest);
  if (uri) rest = rest.slice(6).replace(/\/$/, '');
  let user: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    user = rest.slice(0, at);
    rest = rest.slice(at + 1);
    if (user === '') throw new InvalidInputError(`ProxyJump entry "${text}" has "@" but no user name before it.`);
  }
  let host = rest;
  let port: number | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest);
  if (bracketed) {
    host = bracketed[1];
    if (bracketed[2]) port = parsePort(bracketed[2], `ProxyJump entry "${text}"`);
  } else if ((rest.match(/:/g) ?? []).length === 1) {
    const colon = rest.indexOf(':');
    host = rest.slice(0, colon);
    port = parsePort(rest.slice(colon + 1), `ProxyJump entry "${text}"`);
  }
  if (!host || /[\s/]/.test(host)) throw new InvalidInputError(`ProxyJump entry "${text}" has no valid host: write [user@]host[:port].`);
  return { ...(user !== undefined ? { user } : {}), host, ...(port !== undefined ? { port } : {}) };
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function all(v: string | string[] | undefined): string[] {
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).flatMap((x) => x.split(/\s+/)).filter(Boolean);
}

function seconds(text: string | undefined, directive: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[0-9]+$/.test(text)) throw new InvalidInputError(`${directive} ${text} in the SSH configuration is not a whole number of seconds.`);
  return Number(text) * 1000;
}

function yesNo(text: string | undefined): boolean {
  return text !== undefined && /^(yes|true)$/i.test(text);
}

/** IdentityFile values from Host/Match blocks other than a bare `Host *` that apply to `name`. */
function specificIdentityFiles(source: SshConfigSource, name: string, user: string | undefined): string[] {
  const specific = source.lines.filter((line) => isSection(line) && !values(line as { value: string | { val: string }[] }).every((p) => p === '*'));
  if (!specific.length) return [];
  const computed = toConfig(specific).compute({ Host: name, ...(user ? { User: user } : {}) }, { ignoreCase: true, matchExec: false });
  return all(computed.identityfile).filter((f) => !/^none$/i.test(f));
}

/** Whether a Host/Match block other than a bare `Host *` applies to `name`. */
function matchesSpecificBlock(source: SshConfigSource, name: string): boolean {
  return source.lines.some((line) => {
    if (!isSection(line) || !/^host$/i.test(line.param)) return false;
    const patterns = values(line as { value: string | { val: string }[] });
    if (patterns.every((p) => p === '*')) return false;
    let matched = false;
    for (const p of patterns) {
      const negated = p.startsWith('!');
      if (globToRegExp((negated ? p.slice(1) : p)).test(name)) {
        if (negated) return false;
        matched = true;
      }
    }
    return matched;
  });
}

/**
 * What the configuration says for `name` (a Host alias or an address as typed, without a port).
 * `overrides` are what the command line says, which win as they do for `ssh -p/-l`.
 */
export function resolveSshHost(source: SshConfigSource, name: string, overrides: { port?: number; user?: string } = {}, home = homedir()): SshHostSettings {
  const computed = source.lines.length
    ? toConfig(source.lines).compute({ Host: name, ...(overrides.user ? { User: overrides.user } : {}) }, { ignoreCase: true, matchExec: false })
    : {};
  const get = (key: string): string | undefined => first(computed[key]);
  const localUser = safeLocalUser();
  const rawHostName = get('hostname');
  const hostName = rawHostName ? rawHostName.replace(/%(.)/g, (_m, c: string) => (c === 'h' ? name : c === '%' ? '%' : `%${c}`)) : name;
  const port = overrides.port ?? (get('port') ? parsePort(get('port')!, `Port for ${name} in the SSH configuration`) : 22);
  const user = overrides.user ?? get('user');
  const hostKeyAlias = get('hostkeyalias');
  const tokens: TokenValues = { home, host: hostName, originalHost: name, port, remoteUser: user, localUser, hostKeyAlias };
  const proxyJumpText = get('proxyjump');
  const proxyJump = !proxyJumpText || /^none$/i.test(proxyJumpText) ? [] : proxyJumpText.split(',').map(parseJumpSpec);
  if (get('proxycommand') && !/^none$/i.test(get('proxycommand')!) && proxyJump.length === 0) {
    throw new InvalidInputError(`The SSH configuration gives ${name} a ProxyCommand, which this tool does not run: use ProxyJump for jump hosts.`);
  }
  const identityAgent = get('identityagent');
  return {
    alias: name,
    hostName,
    port,
    ...(user !== undefined ? { user } : {}),
    identityFiles: all(computed.identityfile).filter((f) => !/^none$/i.test(f)).map((f) => expandTokens(f, tokens, 'IdentityFile')),
    hostIdentityFiles: specificIdentityFiles(source, name, overrides.user).map((f) => expandTokens(f, tokens, 'IdentityFile')),
    identitiesOnly: yesNo(get('identitiesonly')),
    ...(identityAgent !== undefined ? { identityAgent: /^none$/i.test(identityAgent) || identityAgent === 'SSH_AUTH_SOCK' ? identityAgent : expandTokens(identityAgent.replace(/^\$SSH_AUTH_SOCK$/, 'SSH_AUTH_SOCK'), tokens, 'IdentityAgent') } : {}),
    proxyJump,
    userKnownHostsFiles: all(computed.userknownhostsfile).filter((f) => !/^none$/i.test(f)).map((f) => expandTokens(f, tokens, 'UserKnownHostsFile')),
    ...(hostKeyAlias !== undefined ? { hostKeyAlias } : {}),
    ...optionalNumber('connectTimeoutMs', seconds(get('connecttimeout'), 'ConnectTimeout')),
    ...optionalNumber('serverAliveIntervalMs', seconds(get('serveraliveinterval'), 'ServerAliveInterval')),
    ...optionalNumber('serverAliveCountMax', get('serveralivecountmax') !== undefined ? Number(get('serveralivecountmax')) : undefined),
    ...optionalAlgorithms(computed, name),
    matchedBlock: matchesSpecificBlock(source, name),
  };
}

function optionalNumber<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined || !Number.isFinite(value) ? {} : ({ [key]: value } as Record<K, number>);
}

function optionalAlgorithms(computed: Record<string, string | string[]>, name: string): { algorithms?: ConfiguredAlgorithms } {
  const algorithms = configuredAlgorithms(
    {
      kex: first(computed.kexalgorithms),
      cipher: first(computed.ciphers),
      hmac: first(computed.macs),
      serverHostKey: first(computed.hostkeyalgorithms),
    },
    name,
  );
  return algorithms ? { algorithms } : {};
}

function safeLocalUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'user';
  }
}

/** The `Host` aliases a user can pick (no patterns, no negations), in file order. */
export function hostAliases(source: SshConfigSource): string[] {
  const aliases: string[] = [];
  for (const line of source.lines) {
    if (!isSection(line) || !/^host$/i.test(line.param)) continue;
    for (const p of values(line as { value: string | { val: string }[] })) {
      if (!/[*?!]/.test(p) && !aliases.includes(p)) aliases.push(p);
    }
  }
  return aliases;
}
