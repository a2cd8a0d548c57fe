// Two `asa-upgrade upgrade` processes on one lab pair, as two operators would start them: one addresses the
// pair as 127.0.0.1:P, the other as localhost:P, each shell with a TMPDIR of its own and each operator with a
// local user of their own on the units (real ASAs name the user of every command in their accounting), so the
// lab's history tells whose commands reached the units and whether any were interleaved.

import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { LabEvent, LabOptions } from '../../src/lab';
import { NEW_ASA, NEW_ASDM, startCliLab, type CliLab } from '../integration/cli/lab-fixture';
import { connectionArgs, startCli, type CliProcess } from './cli-run';

const CHANGING = /^(copy|del|conf|clear|boot|no |asdm|write|wr |reload|failover (active|reload)|failover exec \S+ (copy|del|conf|boot|write|reload))/;

export type Spelling = '127.0.0.1' | 'localhost';

export interface TwoOperators {
  cl: CliLab;
  /** Starts a job as `user` (admin or operator2) addressing the pair as `spelling`. */
  job(spelling: Spelling, user: 'admin' | 'operator2'): CliProcess;
  stop(): Promise<void>;
}

export async function startTwoOperators(options: LabOptions = {}): Promise<TwoOperators> {
  const operator2 = { username: 'operator2', password: randomBytes(9).toString('base64url') };
  const cl = await startCliLab({ users: [operator2], reloadSeconds: 1.5, copyBytesPerSecond: 400 * 1024, ...options });
  const { lab } = cl;
  // The user trusts the pair's key under both names, as ssh would have recorded it.
  const key = readFileSync(cl.knownHosts, 'utf8').split('\n')[0].split(' ').slice(1).join(' ');
  appendFileSync(cl.knownHosts, `[localhost]:${lab.activeEndpoint.port} ${key}\n[localhost]:${lab.standbyEndpoint.port} ${key}\n`);
  const temps: string[] = [];
  return {
    cl,
    job: (spelling, user) => {
      const tmp = mkdtempSync(join(tmpdir(), `tmpdir-${spelling}-`));
      temps.push(tmp);
      const password = user === 'admin' ? lab.credentials.password : operator2.password;
      return startCli(
        [
          'upgrade',
          ...connectionArgs({ active: `${spelling}:${lab.activeEndpoint.port}`, standby: `${spelling}:${lab.standbyEndpoint.port}`, username: user, knownHosts: cl.knownHosts }),
          '--asa', cl.images.url(NEW_ASA),
          '--asdm', cl.images.url(NEW_ASDM),
          '--yes',
          '--poll-ms', '100',
        ],
        // One account on the workstation (one HOME, so one state directory), two shells with different TMPDIRs.
        { env: { HOME: cl.home, TMPDIR: tmp, ASA_PASSWORD: password, ASA_ENABLE_PASSWORD: lab.credentials.enablePassword } },
      );
    },
    stop: async () => {
      await cl.stop();
      for (const t of temps) rmSync(t, { recursive: true, force: true });
    },
  };
}

/** Commands that change something, by user, and those of anyone but `winner` inside the winner's span of changes. */
export function interleaving(history: readonly LabEvent[], winner: string, loser: string): { loserChanges: string[]; winnerChanges: number; interleaved: string[] } {
  const commands = history.filter((e) => e.kind === 'command');
  const changes = (u: string) => commands.filter((e) => e.user === u && CHANGING.test(e.command ?? ''));
  const w = changes(winner);
  const first = w[0]?.at ?? Infinity;
  const last = w.at(-1)?.at ?? -Infinity;
  const interleaved = commands.filter((e) => e.user !== winner && e.at >= first && e.at <= last && CHANGING.test(e.command ?? '')).map((e) => `${e.user}@${e.unit}: ${e.command}`);
  return { loserChanges: changes(loser).map((e) => `${e.unit}: ${e.command}`), winnerChanges: w.length, interleaved };
}

/** The refusal the second job must print: the pair by its serial numbers, the running job's process, start time and phase. */
export function busyPattern(cl: CliLab, pid: number): RegExp {
  const p = cl.lab.units.primary.serial;
  const s = cl.lab.units.secondary.serial;
  // While the mate reloads its serial cannot be read: the pair is then named by the active unit's serial.
  return new RegExp(
    `Another upgrade job is already running on (the pair with serial numbers ${p} \\(primary\\) and ${s} \\(secondary\\)|the pair of unit (${p}|${s})) ` +
      `\\(asa-upgrade upgrade, process ${pid} on [^,]+, started \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z, now [a-z ]+`,
  );
}
