// One connector per pair, reused by every refresh (the connector keeps its SSH sessions open). An upgrade gets
// a dedicated connector of its own so a refresh never interleaves commands with it.

import * as vscode from 'vscode';
import type { CommandRecord } from '../core/ports';
import type { Redactor } from '../core/redact';
import type { CredentialStore } from './credentials';
import { isCredentialRefusal } from './error-codes';
import { loadEngine, type AsaConnection, type PairConnectorHandle } from './engine-loader';
import type { HostKeyStore } from './host-keys';
import type { UiLog } from './log';
import { readSettings, type PairConfig } from './pairs-config';

export interface PairConnection {
  connector: PairConnectorHandle;
  /** Whether prompts (password box, host-key modal) may be shown right now. */
  interactive: boolean;
  /** Set by the credential/host-key hooks when they refused for lack of interaction, so the node can say why. */
  needsUser?: 'credentials' | 'host-key';
  activeKey: string;
  /** "via bastion-1" when jump hosts carry the sessions. */
  route?: string;
}

export class ConnectionPool {
  private readonly shared = new Map<string, { fingerprint: string; connection: Promise<PairConnection> }>();

  constructor(
    private readonly credentials: CredentialStore,
    private readonly hostKeys: HostKeyStore,
    private readonly log: UiLog,
    private readonly redactor: Redactor,
  ) {}

  /** The pair's reused connector (rebuilt when its settings changed). */
  get(pair: PairConfig): Promise<PairConnection> {
    const fingerprint = JSON.stringify(pair);
    const existing = this.shared.get(pair.name);
    if (existing && existing.fingerprint === fingerprint) return existing.connection;
    if (existing) void this.close(pair.name);
    const connection = this.create(pair, false, 'trace');
    this.shared.set(pair.name, { fingerprint, connection });
    connection.catch(() => this.shared.delete(pair.name));
    return connection;
  }

  /** A connector only for one job (its commands are logged at info and also go to `onCommand`); the caller closes it. */
  dedicated(pair: PairConfig, onCommand?: (r: CommandRecord) => void): Promise<PairConnection> {
    return this.create(pair, true, 'info', onCommand);
  }

  async close(pairName: string): Promise<void> {
    const existing = this.shared.get(pairName);
    this.shared.delete(pairName);
    if (existing) await existing.connection.then((c) => c.connector.close()).catch(() => undefined);
  }

  /**
   * After the pair refused the password or the enable password: the ones used are wrong, so they are dropped
   * (memory and keychain) and never sent again until the user signs in (the lab pair too: its "Sign in" gives
   * the lab's credentials back). Told by the error's code, not its class (see error-codes.ts). Returns whether
   * it applied.
   */
  async credentialsRefused(pair: PairConfig, error: unknown): Promise<boolean> {
    if (!isCredentialRefusal(error)) return false;
    await this.credentials.forget(pair.name, { keepSource: true });
    await this.close(pair.name);
    this.log.warn(`${pair.name} refused its credentials: they are forgotten and not sent again until you sign in.`);
    return true;
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.shared.keys()].map((name) => this.close(name)));
  }

  /** `commandLevel`: polling logs its commands at trace (off by default), a job's commands at info. */
  private async create(pair: PairConfig, interactive: boolean, commandLevel: 'trace' | 'info', extraOnCommand?: (r: CommandRecord) => void): Promise<PairConnection> {
    const engine = await loadEngine();
    const settings = readSettings();
    const defaultPort = pair.port ?? 22;
    const withPort = (address: string): string => (pair.port && pair.port !== 22 && !/:\d+$/.test(address) && !address.includes('[') ? `${address}:${pair.port}` : address);
    const state: { interactive: boolean; needsUser?: 'credentials' | 'host-key' } = { interactive };
    const logCommand = this.log.commandRecorder(pair.name, commandLevel);
    const verify = this.hostKeys.verifier(pair.name, () => state.interactive);
    // Addresses may be Host aliases of the SSH configuration; jump hosts (the pair's, or the configuration's
    // ProxyJump) carry every session. Their passwords are asked for in a password box, never stored.
    const route = pair.lab
      ? undefined
      : engine.resolvePairRoute({
          active: withPort(pair.active),
          ...(pair.standby ? { standby: withPort(pair.standby) } : {}),
          username: pair.username,
          ...(settings.sshConfigFile ? { sshConfigFile: settings.sshConfigFile } : {}),
          ...(pair.jumpHost ? { proxyJump: pair.jumpHost } : {}),
          env: process.env,
          hostKeys: { verifier: (offer) => verify(offer) },
          askPassword: async (question) => (state.interactive ? vscode.window.showInputBox({ prompt: question, password: true, ignoreFocusOut: true }) : undefined),
          redactor: this.redactor,
        });
    const active = route?.connection.active ?? engine.parseEndpoint(pair.active, defaultPort);
    const standby = route ? route.connection.standby : pair.standby ? engine.parseEndpoint(pair.standby, defaultPort) : undefined;
    const connection: AsaConnection = {
      ...(route ? { openStream: route.connection.openStream, keepalive: route.connection.keepalive } : {}),
      active,
      standby,
      username: pair.username,
      auth: {
        method: pair.authentication,
        privateKeyPath: pair.authentication === 'publickey' ? pair.keyFile : undefined,
        agentSocket: pair.authentication === 'agent' ? process.env.SSH_AUTH_SOCK : undefined,
      },
      credentials: async () => {
        try {
          const secrets = await this.credentials.get(pair, { interactive: state.interactive });
          state.needsUser = undefined;
          return secrets;
        } catch (e) {
          if (!state.interactive) state.needsUser = 'credentials';
          throw e;
        }
      },
      hostKeys: async (offer) => {
        try {
          // Through the route, a unit's key is checked under its HostKeyAlias when the configuration names one.
          await (route ? route.connection.hostKeys(offer) : verify(offer));
        } catch (e) {
          if (!state.interactive && !this.hostKeys.known(offer.host, offer.port)) state.needsUser = 'host-key';
          throw e;
        }
      },
      algorithms: pair.algorithms === 'legacy' ? 'legacy' : route?.connection.algorithms ?? 'default',
      timeouts: { commandMs: settings.commandTimeoutMs, connectMs: settings.connectTimeoutMs, authMs: settings.authTimeoutMs },
      onCommand: (r) => {
        logCommand(r);
        extraOnCommand?.(r);
      },
      redactor: this.redactor,
    };
    const pairConnector = engine.createPairConnector(connection);
    const routed = route
      ? {
          ...pairConnector,
          async close() {
            await pairConnector.close();
            await route.close();
          },
        }
      : pairConnector;
    // A job's connector (an upgrade reconnects after each reload) reports a refused login at once: the
    // credentials are forgotten, so the background refresh never sends them again after the job stops.
    const connector: typeof routed =
      commandLevel === 'info'
        ? {
            ...routed,
            connect: async (...args: Parameters<typeof routed.connect>) => {
              try {
                return await routed.connect(...args);
              } catch (e) {
                if (isCredentialRefusal(e)) await this.credentialsRefused(pair, e);
                throw e;
              }
            },
          }
        : routed;
    const handle: PairConnection = {
      connector,
      ...(route?.route ? { route: route.route } : {}),
      activeKey: `${active.host}:${active.port}`,
      get interactive() {
        return state.interactive;
      },
      set interactive(v: boolean) {
        state.interactive = v;
      },
      get needsUser() {
        return state.needsUser;
      },
      set needsUser(v) {
        state.needsUser = v;
      },
    };
    return handle;
  }
}
