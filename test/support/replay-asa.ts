// A device that replays recorded outputs of real ASAs over SSH: whatever the lab prints, `status` must also
// read these. It knows only the commands it has recordings for and answers everything else the way an ASA
// answers input it does not understand, so the reader is tested on the formats and on refusals.

import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Server, utils } from 'ssh2';

export const RECORDINGS = join(__dirname, '..', 'fixtures', 'asa-outputs');

export interface ReplayOptions {
  hostname?: string;
  username?: string;
  password?: string;
  enablePassword?: string;
  /** Command (exactly as the client types it) -> recorded output. */
  outputs: Record<string, string>;
  /** Land directly in privileged mode (some AAA set-ups do), so no `enable` is needed. */
  privilegedAtLogin?: boolean;
}

export interface ReplayDevice {
  port: number;
  hostKey: Buffer;
  commands: string[];
  stop(): Promise<void>;
}

export function recorded(file: string): string {
  return readFileSync(join(RECORDINGS, file), 'utf8');
}

export async function startReplayDevice(options: ReplayOptions): Promise<ReplayDevice> {
  const hostname = options.hostname ?? 'asa1';
  const username = options.username ?? 'ntc';
  const password = options.password ?? 'replay-pass';
  const enablePassword = options.enablePassword ?? 'replay-enable';
  const { privateKey } = generateKeyPairSync('ed25519', { privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const parsed = utils.parseKey(privateKey);
  if (parsed instanceof Error) throw parsed;
  const commands: string[] = [];

  const server = new Server({ hostKeys: [privateKey] }, (client) => {
    client.on('authentication', (ctx) => {
      if (ctx.method === 'password' && ctx.username === username && ctx.password === password) ctx.accept();
      else ctx.reject(['password']);
    });
    client.on('ready', () => {
      client.on('session', (accept) => {
        const session = accept();
        session.on('pty', (ok) => ok?.());
        session.on('window-change', (ok) => ok?.());
        session.on('shell', (ok) => {
          const stream = ok();
          let privileged = options.privilegedAtLogin === true;
          let awaitingEnable = false;
          let line = '';
          const prompt = (): string => `${hostname}${privileged ? '#' : '>'} `;
          stream.write(`Type help or '?' for a list of available commands.\r\n${prompt()}`);
          stream.on('data', (data: Buffer) => {
            for (const ch of data.toString('utf8')) {
              if (ch !== '\r' && ch !== '\n') {
                line += ch;
                if (!awaitingEnable) stream.write(ch);
                continue;
              }
              if (ch === '\n' && line === '') continue;
              const input = line.trim();
              line = '';
              stream.write('\r\n');
              if (awaitingEnable) {
                awaitingEnable = false;
                if (input === enablePassword) privileged = true;
                else stream.write('Invalid password\r\n');
                stream.write(prompt());
                continue;
              }
              if (input === '') {
                stream.write(prompt());
                continue;
              }
              commands.push(input);
              if (input === 'enable' && !privileged) {
                awaitingEnable = true;
                stream.write('Password: ');
                continue;
              }
              if (input === 'exit') {
                stream.end();
                return;
              }
              const output = input === 'enable' ? '' : options.outputs[input];
              if (output === undefined && input !== 'enable') {
                stream.write(`${' '.repeat(prompt().length)}^\r\nERROR: % Invalid input detected at '^' marker.\r\n`);
              } else if (output) {
                const body = output.replace(/\r?\n/g, '\r\n');
                stream.write(body.endsWith('\r\n') ? body : `${body}\r\n`);
              }
              stream.write(prompt());
            }
          });
        });
      });
    });
    client.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    hostKey: parsed.getPublicSSH(),
    commands,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
