// `--events jsonl`: one JSON object per line on stdout, for Ansible, AWX and other tools that follow a run.
// Every line has `v` (format 1), `time` (ISO UTC), `pair` (the pair's name) and `type`; the rest is the
// engine's event as documented in README.md ("Events"). Human output goes to stderr meanwhile. Nothing here
// holds a secret: events are built redacted by the engine, and command answers are not streamed (they are in
// the report).

import { InvalidInputError } from '../core/errors';
import type { PairChecks } from '../core/checks/read';
import type { UpgradeEvent } from '../core/model';
import type { CliIo } from './io';

export const EVENTS_FORMAT_VERSION = 1;

export function eventsFormat(value: string | undefined): 'jsonl' | undefined {
  if (value === undefined) return undefined;
  if (value !== 'jsonl') throw new InvalidInputError(`--events takes "jsonl" (one JSON event per line on stdout), not "${value}".`);
  return 'jsonl';
}

export class JsonlEvents {
  constructor(private readonly out: NodeJS.WritableStream) {}

  write(pair: string | undefined, type: string, body: Record<string, unknown>): void {
    const { type: _ignored, ...rest } = body;
    this.out.write(`${JSON.stringify({ ...rest, v: EVENTS_FORMAT_VERSION, time: new Date().toISOString(), ...(pair ? { pair } : {}), type })}\n`);
  }

  engine(pair: string | undefined, e: UpgradeEvent): void {
    // Commands are not streamed: their answers can be long, and the report keeps them.
    if (e.type === 'command') return;
    // `pair` names the pair on every line: the engine's snapshot of where the pair was left is `snapshot`.
    const { pair: snapshot, ...rest } = e as unknown as Record<string, unknown>;
    this.write(pair, e.type, snapshot === undefined ? rest : { ...rest, snapshot });
  }

  checks(pair: string | undefined, stage: 'before' | 'after', checks: PairChecks): void {
    this.write(pair, 'checks', { stage, checks });
  }
}

/** With --events jsonl the human output moves to stderr, so stdout carries only events. */
export function humanIo(io: CliIo, events: 'jsonl' | undefined): CliIo {
  return events ? { ...io, out: io.err } : io;
}
