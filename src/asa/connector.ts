// Opens and caches SSH sessions to the two addresses of a pair. Credentials are asked for only once the unit's
// host key is trusted (in the middle of the handshake: ssh2 authenticates after the key exchange), so a first
// contact shows the key before any password is asked or sent; they are registered with the redactor first; every way a
// connection can fail becomes a typed error (with a stable `code`) that says what to do.
//
// A credential a unit rejected is never sent again by this connector (an ASA behind AAA locks the account
// after a few failures): later connects with the same user and secret fail at once with the first refusal,
// without contacting the unit. One login attempt per connect: the secret goes out at most once.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import type { Duplex } from 'node:stream';
import { Client, utils as sshUtils, type ClientChannel, type ConnectConfig } from 'ssh2';
import { AuthenticationError, ConnectError, InvalidInputError, PreconditionError } from '../core/errors';
import type { CommandRecord, PairAddress, PairConnector, UnitSession } from '../core/ports';
import { Redactor } from '../core/redact';
import { sshAlgorithms, type AlgorithmSet } from './algorithms';
import type { ConfiguredAlgorithms } from './ssh/config-algorithms';
import { formatEndpoint, type Endpoint } from './endpoint';
import { hostKeyOffer, type HostKeyVerifier } from './host-key';
import { findCommandError } from './parsers';
import { AsaShell } from './shell';
import { AsaUnitSession } from './unit-session';

export interface AsaPairConnection {
  active: Endpoint;
  standby?: Endpoint;
  username: string;
  auth: { method: 'password' | 'keyboard-interactive' | 'publickey' | 'agent'; privateKeyPath?: string; agentSocket?: string };
  credentials(): Promise<{ password?: string; enablePassword?: string; passphrase?: string }>;
  hostKeys: HostKeyVerifier;
  algorithms?: AlgorithmSet | ConfiguredAlgorithms;
  /**
   * connectMs: TCP and SSH handshake (no answer at all); authMs: from the handshake to the login accepted
   * (AAA servers can take seconds); commandMs: one CLI command.
   */
  timeouts?: { connectMs?: number; authMs?: number; commandMs?: number };
  /** Opens the stream a session runs over (e.g. a channel through jump hosts); default: TCP to the endpoint. */
  openStream?: (endpoint: Endpoint, options: { signal?: AbortSignal; timeoutMs: number }) => Promise<Duplex>;
  /** Keep-alive interval (ServerAliveInterval) and how many may go unanswered; default 15 s and 3. */
  keepalive?: { intervalMs?: number; countMax?: number };
  onCommand?: (r: CommandRecord) => void;
  redactor?: Redactor;
}

export type AsaPairConnector = PairConnector & {
  close(): Promise<void>;
  /**
   * Runs one command in an exec channel of a new SSH connection to `address` (same route, login and host-key
   * check as the sessions), e.g. `scp -t disk0:/FILE` for an SCP push. The caller ends it with `close()`.
   */
  exec(address: PairAddress, command: string, options?: { signal?: AbortSignal; timeoutMs?: number }): Promise<{ channel: ClientChannel; close(): void }>;
};

export /**
 * SSH keepalives every 5 s, and the session is given up after 2 unanswered ones (plus the one in flight):
 * a session stranded by a switch-over or a reload (real units leave it hanging, without FIN) is detected
 * within 15 s, before the 30 s a poll may wait on a command. Assumes the unit answers keepalive requests, as
 * OpenSSH's ServerAliveInterval relies on too; ssh_config's ServerAliveInterval/CountMax override these.
 */
const KEEPALIVE_MS = 5_000;
const KEEPALIVE_COUNT_MAX = 2;
/** Our sessions per unit at most: an ASA allows 5 SSH sessions per context and an administrator may be logged in. */
export const SESSIONS_PER_UNIT = 3;
const ASA_SESSIONS_PER_CONTEXT = 5;
/** How long a closed session may take to say goodbye before its socket is destroyed. */
const CLOSE_GRACE_MS = 2_000;
const DEFAULT_CONNECT_MS = 20_000;
export const DEFAULT_AUTH_MS = 60_000;
const DEFAULT_COMMAND_MS = 60_000;
/** The pseudo-terminal the ASA sees: wide, so it neither wraps long commands nor outputs. */
const PTY = { term: 'vt100', cols: 512, rows: 24, width: 0, height: 0 } as const;

export function createPairConnector(c: AsaPairConnection): AsaPairConnector {
  const redactor = c.redactor ?? new Redactor();
  const sessions = new Map<PairAddress, Promise<AsaUnitSession>>();
  const open = new Set<Client>();
  /** Dedicated sessions belong to their callers (a copy watcher closes its own); abandon leaves them be. */
  const dedicatedClients = new Set<Client>();
  /** Clients open (or opening) per address: the engine's share of each unit's SSH sessions. */
  const openOn = new Map<PairAddress, Set<Client>>([
    ['active', new Set()],
    ['standby', new Set()],
  ]);
  /**
   * Ends a client: it no longer counts as ours, and a peer that left it hanging (no answer to the goodbye)
   * cannot keep its socket, and with it the process, alive: it is destroyed after a grace period.
   */
  const release = (address: PairAddress, client: Client): void => {
    openOn.get(address)?.delete(client);
    dedicatedClients.delete(client);
    client.end();
    setTimeout(() => destroyClient(client), CLOSE_GRACE_MS).unref();
  };
  /** Credentials a unit rejected (digests, never the secrets), with the refusal to repeat. */
  const rejected = new Map<string, AuthenticationError>();

  const connector: AsaPairConnector = {
    hasStandbyAddress: c.standby !== undefined,

    async connect(address, options = {}): Promise<UnitSession> {
      // Not cached: the caller owns and closes it (connector.close() still ends it if the caller forgets).
      if (options.dedicated) return openSession(address, endpointOf(address), options);
      const cached = sessions.get(address);
      if (cached) {
        const session = await cached.catch(() => undefined);
        if (session?.isOpen) return session;
        if (sessions.get(address) === cached) sessions.delete(address);
      }
      const endpoint = endpointOf(address);
      const opening = openSession(address, endpoint, options);
      sessions.set(address, opening);
      opening.catch(() => {
        if (sessions.get(address) === opening) sessions.delete(address);
      });
      return opening;
    },

    async exec(address, command, options = {}) {
      const { client, channel } = await openChannel(address, endpointOf(address), { ...options, dedicated: true }, { exec: command });
      return {
        channel,
        close: () => release(address, client),
      };
    },

    async abandon(address): Promise<void> {
      // The address moved or its unit went down: the session hangs (real units send no FIN), so it is
      // destroyed now rather than waited on, and the next connect opens a fresh one.
      const cached = sessions.get(address);
      sessions.delete(address);
      for (const client of [...(openOn.get(address) ?? [])]) {
        if (dedicatedClients.has(client)) continue;
        release(address, client);
        destroyClient(client);
      }
      await cached?.then((s) => s.close(), () => undefined);
    },

    async close(): Promise<void> {
      const pending = [...sessions.values()];
      sessions.clear();
      // Ending the clients first also stops connections still being opened. A peer that left a session
      // hanging never answers the goodbye: its socket is destroyed after a grace period, or the process
      // would never exit.
      for (const client of open) {
        client.end();
        setTimeout(() => destroyClient(client), CLOSE_GRACE_MS).unref();
      }
      open.clear();
      await Promise.all(pending.map((p) => p.then((s) => s.close(), () => undefined)));
    },
  };

  function endpointOf(address: PairAddress): Endpoint {
    const endpoint = address === 'active' ? c.active : c.standby;
    if (!endpoint) {
      throw new PreconditionError('No standby address is configured: reach the standby unit through the active unit (failover exec mate), or add its address.');
    }
    return endpoint;
  }

  /** An authenticated SSH connection to `endpoint` with one channel: the CLI shell, or an exec (an SCP push). */
  async function openChannel(
    address: PairAddress,
    endpoint: Endpoint,
    options: { signal?: AbortSignal; timeoutMs?: number; dedicated?: boolean },
    purpose: { shell: true } | { exec: string },
  ): Promise<{ client: Client; channel: ClientChannel; creds: Awaited<ReturnType<AsaPairConnection['credentials']>>; where: string }> {
    options.signal?.throwIfAborted();
    const where = formatEndpoint(endpoint);
    const connectMs = options.timeoutMs ?? c.timeouts?.connectMs ?? DEFAULT_CONNECT_MS;
    const authMs = c.timeouts?.authMs ?? DEFAULT_AUTH_MS;

    const login = { secretSent: false };
    // Asked in the authentication step, after the host key was trusted; the limits stand still meanwhile.
    let creds: Credentials | undefined;
    let credentialKey: string | undefined;
    let authError: Error | undefined;
    let whileUser: <T>(work: () => Promise<T>) => Promise<T> = (work) => work();
    const mine = openOn.get(address)!;
    if (mine.size >= SESSIONS_PER_UNIT) {
      throw new ConnectError(
        `Not opening another SSH session to ${where}: ${SESSIONS_PER_UNIT} of ours are open there already (an ASA allows ${ASA_SESSIONS_PER_CONTEXT} per context, and an administrator may need one).`,
      );
    }
    const sock = c.openStream ? await c.openStream(endpoint, { signal: options.signal, timeoutMs: connectMs }) : undefined;
    const client = new Client();
    open.add(client);
    mine.add(client);
    if (options.dedicated) dedicatedClients.add(client);
    // Late errors (a reset after the session was closed) must not crash the process; while connecting and
    // while a command runs, the handlers below and the shell's close handling report them.
    client.on('error', () => undefined);
    client.on('close', () => {
      open.delete(client);
      mine.delete(client);
      dedicatedClients.delete(client);
    });
    let hostKeyError: Error | undefined;
    const config: ConnectConfig = {
      host: endpoint.host,
      port: endpoint.port,
      ...(sock ? { sock } : {}),
      username: c.username,
      // Our own timers below tell the handshake from the login and stand still while the user answers a host-key
      // dialog or a password box; ssh2's own limit would count that time, so it is off.
      readyTimeout: 0,
      // A session stranded by a switch-over or reload (no FIN, no answer) is found within 15 s this way.
      keepaliveInterval: c.keepalive?.intervalMs ?? KEEPALIVE_MS,
      keepaliveCountMax: c.keepalive?.countMax ?? KEEPALIVE_COUNT_MAX,
      algorithms: sshAlgorithms(c.algorithms),
      hostVerifier: (key: Buffer, verify: (valid: boolean) => void) => {
        whileUser(() => c.hostKeys(hostKeyOffer(endpoint.host, endpoint.port, key))).then(
          () => verify(true),
          (e: unknown) => {
            hostKeyError = e instanceof Error ? e : new Error(String(e));
            verify(false);
          },
        );
      },
      authHandler: lazyAuth(c, where, login, async () => {
        if (!creds) {
          const got = await whileUser(() => c.credentials());
          for (const secret of [got.password, got.enablePassword, got.passphrase]) redactor.add(secret);
          creds = got;
          credentialKey = credentialDigest(c, got);
        }
        const refusedBefore = rejected.get(credentialKey!);
        if (refusedBefore) {
          throw new AuthenticationError(
            `${refusedBefore.message} (this login was rejected before; it is not tried again, so the account is not locked out: correct the credentials and start again)`,
          );
        }
        return creds;
      }, (e) => (authError = e), (...args) => client.emit('keyboard-interactive', ...args)),
    };
    if (c.auth.method === 'keyboard-interactive' || c.auth.method === 'password') {
      client.on('keyboard-interactive', (_name, _instructions, _lang, prompts, finish) => {
        // The secret goes out once: a second round of password prompts after it was sent is a refusal.
        const asksSecret = prompts.some((p) => /pass(word|code)?/i.test(p.prompt));
        if (asksSecret && login.secretSent) {
          finish(prompts.map(() => ''));
          return;
        }
        if (asksSecret) login.secretSent = true;
        finish(prompts.map((p) => (/pass(word|code)?/i.test(p.prompt) ? creds?.password ?? '' : '')));
      });
    }

    try {
      const channel = await new Promise<ClientChannel>((resolve, reject) => {
        const onAbort = () => {
          release(address, client);
          reject(options.signal?.reason ?? new Error('aborted'));
        };
        options.signal?.addEventListener('abort', onAbort, { once: true });
        // Two limits: no SSH answer at all (handshake) and a login that takes too long (AAA).
        let phase: 'handshake' | 'login' = 'handshake';
        let limit = setTimeout(() => giveUp(), connectMs);
        let settled = false;
        // A host-key dialog or a password box is the user's time, not the unit's: the limit restarts after it.
        whileUser = async (work) => {
          clearTimeout(limit);
          try {
            return await work();
          } finally {
            if (!settled) limit = setTimeout(() => giveUp(), phase === 'handshake' ? connectMs : authMs);
          }
        };
        const giveUp = () => {
          release(address, client);
          reject(
            phase === 'handshake'
              ? new ConnectError(`No SSH answer from ${where} within ${Math.round(connectMs / 1000)} s: check the address, the port and that SSH is allowed from your address (--connect-timeout-seconds changes the limit).`)
              : new ConnectError(
                  `${where} answered but the login of ${c.username} was not accepted or refused within ${Math.round(authMs / 1000)} s: the authentication server (AAA) may be slow or unreachable from the unit (--auth-timeout-seconds changes the limit).`,
                ),
          );
        };
        client.once('handshake', () => {
          phase = 'login';
          clearTimeout(limit);
          limit = setTimeout(() => giveUp(), authMs);
        });
        const done = () => {
          settled = true;
          clearTimeout(limit);
          options.signal?.removeEventListener('abort', onAbort);
        };
        client.once('ready', () => {
          clearTimeout(limit);
          const opened = (err: Error | undefined, stream: ClientChannel): void => {
            done();
            if (err) reject(new ConnectError(`${where} accepted the login but refused ${'shell' in purpose ? 'an interactive shell' : `"${purpose.exec}"`}: ${redactor.redact(err.message)}.`));
            else resolve(stream);
          };
          if ('shell' in purpose) client.shell(PTY, opened);
          else client.exec(purpose.exec, opened);
        });
        client.once('error', (err: Error & { level?: string; code?: string }) => {
          done();
          const failure = hostKeyError ?? authError ?? connectFailure(err, c, where, connectMs, redactor);
          if (!authError && credentialKey && failure instanceof AuthenticationError && err.level === 'client-authentication') rejected.set(credentialKey, failure);
          reject(failure);
        });
        client.once('close', () => {
          done();
          reject(hostKeyError ?? authError ?? new ConnectError(`${where} closed the connection during the SSH handshake; check that SSH is enabled for this address and that your address is allowed (ssh ... in the ASA configuration), and that the unit has a free SSH session (5 per context; \`show ssh sessions\`).`));
        });
        try {
          client.connect(config);
        } catch (e) {
          done();
          reject(e instanceof Error && /private key|passphrase/i.test(e.message) ? keyFailure(e, c) : new ConnectError(`Cannot connect to ${where}: ${redactor.redact(String((e as Error).message ?? e))}`));
        }
      });
      // Set by the authentication step, which a ready connection went through.
      return { client, channel, creds: creds ?? {}, where };
    } catch (e) {
      release(address, client);
      throw e;
    }
  }

  async function openSession(address: PairAddress, endpoint: Endpoint, options: { signal?: AbortSignal; timeoutMs?: number; dedicated?: boolean }): Promise<AsaUnitSession> {
    const { client, channel, creds, where } = await openChannel(address, endpoint, options, { shell: true });
    const commandMs = c.timeouts?.commandMs ?? DEFAULT_COMMAND_MS;
    try {
      const shell = await AsaShell.open(channel, {
        address,
        where,
        commandTimeoutMs: commandMs,
        redactor,
        onCommand: c.onCommand,
        findError: findCommandError,
        enablePassword: creds?.enablePassword,
      });
      const session = new AsaUnitSession(shell, address, 'self', undefined, async () => {
        shell.close();
        release(address, client);
      });
      shell.onClose(() => {
        release(address, client);
        void sessions.get(address)?.then((s) => {
          if (s === session) sessions.delete(address);
        }, () => undefined);
      });
      client.on('close', () => shell.close());
      return session;
    } catch (e) {
      release(address, client);
      throw e;
    }
  }

  return connector;
}

/**
 * Closes a client's socket for good. ssh2's own destroy() does nothing once end() half-closed the socket, and a
 * peer that left the session hanging never sends its FIN: the socket (and the process) would stay forever.
 */
function destroyClient(client: Client): void {
  const sock = (client as unknown as { _sock?: { destroy(): void; destroyed?: boolean } })._sock;
  if (sock && !sock.destroyed) sock.destroy();
  else client.destroy();
}

function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? homedir() + path.slice(1) : path;
}

/** Identifies a credential without keeping it: user, method and a digest of the secret. */
function credentialDigest(c: AsaPairConnection, creds: { password?: string; passphrase?: string }): string {
  const secret = c.auth.method === 'publickey' ? `${c.auth.privateKeyPath}\0${creds.passphrase ?? ''}` : c.auth.method === 'agent' ? c.auth.agentSocket ?? '' : creds.password ?? '';
  return createHash('sha256').update(`${c.username}\0${c.auth.method === 'keyboard-interactive' ? 'password' : c.auth.method}\0${secret}`).digest('hex');
}

/**
 * ssh2 tries the methods of an array one after the other, so ['keyboard-interactive', 'password'] sends the
 * same password twice when the unit offers both: two failed logins per connect, and AAA lockouts count
 * each. Here the methods are tried in order only until the secret has gone out once; a method the unit does
 * not offer (it answers with its list before any secret is sent) is skipped, which is why a second method is
 * tried at all. One attempt per method offered is the most, and in practice one attempt per connect.
 */
function secretOnce(order: ('password' | 'keyboard-interactive')[], login: { secretSent: boolean }): NonNullable<ConnectConfig['authHandler']> {
  const tried = new Set<string>();
  return ((methodsLeft: string[] | null) => {
    if (login.secretSent) return false;
    const next = order.find((m) => !tried.has(m) && (methodsLeft === null || methodsLeft.includes(m)));
    if (!next) return false;
    tried.add(next);
    if (next === 'password') login.secretSent = true;
    return next;
  }) as NonNullable<ConnectConfig['authHandler']>;
}

type Credentials = Awaited<ReturnType<AsaPairConnection['credentials']>>;

/**
 * ssh2's authHandler in its asynchronous form: on its first call (after the key exchange, so after the host key
 * was trusted) it fetches the credentials, then answers with the one attempt authConfig describes. Anything that
 * stops the login before a secret goes out (no password, an unreadable key, a login refused before, a
 * dismissed password box) ends it with `fail(error)` and nothing sent.
 */
function lazyAuth(
  c: AsaPairConnection,
  where: string,
  login: { secretSent: boolean },
  credentials: () => Promise<Credentials>,
  fail: (e: Error) => void,
  keyboardPrompt: (...args: unknown[]) => void,
): NonNullable<ConnectConfig['authHandler']> {
  let pick: ((methodsLeft: string[] | null, partial: boolean | null) => string | false) | undefined;
  let keyOffered = false;
  const handler = (methodsLeft: string[] | null, partial: boolean | null, next: (auth: unknown) => void): undefined => {
    credentials().then(
      (creds) => {
        const fields = authConfig(c, creds, where, login);
        const username = c.username;
        if (c.auth.method === 'password' || c.auth.method === 'keyboard-interactive') {
          pick ??= fields.authHandler as unknown as typeof pick;
          const method = pick!(methodsLeft, partial);
          if (method === false) return next(false);
          return next(method === 'password' ? { type: 'password', username, password: creds.password ?? '' } : { type: 'keyboard-interactive', username, prompt: keyboardPrompt });
        }
        if (keyOffered) return next(false);
        keyOffered = true;
        if (c.auth.method === 'publickey') {
          const parsed = sshUtils.parseKey(fields.privateKey as Buffer, creds.passphrase);
          if (parsed instanceof Error) throw keyFailure(new Error(`Cannot parse privateKey: ${parsed.message}`), c);
          return next({ type: 'publickey', username, key: fields.privateKey, passphrase: creds.passphrase });
        }
        return next({ type: 'agent', username, agent: fields.agent });
      },
    ).catch((e: unknown) => {
      fail(e instanceof Error ? e : new Error(String(e)));
      next(false);
    });
    return undefined;
  };
  return handler as unknown as NonNullable<ConnectConfig['authHandler']>;
}

function authConfig(c: AsaPairConnection, creds: { password?: string; passphrase?: string }, where: string, login: { secretSent: boolean }): Partial<ConnectConfig> {
  switch (c.auth.method) {
    case 'password':
      if (creds.password === undefined) throw new InvalidInputError(`No password for ${c.username} at ${where}: set ASA_PASSWORD or enter it when asked.`);
      // A unit that only offers keyboard-interactive gets the same password that way (still sent once).
      return { password: creds.password, tryKeyboard: true, authHandler: secretOnce(['password', 'keyboard-interactive'], login) };
    case 'keyboard-interactive':
      return { password: creds.password, tryKeyboard: true, authHandler: secretOnce(['keyboard-interactive', 'password'], login) };
    case 'publickey': {
      const path = c.auth.privateKeyPath;
      if (!path) throw new InvalidInputError('Public-key authentication needs a private key file (--identity / keyFile).');
      let privateKey: Buffer;
      try {
        privateKey = readFileSync(expandHome(path));
      } catch (e) {
        throw new InvalidInputError(`Cannot read the private key file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`);
      }
      return { privateKey, passphrase: creds.passphrase, authHandler: ['publickey'] };
    }
    case 'agent': {
      const agent = c.auth.agentSocket ?? process.env.SSH_AUTH_SOCK;
      if (!agent) throw new InvalidInputError('ssh-agent authentication needs a running agent: SSH_AUTH_SOCK is not set.');
      return { agent, authHandler: ['agent'] };
    }
  }
}

function keyFailure(e: Error, c: AsaPairConnection): Error {
  const file = c.auth.privateKeyPath ?? 'the key file';
  if (/no passphrase/i.test(e.message)) {
    return new AuthenticationError(`The private key ${file} is encrypted and no passphrase was given: set ASA_KEY_PASSPHRASE.`);
  }
  return new AuthenticationError(`Cannot use the private key ${file}: ${e.message.replace(/^Cannot parse privateKey: /, '')} (check the passphrase, ASA_KEY_PASSPHRASE).`);
}

const AUTH_ADVICE: Record<AsaPairConnection['auth']['method'], string> = {
  password: 'check the user name and password (ASA_PASSWORD)',
  'keyboard-interactive': 'check the user name and password (ASA_PASSWORD)',
  publickey: 'check the user name and that the device trusts this key (ssh authentication publickey / username ... attributes)',
  agent: 'check the user name and that the agent holds a key the device trusts',
};

function connectFailure(err: Error & { level?: string; code?: string }, c: AsaPairConnection, where: string, connectMs: number, redactor: Redactor): Error {
  const message = redactor.redact(err.message ?? String(err));
  if (err.level === 'client-authentication') {
    return new AuthenticationError(`authentication failed for ${c.username} at ${where}: ${AUTH_ADVICE[c.auth.method]}`);
  }
  if (/private key|passphrase/i.test(message) && c.auth.method === 'publickey') return keyFailure(err, c);
  if (err.code === 'ECONNREFUSED') {
    return new ConnectError(`Connection refused by ${where}: check the address and port, and that SSH is enabled on that interface for your address.`);
  }
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') return new ConnectError(`Cannot resolve ${where}: check the host name.`);
  if (err.code === 'EHOSTUNREACH' || err.code === 'ENETUNREACH') return new ConnectError(`${where} is unreachable: check the address and the route to it.`);
  if (err.level === 'client-timeout' || err.code === 'ETIMEDOUT') {
    return new ConnectError(`No SSH answer from ${where} within ${Math.round(connectMs / 1000)} s: check the address, the port and that SSH is allowed from your address (--connect-timeout-seconds changes the limit).`);
  }
  if (/no matching|handshake failed/i.test(message)) {
    const legacy = c.algorithms === 'legacy' ? '' : ' Older ASA releases only offer SHA-1/CBC algorithms: enable the legacy algorithm set (--legacy-algorithms, or algorithms: "legacy" for the pair).';
    return new ConnectError(`SSH algorithm mismatch with ${where}: ${message.replace(/^Handshake failed: /i, '')}.${legacy}`);
  }
  if (err.code === 'ECONNRESET') return new ConnectError(`${where} reset the connection during the SSH handshake: the unit may be reloading, or SSH is not enabled for your address.`);
  return new ConnectError(`Cannot connect to ${where}: ${message}`);
}
