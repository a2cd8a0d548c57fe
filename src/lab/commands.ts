// The command interpreter of a simulated unit: the ASA's keyword grammar (unique abbreviations accepted,
// `^` marker under the first word it cannot take), and one handler per command. Handlers return the text
// to print (paged by the terminal) and stream what must appear at once (copy's `!` marks).

import { createHash } from 'node:crypto';
import type { CliMode, ExecContext } from './context';
import { runCopy } from './copy';
import * as out from './outputs';
import { flashFileName, type UnitState } from './unit';

export interface Token {
  text: string;
  start: number;
}

export function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line))) tokens.push({ text: m[0], start: m.index });
  return tokens;
}

interface Call {
  ctx: ExecContext;
  args: Token[];
  line: string;
}
type Handler = (c: Call) => string | undefined | Promise<string | undefined>;
interface CommandDef {
  words: string[];
  modes: CliMode[];
  args: 'none' | 'any';
  run: Handler;
}

export const INVALID_INPUT = "ERROR: % Invalid input detected at '^' marker.";
export const INCOMPLETE = 'ERROR: % Incomplete command';

function invalidAt(ctx: ExecContext, pos: number): string {
  return `${' '.repeat(ctx.promptLength + pos)}^\n${INVALID_INPUT}`;
}

const ALL: CliMode[] = ['user', 'priv', 'config'];
const EXEC: CliMode[] = ['priv', 'config'];
const CONFIG: CliMode[] = ['config'];

const isFlashRoot = (p: string): boolean => /^(disk0|flash):\/?$/i.test(p);
const flags = (args: Token[]): { flags: string[]; rest: Token[] } => ({
  flags: args.filter((a) => a.text.startsWith('/')).map((a) => a.text.toLowerCase()),
  rest: args.filter((a) => !a.text.startsWith('/')),
});
const prefixOf = (token: string, word: string): boolean => token.length > 0 && word.startsWith(token.toLowerCase());

async function hashFile(ctx: ExecContext, data: Buffer, algorithm: 'md5' | 'sha512'): Promise<string> {
  const hash = createHash(algorithm);
  const step = 1024 * 1024;
  for (let i = 0; i < data.length || i === 0; i += step) {
    hash.update(data.subarray(i, i + step));
    ctx.stream('!');
    await new Promise((r) => setImmediate(r));
    if (data.length === 0) break;
  }
  return hash.digest('hex');
}

const show = (words: string[], run: Handler, modes: CliMode[] = EXEC, args: 'none' | 'any' = 'none'): CommandDef => ({
  words: ['show', ...words],
  modes,
  args,
  run,
});

function setMode(ctx: ExecContext, mode: CliMode): undefined {
  ctx.mode = mode;
  return undefined;
}

const COMMANDS: CommandDef[] = [
  show(['version'], ({ ctx }) => out.showVersion(ctx.unit, ctx.pair, ctx.settings), ALL),
  show(['failover'], ({ ctx }) => out.showFailover(ctx.unit, ctx.pair, ctx.settings.platform), ALL),
  show(['failover', 'state'], ({ ctx }) => out.showFailoverState(ctx.unit, ctx.pair)),
  show(['failover', 'history'], ({ ctx }) => out.showFailoverHistory(ctx.unit, ctx.pair.history, ctx.pair.formedAt)),
  show(['bootvar'], ({ ctx }) => out.bootvar(ctx.unit, ctx.settings.platform)),
  show(['interface', 'ip', 'brief'], ({ ctx }) => out.showInterfaceIpBrief(ctx.unit)),
  show(['conn', 'count'], ({ ctx }) => out.showConnCount(ctx.unit, ctx.pair)),
  show(['route'], ({ ctx }) => out.showRoute(ctx.unit)),
  show(['clock'], () => {
    const d = new Date();
    const t = d.toUTCString().split(' '); // Wed, 25 Nov 2026 12:00:00 GMT
    return `${t[4]}.${String(d.getUTCMilliseconds()).padStart(3, '0')} UTC ${t[0].replace(',', '')} ${t[2]} ${Number(t[1])} ${t[3]}`;
  }),
  show(
    ['running-config'],
    ({ ctx, args }) => {
      if (args.length === 0) return out.runningConfig(ctx.unit, ctx.pair, ctx.settings);
      const [a, b] = args;
      const section = prefixOf(a.text, 'boot') ? 'system' : prefixOf(a.text, 'asdm') ? 'image' : prefixOf(a.text, 'ssh') ? 'scopy' : undefined;
      if (!section) return invalidAt(ctx, a.start);
      if (b && !prefixOf(b.text, section)) return invalidAt(ctx, b.start);
      if (args.length > 2) return invalidAt(ctx, args[2].start);
      if (section === 'scopy') return out.runningConfigSshScopy(ctx.unit);
      return section === 'system' ? out.runningConfigBootSystem(ctx.unit) : out.runningConfigAsdmImage(ctx.unit);
    },
    EXEC,
    'any',
  ),
  {
    words: ['dir'],
    modes: EXEC,
    args: 'any',
    run: ({ ctx, args }) => {
      const { rest } = flags(args);
      const total = ctx.settings.flashTotalBytes;
      if (rest.length === 0 || isFlashRoot(rest[0].text)) return out.dir(ctx.unit, total, ctx.settings.platform);
      const name = flashFileName(rest[0].text);
      if (!name || !ctx.unit.flash.has(name)) return `%Error opening ${rest[0].text} (No such file or directory)`;
      return out.dir(ctx.unit, total, ctx.settings.platform).split('\n').filter((l) => !/-rwx|drwx/.test(l) || l.endsWith(`  ${name}`)).join('\n');
    },
  },
  {
    words: ['copy'],
    modes: EXEC,
    args: 'any',
    run: async ({ ctx, args }) => {
      const { flags: f, rest } = flags(args);
      if (rest.length === 0) return INCOMPLETE;
      const [src, dst] = rest;
      if (/^(running-config|startup-config)$/i.test(src.text)) {
        if (dst && /^startup-config$/i.test(dst.text) && /^running-config$/i.test(src.text)) return writeMemory(ctx);
        return invalidAt(ctx, (dst ?? src).start);
      }
      if (!src.text.includes('://')) return `%Error opening ${src.text} (No such file or directory)`;
      let defaultName = '';
      try {
        defaultName = decodeURIComponent(new URL(src.text).pathname.split(';')[0].split('/').pop() ?? '');
      } catch {
        return `%Error parsing ${src.text} (Invalid argument)`;
      }
      let name = !dst || isFlashRoot(dst.text) ? defaultName : flashFileName(dst.text);
      if (!name) return `%Error opening ${dst?.text ?? src.text} (Invalid argument)`;
      if (!f.includes('/noconfirm') && ctx.ask) {
        const answer = (await ctx.ask(`Destination filename [${name}]? `, true)).trim();
        if (answer) name = flashFileName(answer) ?? answer;
      }
      return runCopy(ctx, src.text, name);
    },
  },
  {
    words: ['verify'],
    modes: EXEC,
    args: 'any',
    run: async ({ ctx, args }) => {
      const { flags: f, rest } = flags(args);
      if (rest.length === 0) return INCOMPLETE;
      const algorithm = f.includes('/md5') ? 'md5' : 'sha-512';
      const bad = f.find((x) => x !== '/md5' && x !== '/sha-512');
      if (bad) return invalidAt(ctx, args.find((a) => a.text.toLowerCase() === bad)!.start);
      const name = flashFileName(rest[0].text);
      const entry = name ? ctx.unit.flash.get(name) : undefined;
      if (!name || !entry) return `%Error opening ${rest[0].text} (No such file or directory)`;
      const hash = await hashFile(ctx, entry.data, algorithm === 'md5' ? 'md5' : 'sha512');
      const lines = ['', 'Done!'];
      // Plain verify of a signed image also checks its digital signature (variants fixture
      // verify.sha512.spa-signature.raw); the failure wording is the one units print on copy.
      if (f.length === 0 && /\.SPA$/i.test(name)) {
        lines.push(ctx.unit.badSignatures.has(name) ? `%ERROR: Signature not valid for file disk0:/${name}` : 'Digital signature successfully validated');
      }
      lines.push(`verify /${algorithm} (disk0:/${name}) = ${hash}`);
      const expected = rest[1]?.text.toLowerCase();
      if (expected !== undefined) lines.push(expected === hash ? `Verified (disk0:/${name}) = ${hash}` : `%Error verifying disk0:/${name}`);
      return lines.join('\n');
    },
  },
  {
    words: ['delete'],
    modes: EXEC,
    args: 'any',
    run: async ({ ctx, args }) => {
      const { flags: f, rest } = flags(args);
      if (rest.length === 0) return INCOMPLETE;
      const name = flashFileName(rest[0].text);
      if (!name || !ctx.unit.flash.has(name)) return `%Error deleting ${rest[0].text} (No such file or directory)`;
      if (!f.includes('/noconfirm') && ctx.ask) {
        await ctx.ask(`Delete filename [${name}]? `, true);
        const ok = (await ctx.ask(`Delete disk0:/${name}? [confirm]`, false)).trim().toLowerCase();
        if (ok !== '' && ok !== 'y' && ok !== 'yes') return undefined;
      }
      ctx.unit.flash.delete(name);
      ctx.unit.badSignatures.delete(name);
      return undefined;
    },
  },
  {
    words: ['configure', 'terminal'],
    modes: EXEC,
    args: 'none',
    run: ({ ctx }) => {
      ctx.mode = 'config';
      if (!ctx.unit.isActive) {
        return '**** WARNING ****\n\tConfiguration Replication is NOT performed from Standby unit to Active unit.\n\tConfigurations are no longer synchronized.';
      }
      return undefined;
    },
  },
  { words: ['write', 'memory'], modes: EXEC, args: 'none', run: ({ ctx }) => writeMemory(ctx) },
  {
    words: ['reload'],
    modes: EXEC,
    args: 'any',
    run: async ({ ctx, args }) => {
      if (args.length > 1 || (args[0] && !prefixOf(args[0].text, 'noconfirm'))) return invalidAt(ctx, (args[1] ?? args[0]).start);
      const noconfirm = args.length === 1;
      if (!noconfirm) {
        if (!ctx.ask) return 'ERROR: reload needs a confirmation; use reload noconfirm';
        if (ctx.pair.isConfigModified(ctx.unit)) {
          const save = (await ctx.ask('System config has been modified. Save? [Y]es/[N]o: ', true)).trim().toLowerCase();
          if (save.startsWith('y')) ctx.stream(`${writeMemory(ctx)}\n`);
          else if (!save.startsWith('n')) return undefined;
        }
        const ok = (await ctx.ask('Proceed with reload? [confirm]', false)).trim().toLowerCase();
        if (ok !== '' && ok !== 'y' && ok !== 'yes') return undefined;
      }
      const unit = ctx.unit;
      setTimeout(() => ctx.pair.reload(unit, `reload (${ctx.via === 'mate' ? 'failover exec' : 'command'})`), 30);
      return '\n\n***\n*** --- START GRACEFUL SHUTDOWN ---\nShutting down isakmp\nShutting down webvpn\nShutting down File system\n\n\n***\n*** --- SHUTDOWN NOW ---';
    },
  },
  {
    words: ['failover', 'reload-standby'],
    modes: EXEC,
    args: 'none',
    run: ({ ctx }) => {
      if (!ctx.unit.isActive) return 'ERROR: failover reload-standby can only be executed on the active unit';
      const mate = ctx.pair.mateOf(ctx.unit);
      if (!mate.up) return 'ERROR: Standby unit is not available';
      setTimeout(() => ctx.pair.reload(mate, 'failover reload-standby'), 10);
      return undefined;
    },
  },
  {
    words: ['failover', 'active'],
    modes: EXEC,
    args: 'none',
    run: ({ ctx }) => {
      if (ctx.pair.faults.take('refuse-failover', ctx.unit.role, 'failover active')) return 'ERROR: Failover is not possible at this time: the failover pair is busy';
      if (ctx.unit.isActive) return undefined;
      const was = ctx.unit.state;
      ctx.pair.takeOver(ctx.unit, was === 'Standby Ready' ? 'Set by the config command' : `Set by the config command (mate was ${was})`);
      return undefined;
    },
  },
  {
    words: ['no', 'failover', 'active'],
    modes: EXEC,
    args: 'none',
    run: ({ ctx }) => {
      if (ctx.pair.faults.take('refuse-failover', ctx.unit.role, 'no failover active')) return 'ERROR: Failover is not possible at this time: the failover pair is busy';
      if (!ctx.unit.isActive) return undefined;
      const mate = ctx.pair.mateOf(ctx.unit);
      if (!mate.up) return 'ERROR: No standby unit is available to take over the active role';
      ctx.pair.takeOver(mate, mate.state === 'Standby Ready' ? 'Set by the config command' : `Set by the config command (standby was ${mate.state})`);
      return undefined;
    },
  },
  {
    words: ['failover', 'exec'],
    modes: EXEC,
    args: 'any',
    run: async ({ ctx, args, line }) => {
      if (args.length === 0) return INCOMPLETE;
      const which = ['mate', 'active', 'standby'].find((w) => prefixOf(args[0].text, w));
      if (!which) return invalidAt(ctx, args[0].start);
      if (args.length === 1) return INCOMPLETE;
      const command = line.slice(args[1].start).trim();
      const pair = ctx.pair;
      const active = pair.active;
      const target: UnitState | undefined =
        which === 'mate' ? pair.mateOf(ctx.unit) : which === 'active' ? active : active ? pair.mateOf(active) : undefined;
      // A Failed mate does not run commands relayed over the failover link (Cisco command reference).
      if (!target || !target.up || (target !== ctx.unit && target.state === 'Failed')) return `ERROR: Cannot execute the command on the ${which} unit: it is not available`;
      if (target === ctx.unit) {
        pair.history.record({ unit: target.role, kind: 'command', command, via: 'self', address: ctx.address, user: ctx.user });
        return execute(ctx, command);
      }
      if (!ctx.execContextFor) return invalidAt(ctx, args[0].start);
      const remote = ctx.execContextFor(target);
      pair.history.record({ unit: target.role, kind: 'command', command, via: 'mate', address: ctx.address, user: ctx.user });
      // The mate's output is relayed over the failover link when its command ends (Cisco command reference:
      // failover exec returns the output; how it is paced is not published). Nothing streams through: a copy
      // run this way shows its `!` marks only at the end.
      let relayed = '';
      const relaying: ExecContext = Object.create(remote, {
        stream: {
          value: (text: string) => {
            relayed += text;
          },
        },
      });
      const output = await execute(relaying, command);
      return relayed === '' ? output : relayed + (output ?? '');
    },
  },
  {
    words: ['terminal', 'pager'],
    modes: ALL,
    args: 'any',
    run: ({ ctx, args }) => {
      const rest = args[0] && prefixOf(args[0].text, 'lines') ? args.slice(1) : args;
      if (rest.length === 0) return INCOMPLETE;
      const n = Number(rest[0].text);
      if (!/^\d+$/.test(rest[0].text) || n > 2147483647 || rest.length > 1) return invalidAt(ctx, (rest.length > 1 && /^\d+$/.test(rest[0].text) ? rest[1] : rest[0]).start);
      ctx.setPager?.(n);
      return undefined;
    },
  },
  {
    // Netmiko's ASA driver sends `terminal width 511` because the ASA wraps echoed commands at its own width.
    words: ['terminal', 'width'],
    modes: ALL,
    args: 'any',
    run: ({ ctx, args }) => {
      if (args.length === 0) return INCOMPLETE;
      const n = Number(args[0].text);
      if (!/^\d+$/.test(args[0].text) || n < 24 || n > 511 || args.length > 1) return invalidAt(ctx, (args.length > 1 && /^\d+$/.test(args[0].text) ? args[1] : args[0]).start);
      ctx.setWidth?.(n);
      return undefined;
    },
  },
  {
    // Replicated like any configuration: both units' prompts follow the new name.
    words: ['hostname'],
    modes: CONFIG,
    args: 'any',
    run: ({ ctx, args }) => {
      if (args.length === 0) return INCOMPLETE;
      if (args.length > 1 || !/^[A-Za-z][A-Za-z0-9-]{0,62}$/.test(args[0].text)) return invalidAt(ctx, (args[1] ?? args[0]).start);
      ctx.settings.hostname = args[0].text;
      return undefined;
    },
  },
  {
    words: ['pager', 'lines'],
    modes: CONFIG,
    args: 'any',
    run: ({ ctx, args }) => {
      if (args.length !== 1 || !/^\d+$/.test(args[0].text)) return args.length ? invalidAt(ctx, args[0].start) : INCOMPLETE;
      ctx.setPager?.(Number(args[0].text));
      return undefined;
    },
  },
  {
    words: ['enable'],
    modes: ALL,
    args: 'none',
    run: async ({ ctx }) => {
      if (ctx.mode !== 'user') return undefined;
      if (!ctx.ask) return undefined;
      if (ctx.pair.faults.take('enable-not-set', ctx.unit.role, 'enable')) return setEnablePassword(ctx);
      for (let attempt = 1; attempt <= 3; attempt++) {
        const answer = await ctx.ask('Password: ', false);
        if (answer === ctx.settings.enablePassword) {
          ctx.mode = 'priv';
          return undefined;
        }
        ctx.stream(attempt < 3 ? 'Invalid password\n' : 'Access denied.\n');
      }
      return undefined;
    },
  },
  { words: ['disable'], modes: EXEC, args: 'none', run: ({ ctx }) => setMode(ctx, 'user') },
  {
    words: ['exit'],
    modes: ALL,
    args: 'none',
    run: ({ ctx }) => {
      if (ctx.mode === 'config') return setMode(ctx, 'priv');
      ctx.endSession?.();
      return '\nLogoff\n';
    },
  },
  {
    words: ['logout'],
    modes: ALL,
    args: 'none',
    run: ({ ctx }) => {
      ctx.endSession?.();
      return '\nLogoff\n';
    },
  },
  {
    words: ['quit'],
    modes: ['user', 'priv'],
    args: 'none',
    run: ({ ctx }) => {
      ctx.endSession?.();
      return '\nLogoff\n';
    },
  },
  { words: ['end'], modes: CONFIG, args: 'none', run: ({ ctx }) => setMode(ctx, 'priv') },
  {
    words: ['boot', 'system'],
    modes: CONFIG,
    args: 'any',
    run: ({ ctx, args }) => {
      if (args.length === 0) return INCOMPLETE;
      const path = args[0].text;
      const name = flashFileName(path);
      if (!name || args.length > 1) return invalidAt(ctx, (args[1] ?? args[0]).start);
      const full = `disk0:/${name}`;
      if (ctx.unit.running.bootImages.includes(full)) return undefined;
      if (ctx.unit.running.bootImages.length >= 4) return 'ERROR: The maximum number of boot system entries (4) has been reached';
      ctx.pair.configure(ctx.unit, (b) => {
        if (!b.bootImages.includes(full)) b.bootImages.push(full);
      });
      return undefined;
    },
  },
  {
    words: ['no', 'boot', 'system'],
    modes: CONFIG,
    args: 'any',
    run: ({ ctx, args }) => {
      if (args.length === 0) return INCOMPLETE;
      const name = flashFileName(args[0].text);
      if (!name || args.length > 1) return invalidAt(ctx, (args[1] ?? args[0]).start);
      ctx.pair.configure(ctx.unit, (b) => {
        b.bootImages = b.bootImages.filter((x) => x !== `disk0:/${name}`);
      });
      return undefined;
    },
  },
  {
    words: ['clear', 'configure', 'boot'],
    modes: CONFIG,
    args: 'any',
    run: ({ ctx, args }) => {
      if (args.length > 1 || (args[0] && !prefixOf(args[0].text, 'system'))) return invalidAt(ctx, (args[1] ?? args[0]).start);
      ctx.pair.configure(ctx.unit, (b) => {
        b.bootImages = [];
      });
      return undefined;
    },
  },
  {
    words: ['ssh', 'scopy', 'enable'],
    modes: CONFIG,
    args: 'none',
    run: ({ ctx }) => {
      ctx.pair.configure(ctx.unit, (b) => {
        b.sshScopy = true;
      });
      return undefined;
    },
  },
  {
    words: ['no', 'ssh', 'scopy', 'enable'],
    modes: CONFIG,
    args: 'none',
    run: ({ ctx }) => {
      ctx.pair.configure(ctx.unit, (b) => {
        b.sshScopy = false;
      });
      return undefined;
    },
  },
  {
    words: ['asdm', 'image'],
    modes: CONFIG,
    args: 'any',
    run: ({ ctx, args }) => {
      if (args.length === 0) return INCOMPLETE;
      const name = flashFileName(args[0].text);
      if (!name || args.length > 1) return invalidAt(ctx, (args[1] ?? args[0]).start);
      ctx.pair.configure(ctx.unit, (b) => {
        b.asdmImage = `disk0:/${name}`;
      });
      return undefined;
    },
  },
  {
    words: ['no', 'asdm', 'image'],
    modes: CONFIG,
    args: 'any',
    run: ({ ctx }) => {
      ctx.pair.configure(ctx.unit, (b) => {
        b.asdmImage = undefined;
      });
      return undefined;
    },
  },
];

/**
 * `write memory`. On the active unit it replicates to the standby: the replication notices appear inside the
 * answer and, the end of it, after the prompt (asa-cli.md, "Unsolicited lines in sessions").
 */
function writeMemory(ctx: ExecContext): string {
  const replicated = ctx.pair.writeMemory(ctx.unit);
  const answer = out.writeMemory(ctx.unit, ctx.pair, ctx.settings);
  if (!replicated || ctx.via === 'mate') return answer;
  const unit = ctx.unit.role;
  setTimeout(() => ctx.pair.listener.notify(unit, 'End Configuration Replication to mate'), 5);
  const [first, ...rest] = answer.split('\n');
  return [first, 'Beginning configuration replication: Sending to mate.', ...rest].join('\n');
}

/**
 * 9.12+ with no enable password configured: `enable` asks to set one (asa-cli.md, "Enable"). Answering both
 * questions sets it — a configuration change, recorded so tests can prove a client never does that.
 */
async function setEnablePassword(ctx: ExecContext): Promise<string | undefined> {
  ctx.stream('The enable password is not set.  Please set it now.\n');
  const first = await ctx.ask!('Enter  Password: ', false);
  // Receiving one is already too much: the client answered a question that changes the unit.
  ctx.pair.history.record({ unit: ctx.unit.role, kind: 'config-change', detail: 'a new enable password was typed at "Enter  Password:"' });
  const second = await ctx.ask!('Repeat Password: ', false);
  if (first !== second) return 'Passwords do not match.';
  ctx.settings.enablePassword = first;
  ctx.pair.history.record({ unit: ctx.unit.role, kind: 'config-change', detail: 'enable password set at the enable prompt' });
  ctx.mode = 'priv';
  return undefined;
}

/** Runs one command line in a context. Returns what to print (undefined: nothing). */
export async function execute(ctx: ExecContext, line: string): Promise<string | undefined> {
  const tokens = tokenize(line);
  if (tokens.length === 0) return undefined;
  // Fault refuse-command: a unit whose software (or whose command authorization) does not take this command
  // answers as it does for unknown input, e.g. `show running-config boot system` through `failover exec mate`.
  if (ctx.pair.faults.take('refuse-command', ctx.unit.role, line)) return invalidAt(ctx, 0);
  let alive = COMMANDS.filter((c) => c.modes.includes(ctx.mode));
  let depth = 0;
  for (; depth < tokens.length; depth++) {
    const tok = tokens[depth].text.toLowerCase();
    const next = alive.filter((c) => c.words.length > depth && c.words[depth].startsWith(tok));
    if (next.length === 0) break;
    const words = new Set(next.map((c) => c.words[depth]));
    let word: string;
    if (words.has(tok)) word = tok;
    else if (words.size === 1) word = [...words][0];
    else if (alive.some((c) => c.words.length === depth && c.args === 'any')) break;
    else return `ERROR: % Ambiguous command:  "${line.trim()}"`;
    alive = next.filter((c) => c.words[depth] === word);
  }
  const cmd = alive.find((c) => c.words.length === depth);
  if (!cmd) return depth < tokens.length ? invalidAt(ctx, tokens[depth].start) : INCOMPLETE;
  const args = tokens.slice(depth);
  if (cmd.args === 'none' && args.length > 0) return invalidAt(ctx, args[0].start);
  return cmd.run({ ctx, args, line });
}

