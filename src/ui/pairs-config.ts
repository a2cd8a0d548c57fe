// The pairs the user configured, read from and written to the `asaUpgrade.pairs` setting. No secret is ever
// written here; credentials live in SecretStorage (credentials.ts).

import * as vscode from 'vscode';

export type AuthenticationMethod = 'password' | 'keyboard-interactive' | 'publickey' | 'agent';
export const AUTHENTICATION_METHODS: AuthenticationMethod[] = ['password', 'keyboard-interactive', 'publickey', 'agent'];

export interface PairConfig {
  name: string;
  /** `host` or `host:port` of the active unit. */
  active: string;
  standby?: string;
  /** SSH port when an address has none (22). */
  port?: number;
  username: string;
  authentication: AuthenticationMethod;
  keyFile?: string;
  algorithms: 'default' | 'legacy';
  /** Jump hosts on the way (OpenSSH ProxyJump syntax: `[user@]host[:port][,...]` or a Host alias), over the SSH configuration's. */
  jumpHost?: string;
  /** Set on the in-memory lab pair only; never written to settings. */
  lab?: boolean;
}

const SECTION = 'asaUpgrade';

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** Reads the configured pairs, dropping entries without the fields a connection needs (reported by the caller). */
export function readConfiguredPairs(): { pairs: PairConfig[]; problems: string[] } {
  const raw = vscode.workspace.getConfiguration(SECTION).get<unknown[]>('pairs', []);
  const pairs: PairConfig[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  (Array.isArray(raw) ? raw : []).forEach((entry, i) => {
    const e = (entry ?? {}) as Record<string, unknown>;
    const name = str(e.name);
    const active = str(e.active);
    const username = str(e.username);
    if (!name || !active || !username) {
      problems.push(`asaUpgrade.pairs[${i}] needs "name", "active" and "username"; it is ignored until they are set.`);
      return;
    }
    if (seen.has(name)) {
      problems.push(`Two pairs are named "${name}" in asaUpgrade.pairs; only the first is shown. Rename one.`);
      return;
    }
    seen.add(name);
    const auth = AUTHENTICATION_METHODS.includes(e.authentication as AuthenticationMethod) ? (e.authentication as AuthenticationMethod) : 'password';
    pairs.push({
      name,
      active,
      standby: str(e.standby),
      port: typeof e.port === 'number' && Number.isInteger(e.port) ? e.port : undefined,
      username,
      authentication: auth,
      keyFile: str(e.keyFile),
      algorithms: e.algorithms === 'legacy' ? 'legacy' : 'default',
      ...(str(e.jumpHost) ? { jumpHost: str(e.jumpHost) } : {}),
    });
  });
  return { pairs, problems };
}

function toSetting(p: PairConfig): Record<string, unknown> {
  const out: Record<string, unknown> = { name: p.name, active: p.active };
  if (p.standby) out.standby = p.standby;
  if (p.port && p.port !== 22) out.port = p.port;
  out.username = p.username;
  out.authentication = p.authentication;
  if (p.keyFile) out.keyFile = p.keyFile;
  out.algorithms = p.algorithms;
  if (p.jumpHost) out.jumpHost = p.jumpHost;
  return out;
}

/** Replaces (by `previousName`) or appends a pair, keeping the other entries exactly as the user wrote them. */
export async function savePair(pair: PairConfig, previousName?: string): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const raw = [...(config.get<unknown[]>('pairs', []) ?? [])];
  const index = previousName === undefined ? -1 : raw.findIndex((e) => (e as { name?: unknown })?.name === previousName);
  if (index >= 0) raw[index] = toSetting(pair);
  else raw.push(toSetting(pair));
  await config.update('pairs', raw, vscode.ConfigurationTarget.Global);
}

export async function deletePair(name: string): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const raw = (config.get<unknown[]>('pairs', []) ?? []).filter((e) => (e as { name?: unknown })?.name !== name);
  await config.update('pairs', raw, vscode.ConfigurationTarget.Global);
}

/** For input boxes: `host` or `host:port`, IPv6 in brackets; refuses spaces and control characters. */
export function addressProblem(text: string): string | undefined {
  const t = text.trim();
  if (!t) return 'Enter the management address, e.g. 192.0.2.10 or asa1.example.net:22.';
  if (/[\s\u0000-\u001f\u007f]/.test(t)) return 'An address cannot contain spaces, line breaks or control characters.';
  const m = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]+)(?::(\d+))?$/.exec(t);
  if (!m) return 'Use host or host:port (an IPv6 address goes in brackets: [2001:db8::1]:22).';
  if (m[2] !== undefined) {
    const port = Number(m[2]);
    if (!Number.isInteger(port) || port < 1 || port > 65535) return `Port ${m[2]} is out of range: use 1 to 65535.`;
  }
  return undefined;
}

export interface UiSettings {
  repositories: string[];
  /** asaUpgrade.sshConfigFile: the OpenSSH configuration for Host aliases (default ~/.ssh/config). */
  sshConfigFile?: string;
  refreshIntervalSeconds: number;
  commandTimeoutMs: number;
  connectTimeoutMs: number;
  authTimeoutMs: number;
  copyTimeoutMs: number;
  copyNoProgressMs: number;
  reloadTimeoutMs: number;
  pollIntervalMs: number;
  labReloadSeconds: number;
  labCopyBytesPerSecond: number;
  /** How many lab pairs Open Lab starts (1 to 4). */
  labPairs: number;
}

export function readSettings(): UiSettings {
  const c = vscode.workspace.getConfiguration(SECTION);
  const num = (key: string, dflt: number, min: number): number => {
    const v = c.get<number>(key, dflt);
    return typeof v === 'number' && Number.isFinite(v) && v >= min ? v : dflt;
  };
  return {
    repositories: (c.get<unknown[]>('imageRepositories', []) ?? []).filter((r): r is string => typeof r === 'string' && r.trim() !== '').map((r) => r.trim()),
    ...(str(c.get<unknown>('sshConfigFile')) ? { sshConfigFile: str(c.get<unknown>('sshConfigFile')) } : {}),
    refreshIntervalSeconds: num('refreshIntervalSeconds', 60, 0),
    commandTimeoutMs: num('timeouts.commandSeconds', 30, 1) * 1000,
    connectTimeoutMs: num('timeouts.connectSeconds', 20, 1) * 1000,
    authTimeoutMs: num('timeouts.authSeconds', 60, 1) * 1000,
    copyTimeoutMs: num('timeouts.copyMinutes', 30, 1) * 60_000,
    copyNoProgressMs: num('timeouts.copyNoProgressMinutes', 5, 0.1) * 60_000,
    reloadTimeoutMs: num('timeouts.reloadMinutes', 30, 1) * 60_000,
    pollIntervalMs: num('pollIntervalMs', 2000, 10),
    labReloadSeconds: num('lab.reloadSeconds', 10, 0.1),
    labCopyBytesPerSecond: num('lab.copyKilobytesPerSecond', 1024, 1) * 1024,
    labPairs: Math.min(4, Math.round(num('lab.pairs', 1, 1))),
  };
}
