// Jump hosts (OpenSSH's ProxyJump): each hop is an SSH connection opened through the previous one with a
// direct-tcpip channel (ssh2's forwardOut), and the device's own sessions run over a channel from the
// last hop. One connection per hop is kept and shared by every session (the shared ones and the copy
// watchers); a hop that drops is reconnected on the next use. Each hop's host key goes through the same
// verifier as the device's (first contact, changed key refused naming both fingerprints).
// Authentication per hop, in OpenSSH's order: the agent (unless IdentitiesOnly), the identity files, then
// a password asked for once (never from arguments) and never sent again once the hop refused it.

import { readFileSync } from 'node:fs';
import type { Duplex } from 'node:stream';
import { Client, type AuthenticationType, type ConnectConfig } from 'ssh2';
import { AuthenticationError, ConnectError, InvalidInputError } from '../../core/errors';
import { Redactor } from '../../core/redact';
import { sshAlgorithms, type AlgorithmSet } from '../algorithms';
import { formatEndpoint, type Endpoint } from '../endpoint';
import { hostKeyOffer, type HostKeyVerifier } from '../host-key';
import type { ConfiguredAlgorithms } from './config-algorithms';

export interface JumpHost {
  /** As the user named it (a Host alias or an address): used in the route text and in messages. */
  label: string;
  endpoint: Endpoint;
  username: string;
  /** Private key files to try, in order (already expanded). */
  identityFiles: string[];
  /** Agent socket, Windows pipe or `pageant`; undefined when no agent is to be used. */
  agent?: string;
  hostKeys: HostKeyVerifier;
  /** The name the host key is checked under when it is not the endpoint (HostKeyAlias). */
  hostKeyName?: { host: string; port: number };
  algorithms?: AlgorithmSet | ConfiguredAlgorithms;
  connectTimeoutMs?: number;
  keepaliveMs?: number;
  keepaliveCountMax?: number;
}

export interface JumpChainOptions {
  /** Asks for a hop's password when its keys and agent are refused or absent (a hidden prompt / input box). */
  askPassword?: (question: string) => Promise<string | undefined>;
  /** The passphrase of encrypted identity files, if any. */
  passphrase?: string;
  redactor?: Redactor;
}

const DEFAULT_CONNECT_MS = 20_000;

type AuthAttempt =
  | { type: 'agent'; username: string; agent: string }
  | { type: 'publickey'; username: string; key: Buffer; passphrase?: string }
  | { type: 'password'; username: string; password: string }
  | { type: 'keyboard-interactive'; username: string; prompt: (name: string, instructions: string, lang: string, prompts: Array<{ prompt: string; echo?: boolean }>, finish: (answers: string[]) => void) => void };

export class JumpChain {
  private readonly clients: Array<Promise<Client> | undefined>;
  private readonly open = new Set<Client>();
  /** Hops whose password was refused: it is never sent again in this process. */
  private readonly refused = new Set<number>();
  private readonly redactor: Redactor;
  private closed = false;

  constructor(
    readonly hops: JumpHost[],
    private readonly o: JumpChainOptions = {},
  ) {
    if (hops.length === 0) throw new InvalidInputError('A jump chain needs at least one jump host.');
    this.clients = hops.map(() => undefined);
    this.redactor = o.redactor ?? new Redactor();
  }

  /** A channel from the last hop to `target`, for an SSH client to run over (ssh2's `sock`). */
  async connect(target: Endpoint, options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<Duplex> {
    options.signal?.throwIfAborted();
    const last = this.hops.length - 1;
    const client = await this.hop(last, options.timeoutMs);
    return this.forward(client, this.hops[last], target, options.timeoutMs ?? DEFAULT_CONNECT_MS);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const c of this.open) c.end();
    this.open.clear();
    this.clients.fill(undefined);
  }

  private hop(i: number, timeoutMs: number | undefined): Promise<Client> {
    if (this.closed) return Promise.reject(new ConnectError('The jump host connections were closed.'));
    const cached = this.clients[i];
    if (cached) return cached;
    const hop = this.hops[i];
    const opening = (async () => {
      const sock = i === 0 ? undefined : await this.forward(await this.hop(i - 1, timeoutMs), this.hops[i - 1], hop.endpoint, hop.connectTimeoutMs ?? timeoutMs ?? DEFAULT_CONNECT_MS);
      return this.login(i, sock, timeoutMs);
    })();
    this.clients[i] = opening;
    const forget = (): void => {
      if (this.clients[i] === opening) this.clients[i] = undefined;
    };
    opening.then((c) => c.once('close', forget), forget);
    return opening;
  }

  private forward(client: Client, via: JumpHost, to: Endpoint, timeoutMs: number): Promise<Duplex> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new ConnectError(`The jump host ${via.label} did not open a connection to ${formatEndpoint(to)} within ${Math.round(timeoutMs / 1000)} s.`)), timeoutMs);
      client.forwardOut('127.0.0.1', 0, to.host, to.port, (err, channel) => {
        clearTimeout(timer);
        if (err) {
          reject(
            new ConnectError(
              `The jump host ${via.label} could not reach ${formatEndpoint(to)}: ${this.redactor.redact(err.message)}. ` +
                'Check the address and that this jump host may forward to it (AllowTcpForwarding / PermitOpen in its sshd_config).',
            ),
          );
        } else {
          // The far end closing its side means the connection to the target is gone (a unit reloading resets it):
          // close ours too, so the SSH client on top sees a closed socket at once rather than a half-open one.
          channel.once('end', () => channel.destroy());
          resolve(channel);
        }
      });
    });
  }

  private async login(i: number, sock: Duplex | undefined, timeoutMs: number | undefined): Promise<Client> {
    const hop = this.hops[i];
    const where = `jump host ${hop.label} (${formatEndpoint(hop.endpoint)})`;
    const attempts = this.keyAttempts(hop);
    const connectMs = hop.connectTimeoutMs ?? timeoutMs ?? DEFAULT_CONNECT_MS;
    const client = new Client();
    client.on('error', () => undefined);
    let hostKeyError: Error | undefined;
    let triedPassword = false;
    const keyName = hop.hostKeyName ?? hop.endpoint;
    const config: ConnectConfig = {
      host: hop.endpoint.host,
      port: hop.endpoint.port,
      ...(sock ? { sock } : {}),
      username: hop.username,
      readyTimeout: connectMs,
      keepaliveInterval: hop.keepaliveMs ?? 15_000,
      keepaliveCountMax: hop.keepaliveCountMax ?? 3,
      algorithms: sshAlgorithms(hop.algorithms),
      hostVerifier: (key: Buffer, verify: (valid: boolean) => void) => {
        hop.hostKeys(hostKeyOffer(keyName.host, keyName.port, key)).then(
          () => verify(true),
          (e: unknown) => {
            hostKeyError = e instanceof Error ? e : new Error(String(e));
            verify(false);
          },
        );
      },
      authHandler: (methodsLeft: AuthenticationType[] | null, _partial: boolean | null, next: (auth: AuthAttempt | false) => void) => {
        const allowed = (m: string): boolean => methodsLeft === null || methodsLeft.includes(m as AuthenticationType);
        while (attempts.length) {
          const a = attempts.shift()!;
          if (allowed(a.type)) return next(a);
        }
        // One password, asked once, sent once: by `password`, or by keyboard-interactive (PAM) when that is all the hop offers.
        const method = allowed('password') ? 'password' : allowed('keyboard-interactive') ? 'keyboard-interactive' : undefined;
        if (triedPassword || this.refused.has(i) || !this.o.askPassword || !method) return next(false);
        triedPassword = true;
        void this.o.askPassword(`Password for ${hop.username} at ${where}: `).then(
          (password) => {
            if (password === undefined || password === '') return next(false);
            this.redactor.add(password);
            if (method === 'password') return next({ type: 'password', username: hop.username, password });
            let answered = false;
            next({
              type: 'keyboard-interactive',
              username: hop.username,
              prompt: (_name, _instructions, _lang, prompts, finish) => {
                // Only a password question gets the password, and only once.
                const answers = prompts.map((q) => (!answered && /pass(word|code)?/i.test(q.prompt) ? ((answered = true), password) : ''));
                finish(answers);
              },
            });
          },
          () => next(false),
        );
        return undefined;
      },
    } as ConnectConfig;
    if (this.refused.has(i)) throw new AuthenticationError(`${where} already refused this password; it is not sent again. Check the user name and password, then start again.`);
    await new Promise<void>((resolve, reject) => {
      client.once('ready', () => resolve());
      client.once('error', (err: Error & { level?: string; code?: string }) => {
        if (hostKeyError) return reject(hostKeyError);
        if (err.level === 'client-authentication') {
          if (triedPassword) this.refused.add(i);
          const tried = [hop.agent ? 'the agent' : undefined, hop.identityFiles.length ? `the key file(s) ${hop.identityFiles.join(', ')}` : undefined, triedPassword ? 'a password' : undefined].filter(Boolean);
          return reject(new AuthenticationError(`authentication failed for ${hop.username} at ${where} (tried ${tried.join(', ') || 'nothing: no agent, key file or password was available'}): check the user name and that this host trusts one of the keys.`));
        }
        reject(hopFailure(err, where, connectMs, this.redactor));
      });
      client.once('close', () => reject(hostKeyError ?? new ConnectError(`${where} closed the connection during the SSH handshake.`)));
      try {
        client.connect(config);
      } catch (e) {
        reject(new ConnectError(`Cannot connect to ${where}: ${this.redactor.redact((e as Error).message)}`));
      }
    }).catch((e) => {
      client.end();
      throw e;
    });
    this.open.add(client);
    client.once('close', () => this.open.delete(client));
    return client;
  }

  private keyAttempts(hop: JumpHost): AuthAttempt[] {
    const attempts: AuthAttempt[] = [];
    if (hop.agent) attempts.push({ type: 'agent', username: hop.username, agent: hop.agent });
    for (const file of hop.identityFiles) {
      let key: Buffer;
      try {
        key = readFileSync(file);
      } catch {
        continue; // OpenSSH skips identity files that are not there, too.
      }
      attempts.push({ type: 'publickey', username: hop.username, key, ...(this.o.passphrase ? { passphrase: this.o.passphrase } : {}) });
    }
    return attempts;
  }
}

function hopFailure(err: Error & { code?: string; level?: string }, where: string, connectMs: number, redactor: Redactor): Error {
  const message = redactor.redact(err.message ?? String(err));
  if (err.code === 'ECONNREFUSED') return new ConnectError(`Connection refused by ${where}: check its address and port.`);
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') return new ConnectError(`Cannot resolve ${where}: check the host name (HostName in the SSH configuration).`);
  if (err.level === 'client-timeout' || err.code === 'ETIMEDOUT') return new ConnectError(`No SSH answer from ${where} within ${Math.round(connectMs / 1000)} s (ConnectTimeout).`);
  if (/no matching|handshake failed/i.test(message)) return new ConnectError(`SSH algorithm mismatch with ${where}: ${message.replace(/^Handshake failed: /i, '')}. Adjust KexAlgorithms/Ciphers/MACs/HostKeyAlgorithms for it in the SSH configuration.`);
  return new ConnectError(`Cannot connect to ${where}: ${message}`);
}
