// Pushes a local file to a unit's flash over SCP (the unit runs `scp -t disk0:/FILE`; it needs `ssh scopy
// enable`), on the same SSH route, login and host-key check as the sessions. The SCP source side is spoken
// here rather than by a strict client because the ASA writes text into the channel while it receives a
// signed `.SPA` image ("Verifying file ...", "Computed Hash SHA2: ...", "Digital signature successfully
// validated"), where a strict client expects only an acknowledgement byte (netmiko issues 1268, 2284). Such
// lines are collected and handed to the caller; only `\x01`/`\x02` lines are errors, as the protocol says.

import { createReadStream } from 'node:fs';
import type { ClientChannel } from 'ssh2';
import { CommandRejectedError, ConnectionLostError } from '../../core/errors';
import type { PairAddress } from '../../core/ports';
import type { AsaPairConnector } from '../connector';

export interface ScpPushArgs {
  connector: Pick<AsaPairConnector, 'exec'>;
  address: PairAddress;
  localPath: string;
  /** The file name on flash. */
  file: string;
  bytes: number;
  signal?: AbortSignal;
  /** Limit for the whole push. */
  timeoutMs: number;
  onBytes?: (sent: number) => void;
}

export interface ScpPushResult {
  bytes: number;
  /** Text the unit wrote into the channel (e.g. the signature check of a `.SPA` image), line by line. */
  deviceLines: string[];
}

/** Reads the channel's answers: acknowledgement bytes, error lines, and the text an ASA mixes in. */
class ScpReplies {
  private buffer = Buffer.alloc(0);
  private waiter?: () => void;
  private ended = false;
  readonly deviceLines: string[] = [];

  constructor(channel: ClientChannel) {
    channel.on('data', (d: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, d]);
      this.waiter?.();
    });
    channel.stderr.on('data', (d: Buffer) => {
      for (const line of d.toString('utf8').split(/\r?\n/)) if (line.trim()) this.deviceLines.push(line.trim());
    });
    const end = (): void => {
      this.ended = true;
      this.waiter?.();
    };
    channel.on('end', end);
    channel.on('close', end);
  }

  /** Waits for `\0`; text lines before it are kept; `\x01`/`\x02` lines throw. */
  async ack(what: string, file: string): Promise<void> {
    for (;;) {
      while (this.buffer.length) {
        const first = this.buffer[0];
        if (first === 0) {
          this.buffer = this.buffer.subarray(1);
          return;
        }
        const nl = this.buffer.indexOf(0x0a);
        if (nl < 0) break;
        const line = this.buffer.subarray(first === 1 || first === 2 ? 1 : 0, nl).toString('utf8').replace(/\r$/, '');
        this.buffer = this.buffer.subarray(nl + 1);
        if (first === 1 || first === 2) {
          throw new CommandRejectedError(`The unit refused the SCP push of ${file} ${what}: ${line.trim()}`, `scp -t disk0:/${file}`, this.deviceLines.join('\n'));
        }
        if (line.trim()) this.deviceLines.push(line.trim());
      }
      if (this.ended) throw new ConnectionLostError(`The SCP channel closed ${what} of ${file}${this.deviceLines.length ? ` (the unit said: ${this.deviceLines.slice(-3).join(' / ')})` : ''}.`);
      await new Promise<void>((resolve) => (this.waiter = resolve));
      this.waiter = undefined;
    }
  }
}

function write(channel: ClientChannel, data: Buffer | string): Promise<void> {
  return new Promise((resolve) => {
    if (channel.write(data)) resolve();
    else channel.once('drain', () => resolve());
  });
}

export async function pushOverScp(a: ScpPushArgs): Promise<ScpPushResult> {
  a.signal?.throwIfAborted();
  const dest = `disk0:/${a.file}`;
  const { channel, close } = await a.connector.exec(a.address, `scp -t ${dest}`, { signal: a.signal });
  const timer = setTimeout(() => channel.destroy(), a.timeoutMs);
  const onAbort = (): void => {
    channel.destroy();
  };
  a.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const replies = new ScpReplies(channel);
    await replies.ack('before it started', a.file);
    await write(channel, `C0644 ${a.bytes} ${a.file}\n`);
    await replies.ack('at its start', a.file);
    let sent = 0;
    for await (const chunk of createReadStream(a.localPath, { highWaterMark: 64 * 1024 })) {
      a.signal?.throwIfAborted();
      await write(channel, chunk as Buffer);
      sent += (chunk as Buffer).length;
      a.onBytes?.(sent);
    }
    await write(channel, Buffer.from([0]));
    await replies.ack('at its end', a.file);
    channel.end();
    return { bytes: sent, deviceLines: replies.deviceLines };
  } catch (e) {
    if (a.signal?.aborted) throw a.signal.reason ?? e;
    throw e;
  } finally {
    clearTimeout(timer);
    a.signal?.removeEventListener('abort', onAbort);
    close();
  }
}
