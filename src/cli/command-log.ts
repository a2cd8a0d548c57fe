import type { CommandRecord } from '../core/ports';

/** `--verbose`: every command and its answer on stderr. Records arrive already redacted. */
export function commandLogger(err: NodeJS.WriteStream): (record: CommandRecord) => void {
  return (r) => {
    const where = `${r.address}${r.via === 'mate' ? '/mate' : ''}`;
    err.write(`[${new Date(r.startedAt).toISOString()}] ${where}# ${r.command} (${r.durationMs} ms)${r.error ? ` ! ${r.error}` : ''}\n`);
    if (r.output) err.write(`${r.output.replace(/^/gm, '    ')}\n`);
  };
}
