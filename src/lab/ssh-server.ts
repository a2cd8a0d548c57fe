// The pair's two management addresses as SSH servers on 127.0.0.1. A connection is routed, when it arrives,
// to the unit that holds the address's role; nobody answering (a reload) means the connection is reset.
// Both units present one host key (ASAs replicate crypto keys), which the host-key-changes fault replaces.

import { createHash, generateKeyPairSync } from 'node:crypto';
import { createServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { Server as SshServer, utils, type Connection, type ServerConfig } from 'ssh2';
import type { UnitRole } from '../core/facts';
import type { PairAddress } from '../core/ports';
import { CliSession } from './cli';
import { receiveScp, scpSinkTarget, type ScpChannel } from './scp-sink';
import type { LabSettings } from './context';
import type { PairModel } from './pair';

export interface SshSettings {
  username: string;
  password: string;
  /** More local users (`username NAME password ... privilege 15`), e.g. two operators of one pair. */
  users?: Array<{ username: string; password: string }>;
  algorithms: 'default' | 'legacy';
}

interface LabConnection {
  socket: Socket;
  address: PairAddress;
  unit: UnitRole;
  sessions: CliSession[];
  dropped: boolean;
  authFailed?: boolean;
  /** Who logged in. */
  user?: string;
  /** Left hanging at this time, while the unit ran in this epoch (a reboot of the unit forgets it). */
  stranded?: { at: number; epoch: number };
}

/** SSH sessions a unit accepts at once (per context); the next connection is refused (ASA 9.x general operations guide). */
export const MAX_SSH_SESSIONS_PER_UNIT = 5;
/** How long a hanging session keeps its place on the unit: ASA's `ssh timeout` default, 5 minutes. */
const DEFAULT_SSH_TIMEOUT_SECONDS = 300;

export interface HostKey {
  privatePem: string;
  keyType: string;
  publicBlob: Buffer;
  fingerprint: string;
}

let firstKey: HostKey | undefined;

/** The key a new lab starts with: generated once per process, since RSA key generation takes a while. */
export function initialHostKey(): HostKey {
  firstKey ??= generateHostKey();
  return firstKey;
}

export function generateHostKey(): HostKey {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const parsed = utils.parseKey(privateKey);
  if (parsed instanceof Error) throw parsed;
  const publicBlob = parsed.getPublicSSH();
  const fingerprint = `SHA256:${createHash('sha256').update(publicBlob).digest('base64').replace(/=+$/, '')}`;
  return { privatePem: privateKey, keyType: parsed.type, publicBlob, fingerprint };
}

const LEGACY_ALGORITHMS: ServerConfig['algorithms'] = {
  kex: ['diffie-hellman-group14-sha1', 'diffie-hellman-group1-sha1'],
  cipher: ['aes256-cbc', 'aes128-cbc'],
  serverHostKey: ['ssh-rsa'],
  hmac: ['hmac-sha1'],
};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class PairSshServers {
  private readonly listeners = new Map<PairAddress, NetServer>();
  private readonly ports = new Map<PairAddress, number>();
  private readonly connections = new Map<number, LabConnection>();
  private ssh!: SshServer;
  hostKey!: HostKey;

  constructor(
    private readonly pair: PairModel,
    private readonly settings: LabSettings,
    private readonly ssh2Settings: SshSettings,
  ) {
    this.useHostKey(initialHostKey());
    pair.listener = {
      dropSessions: (match, reason) => this.drop((c) => match({ unit: c.unit, address: c.address }), reason),
      strandSessions: (match, reason) => this.strand((c) => match({ unit: c.unit, address: c.address }), reason),
      rotateHostKey: () => this.rotateHostKey(),
      notify: (unit, line) => {
        for (const c of this.connections.values()) if (c.unit === unit && !c.dropped) for (const s of c.sessions) s.notify(line);
      },
    };
  }

  port(address: PairAddress): number {
    return this.ports.get(address)!;
  }

  async start(): Promise<void> {
    for (const address of ['active', 'standby'] as PairAddress[]) {
      const server = createServer((socket) => this.accept(address, socket));
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve());
      });
      this.listeners.set(address, server);
      this.ports.set(address, (server.address() as AddressInfo).port);
    }
  }

  /** A new host key for both addresses, from the next connection on (fault host-key-changes). */
  rotateHostKey(): void {
    this.useHostKey(generateHostKey());
  }

  private useHostKey(key: HostKey): void {
    this.hostKey = key;
    this.ssh = new SshServer(
      {
        hostKeys: [this.hostKey.privatePem],
        ...(this.ssh2Settings.algorithms === 'legacy' ? { algorithms: LEGACY_ALGORITHMS } : {}),
      },
      (client, info) => this.onClient(client, info.port),
    );
    this.ssh.on('error', () => {});
  }

  private accept(address: PairAddress, socket: Socket): void {
    socket.on('error', () => {});
    socket.setNoDelay(true);
    const unit = this.pair.unitAt(address);
    // Fault unreachable: the unit's address resets every connection, as a unit behind a broken route would.
    if (unit && this.pair.faults.peek('unreachable', unit.role)) {
      socket.resetAndDestroy();
      return;
    }
    if (!unit) {
      // Nobody holds this address now (the unit is reloading): the connection fails at once.
      socket.resetAndDestroy();
      return;
    }
    if (this.sessionsOn(unit.role) >= MAX_SSH_SESSIONS_PER_UNIT) {
      // The unit has all its SSH sessions in use (hanging ones included, until `ssh timeout` ends them): it
      // closes the connection before the SSH exchange. The exact behaviour of real units here is unsure.
      this.pair.history.record({ unit: unit.role, kind: 'session-refused', address, detail: `${MAX_SSH_SESSIONS_PER_UNIT} SSH sessions in use` });
      socket.end(() => socket.destroy());
      return;
    }
    const port = socket.remotePort ?? -1;
    const conn: LabConnection = { socket, address, unit: unit.role, sessions: [], dropped: false };
    this.connections.set(port, conn);
    socket.once('close', () => {
      if (this.connections.get(port) === conn) this.connections.delete(port);
      for (const s of conn.sessions) s.close();
      if (!conn.dropped && conn.sessions.length > 0) {
        this.pair.history.record({ unit: conn.unit, kind: 'session-close', address });
      }
    });
    this.ssh.injectSocket(socket);
  }

  private onClient(client: Connection, remotePort: number): void {
    client.on('error', () => {});
    const conn = this.connections.get(remotePort);
    if (!conn) {
      client.end();
      return;
    }
    let checkedFault = false;
    client.on('authentication', (ctx) => {
      if (!checkedFault) {
        checkedFault = true;
        conn.authFailed = this.pair.faults.take('wrong-credentials', conn.unit) !== undefined;
      }
      const ok = (user: string, password: string | undefined): boolean => {
        const users = [{ username: this.ssh2Settings.username, password: this.ssh2Settings.password }, ...(this.ssh2Settings.users ?? [])];
        const good = !conn.authFailed && users.some((u) => u.username === user && u.password === password);
        if (good) conn.user = user;
        return good;
      };
      // Each attempt that carries a secret is recorded (never the secret): tests count logins as an ASA's AAA
      // lockout would.
      const login = (method: string, accepted: boolean): void =>
        this.pair.history.record({ unit: conn.unit, kind: 'login', address: conn.address, detail: `${method} ${accepted ? 'accepted' : 'rejected'}` });
      if (ctx.method === 'password') {
        const accepted = ok(ctx.username, ctx.password);
        login('password', accepted);
        if (accepted) ctx.accept();
        else ctx.reject(['password', 'keyboard-interactive']);
      } else if (ctx.method === 'keyboard-interactive') {
        ctx.prompt([{ prompt: 'Password: ', echo: false }], (answers) => {
          const accepted = ok(ctx.username, answers?.[0]);
          login('keyboard-interactive', accepted);
          if (accepted) ctx.accept();
          else ctx.reject(['password', 'keyboard-interactive']);
        });
      } else {
        ctx.reject(['password', 'keyboard-interactive']);
      }
    });
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        session.on('pty', (accept) => accept?.());
        session.on('window-change', (accept) => accept?.());
        session.on('env', (accept) => accept?.());
        // ASAs do not serve exec channels dependably; the lab refuses them so nothing relies on one, except
        // the one a real unit serves with `ssh scopy enable`: an SCP push (`scp -t TARGET`).
        session.on('exec', (accept, reject, info) => {
          const target = scpSinkTarget(info.command);
          const unit = this.pair.units[conn.unit];
          if (target === undefined || conn.dropped || !unit.up || !unit.running.sshScopy) return reject?.();
          const stream = accept();
          this.pair.history.record({ unit: conn.unit, kind: 'command', command: info.command, via: 'self', address: conn.address });
          receiveScp(
            { write: (d) => stream.writable && stream.write(d), on: (e: string, l: (...a: never[]) => void) => stream.on(e, l), exit: (n) => stream.exit(n), end: () => stream.end() } as ScpChannel,
            target,
            unit,
            this.pair,
            this.settings,
          );
        });
        session.on('shell', (accept) => {
          const stream = accept();
          const unit = this.pair.units[conn.unit];
          if (conn.dropped || conn.stranded || !unit.up) {
            stream.end();
            return;
          }
          const cli = new CliSession(
            {
              write: (text) => {
                if (stream.writable) stream.write(text);
              },
              end: () => {
                stream.end();
                client.end();
              },
            },
            this.pair,
            this.settings,
            unit,
            conn.address,
            (line) => this.beforeCommand(conn, line),
            conn.user,
          );
          conn.sessions.push(cli);
          this.pair.history.record({ unit: conn.unit, kind: 'session-open', address: conn.address, user: conn.user });
          stream.on('data', (data: Buffer) => cli.input(data.toString('utf8')));
          stream.on('close', () => cli.close());
          void cli.run();
        });
      });
    });
  }

  private async beforeCommand(conn: LabConnection, line: string): Promise<'drop' | undefined> {
    const slow = this.pair.faults.take('slow-answers', conn.unit, line);
    if (slow) await sleep(slow.delayMs ?? 1000);
    if (this.pair.faults.take('drop-session', conn.unit, line)) {
      // The unit received the command and runs it, but the session vanishes before any answer gets out.
      this.drop((c) => c === conn, `fault drop-session on "${line.trim()}"`, 0);
      return 'drop';
    }
    return undefined;
  }

  /** SSH connections that hold a place on the unit now: live ones, and hanging ones until `ssh timeout` or a reboot. */
  sessionsOn(role: UnitRole): number {
    const unit = this.pair.units[role];
    const timeoutMs = (this.settings.sshTimeoutSeconds ?? DEFAULT_SSH_TIMEOUT_SECONDS) * 1000;
    let n = 0;
    for (const c of this.connections.values()) {
      if (c.unit !== role) continue;
      if (c.stranded) {
        if (c.stranded.epoch === unit.epoch && Date.now() - c.stranded.at < timeoutMs) n++;
      } else if (!c.dropped) n++;
    }
    return n;
  }

  /**
   * Leaves the matching connections hanging: their sessions stop, nothing more is written or read and the
   * socket stays open, so the client sees silence, not a close (chosen now, a moment later so a command's
   * last words get out).
   */
  private strand(match: (c: LabConnection) => boolean, reason: string, delayMs = 20): void {
    const victims = [...this.connections.values()].filter((c) => !c.dropped && !c.stranded && match(c));
    const at = Date.now();
    // A unit that went down forgets its sessions at once; one that lost an address keeps them until `ssh timeout`.
    for (const c of victims) c.stranded = { at, epoch: this.pair.units[c.unit].up ? this.pair.units[c.unit].epoch : -1 };
    if (victims.length === 0) return;
    setTimeout(() => {
      for (const c of victims) {
        c.socket.cork();
        c.socket.pause();
        for (const s of c.sessions) s.close();
        if (c.sessions.length > 0) this.pair.history.record({ unit: c.unit, kind: 'session-stranded', address: c.address, detail: reason });
      }
    }, delayMs);
  }

  /** Resets the matching connections (chosen now, cut a moment later so a command's last words get out). */
  private drop(match: (c: LabConnection) => boolean, reason: string, delayMs = 20): void {
    const victims = [...this.connections.values()].filter((c) => !c.dropped && !c.stranded && match(c));
    for (const c of victims) c.dropped = true;
    if (victims.length === 0) return;
    setTimeout(() => {
      for (const c of victims) {
        for (const s of c.sessions) s.close();
        if (c.sessions.length > 0) this.pair.history.record({ unit: c.unit, kind: 'session-drop', address: c.address, detail: reason });
        c.socket.resetAndDestroy();
      }
    }, delayMs);
  }

  knownHostsLines(): string {
    const key = `${this.hostKey.keyType} ${this.hostKey.publicBlob.toString('base64')}`;
    return [...this.ports.values()].map((p) => `[127.0.0.1]:${p} ${key}\n`).join('');
  }

  async stop(): Promise<void> {
    for (const c of this.connections.values()) {
      c.dropped = true;
      for (const s of c.sessions) s.close();
      c.socket.destroy();
    }
    this.connections.clear();
    await Promise.all(
      [...this.listeners.values()].map((s) => new Promise<void>((resolve) => s.close(() => resolve()))),
    );
  }
}
