// `asa-upgrade resume`: continues a job from its journal after a crash, a kill, a lost terminal or a stop.
// The journal says what was asked (target images) and which reloads were already sent; the pair itself says
// what is done. The engine re-reads both units and skips whatever is already true, so nothing is reloaded or
// copied twice. URL passwords are never in a journal: a copy still needed takes the URL again (--asa/--asdm).

import { parseArgs } from 'node:util';
import { InvalidInputError } from '../../core/errors';
import { FileJournal, requestHasMaskedCredentials, type JournalRecord } from '../../core/journal';
import type { UpgradeRequest } from '../../core/model';
import { parseImageLocation } from '../../core/image-location';
import { commandLogger } from '../command-log';
import { confirm } from '../confirm';
import { connectionOptions, connectorFromFlags } from '../connection';
import { EXIT, type CliIo } from '../io';
import { PHASE_TITLES } from '../live-view';
import { defaultJournalPath, jobOptions, pairKeyOf, runningJobMessage, runWithLiveView, waitOptions } from './upgrade';
import { readPairStatus } from '../../core/status';
import { serveAddressOf } from '../request';
import { describePair } from '../../core/pair-identity';

export async function resumeCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { ...connectionOptions, ...jobOptions, asa: { type: 'string' }, asdm: { type: 'string' }, 'serve-address': { type: 'string' }, 'accept-changed-host-key': { type: 'string' } },
    strict: true,
  });
  const options = waitOptions(values);
  const pairKey = pairKeyOf(values.active);
  let journalPath = values.journal;
  let record: JournalRecord | undefined;
  if (journalPath !== undefined) {
    // A path that is not a regular file, or a file that is not a journal (or a damaged one), is refused here.
    const journal = new FileJournal(journalPath);
    journal.check();
    record = journal.load();
    if (!record) throw new InvalidInputError(`There is no upgrade journal at ${journalPath}. Give the journal of the interrupted job with --journal FILE.`);
  }

  const { connector, redactor } = connectorFromFlags(values, io.env, { onCommand: values.verbose ? commandLogger(io.err) : undefined });
  try {
    if (journalPath === undefined) {
      // Without --journal the job's journal is found by what the pair reports: both units' serial numbers.
      const status = await readPairStatus(connector);
      const running = runningJobMessage(status, io.env);
      if (running) {
        io.err.write(running);
        return EXIT.refused;
      }
      if (!status.identity) {
        throw new InvalidInputError('The units do not report their serial numbers, so the journal of this pair cannot be found. Give it with --journal FILE.');
      }
      journalPath = defaultJournalPath(status.identity.key, io.env);
      record = new FileJournal(journalPath).load();
      if (!record) {
        throw new InvalidInputError(
          `There is no upgrade journal for ${describePair(status.identity)} (looked for ${journalPath}). Give the journal of the interrupted job with --journal FILE.`,
        );
      }
    }
    const job = record!;
    if (job.outcome && (job.outcome.outcome === 'upgraded' || job.outcome.outcome === 'downloaded')) {
      io.out.write(`Nothing to resume: the job in ${journalPath} already ended (${job.outcome.outcome}): ${job.outcome.message}\n`);
      return EXIT.ok;
    }
    if (job.outcome?.outcome === 'refused') {
      io.out.write(`Nothing to resume: the job in ${journalPath} was refused before it changed anything (${job.outcome.message}). Run the upgrade again.\n`);
      return EXIT.refused;
    }

    const request = requestForResume(job.request, values);
    io.out.write(describeJob(job, journalPath));
    if (requestHasMaskedCredentials(request)) {
      io.out.write('The image URL had a password, which the journal does not keep: if a copy is still needed, give the URL again with --asa/--asdm.\n');
    }
    if (values.yes !== true && !(await confirm('Resume this upgrade now?', io))) {
      io.out.write('Not confirmed: nothing was changed. (Use --yes to resume without asking.)\n');
      return EXIT.refused;
    }
    // The engine checks that the journal belongs to the pair the addresses reach (serial numbers).
    // A local image of the job is served again (or pushed, as the job said) while the copies still needed run.
    const serveAddress = serveAddressOf(values['serve-address']);
    return await runWithLiveView({ connector, redactor, request, journalPath, pairKey, options, resume: true, owner: 'asa-upgrade resume', io, ...(serveAddress ? { serveAddress } : {}) });
  } finally {
    await connector.close();
  }
}

/**
 * The journal's request, with the URLs given again on the command line (they carry the password the journal
 * masked). A URL may move to another server, but it must name the same image: resuming towards another
 * version would leave the pair on three.
 */
export function requestForResume(saved: UpgradeRequest, flags: { asa?: string; asdm?: string }): UpgradeRequest {
  const out: UpgradeRequest = { ...saved };
  const replace = (key: 'asa' | 'asdm', given: string | undefined): void => {
    if (given === undefined) return;
    const source = parseImageLocation(given, key);
    const before = saved[key];
    if (before === undefined) {
      throw new InvalidInputError(`--${key} was given but the interrupted job did not change the ${key.toUpperCase()} image. Leave it out, or start a new upgrade once this one is done.`);
    }
    const previous = parseImageLocation(before.replace(/:\*{5}@/, ':x@'), key);
    if (previous.file !== source.file) {
      throw new InvalidInputError(
        `--${key} names ${source.file}, but the interrupted job installs ${previous.file}. Resume with the same image (the URL may differ), or finish this job first.`,
      );
    }
    out[key] = given;
  };
  replace('asa', flags.asa);
  replace('asdm', flags.asdm);
  return out;
}

function describeJob(record: JournalRecord, path: string): string {
  const lines = [
    `Resuming the upgrade of ${record.pairKey} from ${record.fromVersion ?? '?'} to ${record.toVersion ?? '?'} (journal ${path}),`,
    `started ${new Date(record.startedAt).toISOString()}, last written ${new Date(record.updatedAt).toISOString()}.`,
  ];
  if (record.outcome) lines.push(`It stopped (${record.outcome.outcome}): ${record.outcome.message}`);
  else lines.push('It was cut off before it recorded an end (crash, kill or lost connection).');
  const last = record.phases.filter((p) => p.status !== 'pending').at(-1);
  if (last) lines.push(`Last phase recorded: ${PHASE_TITLES[last.phase]} (${last.status}).`);
  if (record.reloads.length) lines.push(`Reloads already sent: ${record.reloads.map((r) => `${r.unit} at ${new Date(r.issuedAt).toISOString()}`).join(', ')}.`);
  lines.push('Both units are read again first; steps already done on the pair are skipped.', '');
  return `${lines.join('\n')}\n`;
}
