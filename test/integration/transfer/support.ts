// Helpers shared by the transfer tests: image-like bytes, hashing and ports nobody listens on.

import { createHash, randomBytes } from 'node:crypto';
import * as dgram from 'node:dgram';
import * as net from 'node:net';

export const IMAGE = 'asa9-20-2-smp-k8.bin';
export const USERNAME = 'labcopy';
export const PASSWORD = 'Lab-S3cret-8d1f';
export const WRONG_PASSWORD = 'Wr0ng-Pass-77ab';

export function imageBytes(size = 3 * 1024 * 1024): Buffer {
  return randomBytes(size);
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A TCP port on 127.0.0.1 that was free a moment ago: connecting to it is refused. */
export function closedTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function closedUdpPort(): Promise<number> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

/** Replaces the password of a URL (the rest stays as the server gave it). */
export function withPassword(url: string, password: string): string {
  const parsed = new URL(url);
  parsed.password = encodeURIComponent(password);
  return parsed.href;
}

export async function rejection(promise: Promise<unknown>): Promise<Error & { reason?: string }> {
  try {
    await promise;
  } catch (err) {
    return err as Error & { reason?: string };
  }
  throw new Error('expected the transfer to fail, but it succeeded');
}

/** Waits for a condition the server learns a moment after the client (e.g. TFTP's last ACK, smbd's log). */
export async function eventually<T>(read: () => T, ok: (value: T) => boolean, withinMs = 2000): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const value = read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
}
