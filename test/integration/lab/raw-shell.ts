// A bare ssh2 client for the lab's tests: it sees exactly the bytes the simulated unit sends, so the tests
// check the lab itself and not the session layer built on top of it.

import { createHash } from 'node:crypto';
import { Client, type ClientChannel, type ConnectConfig } from 'ssh2';
import type { LabPair } from '../../../src/lab';

const LEGACY: ConnectConfig['algorithms'] = { kex: ['diffie-hellman-group14-sha1'], cipher: ['aes256-cbc'], serverHostKey: ['ssh-rsa'], hmac: ['hmac-sha1'] };

export const PROMPT = /\S+(?:>|#|\(config\)#) $/;
/** A console line the unit prints on its own (replication notices, syslog): it may follow a prompt. */
const NOTICE = /^(?:(?:Beginning|End) configuration replication\b.*|%ASA-\d-\d{6}:.*)$/i;
/** A prompt, possibly followed by unsolicited lines with no new prompt after them (as real units print them). */
const PROMPT_THEN_NOTICES = /\S+(?:>|#|\(config\)#) (?:\r*\n|(?:Beginning|End) configuration replication[^\r\n]*|%ASA-\d-\d{6}:[^\r\n]*)*$/i;

export class RawShell {
  private buffer = '';
  private waiters: (() => void)[] = [];
  closed = false;
  hostKeyFingerprint = '';
  private constructor(private readonly client: Client, private readonly stream: ClientChannel) {}

  static async open(port: number, username: string, password: string, options: { algorithms?: 'legacy' } = {}): Promise<RawShell> {
    const client = new Client();
    let fingerprint = '';
    await new Promise<void>((resolve, reject) => {
      client.once('ready', () => resolve());
      client.once('error', reject);
      client.connect({
        host: '127.0.0.1',
        port,
        username,
        password,
        readyTimeout: 5000,
        hostVerifier: (key: Buffer) => {
          fingerprint = `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
          return true;
        },
        ...(options.algorithms === 'legacy' ? { algorithms: LEGACY } : {}),
      });
    });
    client.on('error', () => {});
    const stream = await new Promise<ClientChannel>((resolve, reject) =>
      client.shell({ term: 'vt100', rows: 24, cols: 200 }, (err, s) => (err ? reject(err) : resolve(s))),
    );
    const shell = new RawShell(client, stream);
    shell.hostKeyFingerprint = fingerprint;
    stream.on('data', (d: Buffer) => shell.push(d.toString('utf8')));
    stream.on('close', () => shell.onClose());
    client.on('close', () => shell.onClose());
    return shell;
  }

  static async login(lab: LabPair, address: 'active' | 'standby', enable = true): Promise<RawShell> {
    const ep = address === 'active' ? lab.activeEndpoint : lab.standbyEndpoint;
    const shell = await RawShell.open(ep.port, lab.credentials.username, lab.credentials.password);
    await shell.waitFor(PROMPT);
    if (enable) {
      shell.send('enable');
      await shell.waitFor(/Password: $/);
      shell.send(lab.credentials.enablePassword);
      await shell.waitFor(/# $/);
      await shell.run('terminal pager 0');
    }
    return shell;
  }

  private push(text: string): void {
    this.buffer += text;
    for (const w of this.waiters.splice(0)) w();
  }

  private onClose(): void {
    this.closed = true;
    for (const w of this.waiters.splice(0)) w();
  }

  send(text: string): void {
    this.stream.write(`${text}\r`);
  }

  raw(text: string): void {
    this.stream.write(text);
  }

  /** Waits until the unread output matches; returns the unread output up to the end of the match, consumed. */
  async waitFor(re: RegExp, timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = re.exec(this.buffer);
      if (m) {
        const upTo = m.index + m[0].length;
        const text = this.buffer.slice(0, upTo);
        this.buffer = this.buffer.slice(upTo);
        return text;
      }
      if (this.closed) throw new Error(`session closed while waiting for ${re}; got: ${JSON.stringify(this.buffer)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${re}; got: ${JSON.stringify(this.buffer)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /**
   * Sends a command and returns its output: without the echoed command line, the closing prompt, unsolicited
   * console lines (replication notices, syslog) and \r.
   */
  async run(command: string, timeoutMs = 5000): Promise<string> {
    this.send(command);
    const text = await this.waitFor(PROMPT_THEN_NOTICES, timeoutMs);
    const lines = text
      .replace(/\r/g, '')
      .split('\n')
      .filter((l) => !NOTICE.test(l.trim()));
    while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
    lines.pop(); // the prompt
    // Lines before the echo are leftovers printed after the previous prompt.
    const echo = lines.findIndex((l) => l.trim() === command.trim());
    return lines.slice(echo + 1).join('\n');
  }

  /** Resolves when the session ends (true) or after timeoutMs (false). */
  async waitClosed(timeoutMs = 3000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.closed;
  }

  pending(): string {
    return this.buffer;
  }

  close(): void {
    try {
      this.stream.end();
    } catch {
      // already gone
    }
    this.client.end();
  }
}

/** Whether a TCP+SSH connection to the port is refused or reset before login. */
export async function connectFails(port: number, username: string, password: string): Promise<Error | undefined> {
  try {
    const s = await RawShell.open(port, username, password);
    s.close();
    return undefined;
  } catch (e) {
    return e as Error;
  }
}
