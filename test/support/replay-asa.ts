// A device that replays recorded outputs of real ASAs over SSH: whatever the lab prints, `status` must also
// read these. It knows only the commands it has recordings for and answers everything else the way an ASA
// answers input it does not understand, so the reader is tested on the formats and on refusals.
// Optional behaviours reproduce what real sessions do to a client: the pager, slow answers, a session that
// drops mid-command, `reload`, keyboard-interactive and public-key logins, a given (or changed) host key, and
// the console habits of real units (asa-cli.md, "Real-unit behaviour"): a login banner, unsolicited lines
// after prompts, `\r\r\n` or CR-only line ends, answers in small fragments, the FXOS `--More--` pager, a
// host name that changes, `enable` with no enable password set.

import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Server, utils, type AuthenticationType, type Connection, type ServerChannel } from 'ssh2';

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
  /** Host key (PEM or OpenSSH private key); a fresh ed25519 key otherwise. */
  hostKey?: string;
  /** Page long outputs every N lines with `<--- More --->` (until `terminal pager 0` is accepted). */
  pageLines?: number;
  /** Commands answered only after this many milliseconds. */
  delays?: Record<string, number>;
  /** Commands during which the device closes the connection after printing part of the output. */
  dropOn?: string[];
  /** Also accept keyboard-interactive logins (prompt `Password: `). */
  keyboardInteractive?: boolean;
  /** Questions asked (each answered with Enter) before a command's output, e.g. `Destination filename [x]? `. */
  questions?: Record<string, string[]>;
  /** Public keys (OpenSSH `.pub` lines) accepted for `username`. */
  authorizedKeys?: string[];
  /** Printed after login, before the greeting (banner motd); each piece of an array in its own SSH packet. */
  banner?: string | string[];
  /** Print `Type help or '?' ...` before the first prompt (default true). */
  greeting?: boolean;
  /** Lines printed right after every prompt (cycled, one per prompt), with no new prompt after them. */
  unsolicitedAfterPrompt?: string[];
  /** Line end the device writes (default `\r\n`). */
  lineEnding?: '\r\n' | '\r\r\n' | '\r';
  /** Write every answer in pieces of 1 to this many characters, each in its own SSH packet. */
  fragmentChars?: number;
  /** The pager prompt (default `<--- More --->`). */
  moreText?: string;
  /** `enable` answers as 9.12+ does with no enable password set, and records whatever is typed after it. */
  enableNotSet?: boolean;
  /** Answer each login attempt only after this long (an AAA server that takes seconds). */
  authDelayMs?: number;
}

export interface ReplayDevice {
  port: number;
  hostKey: Buffer;
  /** The host key's private half, to start another device with the same key. */
  hostKeyPem: string;
  commands: string[];
  /** Authentication methods clients tried, in order (`password`, `keyboard-interactive`, `publickey`). */
  authMethods: string[];
  /** Passwords offered at login, in order (to prove a rejected one is never sent again). */
  passwordsTried: string[];
  /** Lines typed at an `Enter  Password:` / `Repeat Password:` question (enableNotSet): must stay empty. */
  newPasswordAnswers: string[];
  /** From the next prompt on, the device calls itself `name` (someone ran `hostname name`). */
  setHostname(name: string): void;
  stop(): Promise<void>;
}

export function recorded(file: string): string {
  return readFileSync(join(RECORDINGS, file), 'utf8');
}

/** A fresh ed25519 host key in OpenSSH format (ssh2 does not read PKCS#8 ed25519 keys). */
export function newHostKey(): string {
  // ssh2 now and then writes an ed25519 key its own parser refuses ("Malformed OpenSSH private key"): draw again.
  for (let attempt = 0; ; attempt++) {
    const key = utils.generateKeyPairSync('ed25519').private;
    if (!(utils.parseKey(key) instanceof Error) || attempt >= 20) return key;
  }
}

const MORE = '<--- More --->';

export async function startReplayDevice(options: ReplayOptions): Promise<ReplayDevice> {
  let hostname = options.hostname ?? 'asa1';
  const passwordsTried: string[] = [];
  const newPasswordAnswers: string[] = [];
  let unsolicitedIndex = 0;
  const username = options.username ?? 'ntc';
  const password = options.password ?? 'replay-pass';
  const enablePassword = options.enablePassword ?? 'replay-enable';
  const privateKey = options.hostKey ?? newHostKey();
  const parsed = utils.parseKey(privateKey);
  if (parsed instanceof Error) throw parsed;
  const commands: string[] = [];
  const authMethods: string[] = [];
  const clients = new Set<Connection>();
  const authorized = (options.authorizedKeys ?? []).map((line) => {
    const key = utils.parseKey(line);
    if (key instanceof Error) throw key;
    return Array.isArray(key) ? key[0] : key;
  });

  const server = new Server({ hostKeys: [privateKey] }, (client) => {
    clients.add(client);
    client.on('close', () => clients.delete(client));
    client.on('authentication', (ctx) => {
      authMethods.push(ctx.method);
      if (ctx.method === 'password') passwordsTried.push(ctx.password);
      if (options.authDelayMs && ctx.method !== 'none') {
        const answer = { accept: ctx.accept.bind(ctx), reject: ctx.reject.bind(ctx) };
        ctx.accept = () => void setTimeout(answer.accept, options.authDelayMs);
        ctx.reject = ((...args: Parameters<typeof ctx.reject>) => void setTimeout(() => answer.reject(...args), options.authDelayMs)) as typeof ctx.reject;
      }
      const methods: AuthenticationType[] = ['password'];
      if (options.keyboardInteractive) methods.push('keyboard-interactive');
      if (options.authorizedKeys) methods.push('publickey');
      if (ctx.username !== username) return ctx.reject(methods);
      if (ctx.method === 'password' && ctx.password === password) return ctx.accept();
      if (ctx.method === 'keyboard-interactive' && options.keyboardInteractive) {
        ctx.prompt([{ prompt: 'Password: ', echo: false }], (answers) => {
          passwordsTried.push(answers[0] ?? '');
          return answers[0] === password ? ctx.accept() : ctx.reject(methods);
        });
        return;
      }
      if (ctx.method === 'publickey') {
        const key = authorized.find((k) => k.getPublicSSH().equals(ctx.key.data));
        if (!key) return ctx.reject(methods);
        if (!ctx.signature) return ctx.accept();
        if (ctx.blob && key.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true) return ctx.accept();
        return ctx.reject(methods);
      }
      ctx.reject(methods);
    });
    client.on('ready', () => {
      client.on('session', (accept) => {
        const session = accept();
        session.on('pty', (ok) => ok?.());
        session.on('window-change', (ok) => ok?.());
        session.on('shell', (ok) => runShell(ok(), client));
      });
    });
    client.on('error', () => {});
  });

  function runShell(stream: ServerChannel, client: Connection): void {
    let privileged = options.privilegedAtLogin === true;
    let pagerOff = false;
    let awaitingEnable = false;
    let awaitingNewPassword = 0;
    let line = '';
    const input: string[] = [];
    let waitingForInput: ((ch: string) => void) | undefined;
    let closed = false;
    stream.on('close', () => {
      closed = true;
    });
    const prompt = (): string => `${hostname}${privileged ? '#' : '>'} `;
    const ending = options.lineEnding ?? '\r\n';
    let sending: Promise<void> = Promise.resolve();
    /** Writes waiting in `sending`: while there are any, later writes queue behind them to keep the order. */
    let queued = 0;
    const enqueue = (job: () => Promise<void>) => {
      queued += 1;
      sending = sending.then(job).finally(() => {
        queued -= 1;
      });
    };
    const write = (text: string) => {
      const out = ending === '\r\n' ? text : text.replace(/\r\n/g, ending);
      if (!options.fragmentChars) {
        if (queued === 0) {
          if (!closed) stream.write(out);
        } else {
          enqueue(async () => {
            if (!closed) stream.write(out);
          });
        }
        return;
      }
      // Each piece goes out on its own turn of the event loop, so the client receives separate packets.
      const pieces: string[] = [];
      for (let i = 0; i < out.length; ) {
        const n = 1 + Math.floor(Math.random() * options.fragmentChars);
        pieces.push(out.slice(i, i + n));
        i += n;
      }
      enqueue(async () => {
        for (const piece of pieces) {
          if (closed) return;
          stream.write(piece);
          await new Promise((r) => setImmediate(r));
        }
      });
    };
    /** The prompt, then (when asked for) an unsolicited line with no prompt after it, as real units print them. */
    const writePrompt = () => {
      const lines = options.unsolicitedAfterPrompt;
      // One write, so prompt and message reach the client in one packet, as a busy unit sends them.
      write(prompt() + (lines?.length ? `\r\n${lines[unsolicitedIndex++ % lines.length]}\r\n` : ''));
    };
    const writePacket = (text: string) => {
      enqueue(async () => {
        if (!closed) stream.write(text.replace(/\r\n/g, ending));
        await new Promise((r) => setImmediate(r));
      });
    };
    const nextChar = (): Promise<string> =>
      new Promise((resolve) => {
        const ch = input.shift();
        if (ch !== undefined) resolve(ch);
        else waitingForInput = resolve;
      });

    const writeOutput = async (output: string): Promise<void> => {
      const body = output.replace(/\r?\n/g, '\r\n');
      const lines = (body.endsWith('\r\n') ? body : `${body}\r\n`).split(/(?<=\r\n)/);
      const page = options.pageLines && !pagerOff ? options.pageLines : Infinity;
      const more = options.moreText ?? MORE;
      for (let i = 0; i < lines.length; i += page) {
        write(lines.slice(i, i + page).join(''));
        if (i + page < lines.length) {
          write(more);
          const key = await nextChar();
          write(`\r${' '.repeat(more.length)}\r`);
          if (key === 'q') return;
        }
      }
    };

    const execute = async (inputLine: string): Promise<void> => {
      const command = inputLine.trim();
      write('\r\n');
      if (awaitingNewPassword > 0) {
        // Whatever arrives here would become the enable password on a real unit.
        newPasswordAnswers.push(inputLine);
        awaitingNewPassword -= 1;
        if (awaitingNewPassword === 1) {
          write('Repeat Password: ');
          return;
        }
        privileged = true;
        writePrompt();
        return;
      }
      if (awaitingEnable) {
        awaitingEnable = false;
        if (command === enablePassword) privileged = true;
        else write('Invalid password\r\n');
        writePrompt();
        return;
      }
      if (command === '') {
        writePrompt();
        return;
      }
      commands.push(command);
      if (command === 'enable' && !privileged) {
        if (options.enableNotSet) {
          // 9.12 and later with no enable password configured (asa-cli.md, "Enable").
          awaitingNewPassword = 2;
          write('The enable password is not set.  Please set it now.\r\nEnter  Password: ');
          return;
        }
        awaitingEnable = true;
        write('Password: ');
        return;
      }
      if (command === 'exit') {
        stream.end();
        return;
      }
      const delay = options.delays?.[command];
      if (delay) await new Promise((r) => setTimeout(r, delay));
      if (options.dropOn?.includes(command)) {
        const output = options.outputs[command] ?? '';
        write(output.slice(0, Math.floor(output.length / 2)).replace(/\r?\n/g, '\r\n'));
        client.end();
        return;
      }
      if (command === 'reload' || command === 'reload noconfirm') {
        if (command === 'reload') {
          write('Proceed with reload? [confirm]');
          const key = await nextChar();
          if (key !== '\r' && key !== '\n') {
            write('\r\n');
            writePrompt();
            return;
          }
          write('\r\n');
        }
        write('\r\n\r\n***\r\n*** --- START GRACEFUL SHUTDOWN ---\r\n***\r\n');
        setTimeout(() => client.end(), 20);
        return;
      }
      for (const question of options.questions?.[command] ?? []) {
        write(question);
        const key = await nextChar();
        if (key !== '\r' && key !== '\n') {
          write('\r\n%Error: aborted\r\n');
          writePrompt();
          return;
        }
        write('\r\n');
      }
      if (command === 'terminal pager 0' && options.outputs[command] !== undefined) pagerOff = true;
      const output = command === 'enable' ? '' : options.outputs[command];
      if (output === undefined && command !== 'enable') {
        write(`${' '.repeat(prompt().length)}^\r\nERROR: % Invalid input detected at '^' marker.\r\n`);
      } else if (output) {
        await writeOutput(output);
      }
      writePrompt();
    };

    // Input is handled one character at a time, in order, even while a command is still answering.
    const loop = async (): Promise<void> => {
      let previous = '';
      for (;;) {
        const ch = await nextChar();
        if (closed) return;
        const afterCr = previous === '\r';
        previous = ch;
        if (ch !== '\r' && ch !== '\n') {
          line += ch;
          if (!awaitingEnable && awaitingNewPassword === 0) write(ch);
          continue;
        }
        if (ch === '\n' && line === '' && afterCr) continue;
        const current = line;
        line = '';
        await execute(current);
      }
    };
    stream.on('data', (data: Buffer) => {
      for (const ch of data.toString('utf8')) {
        const waiter = waitingForInput;
        if (waiter) {
          waitingForInput = undefined;
          waiter(ch);
        } else input.push(ch);
      }
    });
    for (const piece of typeof options.banner === 'string' ? [`${options.banner}\n`] : options.banner ?? []) writePacket(piece.replace(/\r?\n/g, '\r\n'));
    if (options.greeting !== false) write("Type help or '?' for a list of available commands.\r\n");
    writePrompt();
    void loop();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    hostKey: parsed.getPublicSSH(),
    hostKeyPem: privateKey,
    commands,
    authMethods,
    passwordsTried,
    newPasswordAnswers,
    setHostname: (name) => {
      hostname = name;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const c of clients) c.end();
        server.close(() => resolve());
      }),
  };
}
