// `copy URL disk0:/FILE`: really fetches the bytes (src/lab/transfer), stores them on the unit's flash and
// prints what an ASA prints. The copy belongs to the unit, not to the session: if the session drops, the copy
// goes on (as on real units); a reload of the unit aborts it.

import { createHash } from 'node:crypto';
import { fetchImage, TransferError } from './transfer';
import type { ExecContext } from './context';
import { flashFreeBytes } from './outputs';

const FETCH_MARK_BYTES = 256 * 1024;
const WRITE_MARK_BYTES = 64 * 1024;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function transferErrorLine(source: string, err: unknown): string {
  const reason = err instanceof TransferError ? err.reason : 'protocol';
  switch (reason) {
    case 'not-found':
      return `%Error opening ${source} (No such file or directory)`;
    case 'auth':
      return `%Error opening ${source} (Permission denied)`;
    case 'unreachable':
    case 'timeout':
      return `%Error copying ${source} (Timeout)`;
    default:
      return `%Error reading ${source} (I/O error)`;
  }
}

/**
 * What an ASA says before fetching over SCP when it cannot: the SCP server's host key is unknown (with `ssh
 * stricthostkeycheck`, on by default, it asks; exact wording unpublished — OpenSSH's is used), or, from 9.19,
 * no `ssh <server> <mask> <interface>` entry allows the server (Cisco 9.19 release notes: "ssh client failed
 * to register with lina"; the `%Error` framing around it is assumed). Undefined when the copy may go on.
 */
async function scpRefusal(ctx: ExecContext, source: string): Promise<string | undefined> {
  const { unit, pair } = ctx;
  const host = (() => {
    try {
      return new URL(source).hostname;
    } catch {
      return 'server';
    }
  })();
  if (pair.faults.take('scp-not-allowed', unit.role, 'copy')) return `%Error opening ${source} (ssh client failed to register with lina)`;
  if (!pair.faults.take('scp-host-key-question', unit.role, 'copy')) return undefined;
  const question =
    `\nThe authenticity of host '${host} (${host})' can't be established.\n` +
    'ECDSA key fingerprint is SHA256:Yc2CkpXHnb1gu4W+8hAKQqXgYMLJZcNcFkKbzp2Ai5g.\n' +
    'Are you sure you want to continue connecting (yes/no)? ';
  // Through `failover exec` nobody can answer: the question is printed and the copy gives up.
  if (!ctx.ask) {
    ctx.stream(question);
    return `%Error copying ${source} (Host key verification failed)`;
  }
  const answer = (await ctx.ask(question, true)).trim().toLowerCase();
  if (answer !== 'yes') return `%Error copying ${source} (Host key verification failed)`;
  pair.history.record({ unit: unit.role, kind: 'config-change', detail: `SCP server ${host} host key trusted at the copy prompt` });
  return undefined;
}

export async function runCopy(ctx: ExecContext, source: string, destName: string): Promise<string> {
  const { unit, pair, settings } = ctx;
  const epoch = unit.epoch;
  const started = Date.now();
  const dest = `disk0:/${destName}`;
  pair.history.record({ unit: unit.role, kind: 'copy-start', detail: `${source} -> ${dest}`, via: ctx.via, address: ctx.address });
  const fail = (line: string): string => {
    pair.history.record({ unit: unit.role, kind: 'copy-end', detail: line });
    return `\n${line}`;
  };
  ctx.stream(`\nAccessing ${source}...`);

  if (pair.faults.take('copy-unreachable', unit.role, 'copy')) {
    await sleep(200);
    return fail(`%Error copying ${source} (Timeout)`);
  }
  if (pair.faults.take('copy-missing-file', unit.role, 'copy')) {
    await sleep(50);
    return fail(`%Error opening ${source} (No such file or directory)`);
  }
  if (/^scp:/i.test(source)) {
    const refused = await scpRefusal(ctx, source);
    if (refused) return fail(refused);
  }

  let data: Buffer;
  let marked = 0;
  try {
    data = await fetchImage(source, {
      signal: unit.abort.signal,
      timeoutMs: 30_000,
      onBytes: (total) => {
        const marks = Math.floor(total / FETCH_MARK_BYTES) - marked;
        if (marks > 0) {
          marked += marks;
          ctx.stream('!'.repeat(marks));
        }
      },
    });
  } catch (err) {
    if (unit.epoch !== epoch) return fail('%Error copying: aborted by reload');
    return fail(transferErrorLine(source, err));
  }
  if (marked === 0) ctx.stream('!');

  const existing = unit.flash.get(destName)?.data.length ?? 0;
  const free = flashFreeBytes(unit, settings.flashTotalBytes, settings.platform) + existing;
  if (pair.faults.take('flash-full', unit.role, 'copy') || data.length > free) {
    return fail(`%Error writing ${dest} (No space left on device)`);
  }

  ctx.stream(`\nWriting file ${dest}...\n`);
  let stored = data;
  if (pair.faults.take('corrupt-transfer', unit.role, 'copy')) {
    stored = Buffer.from(data);
    for (let i = 0; i < stored.length; i += Math.max(1, Math.floor(stored.length / 7))) stored[i] ^= 0x5a;
  }
  // As on a real unit the destination exists from the first write and grows chunk by chunk, so `dir` during
  // the copy shows how far it got; a copy cut short (reload) leaves the partial file behind.
  const mtime = new Date();
  unit.flash.set(destName, { data: stored.subarray(0, 0), mtime });
  // The throttle models flash write speed: the whole copy takes at least size / copyBytesPerSecond.
  const rate = settings.copyBytesPerSecond;
  const chunks = Math.max(1, Math.ceil(stored.length / WRITE_MARK_BYTES));
  const stallAt = pair.faults.take('stalled-copy', unit.role, 'copy') ? Math.floor(chunks / 3) : -1;
  for (let i = 0; i < chunks; i++) {
    if (i === stallAt) {
      // The server stopped sending: no more marks, the file stops growing, and the copy never ends by itself
      // (only a reload of the unit ends it).
      pair.history.record({ unit: unit.role, kind: 'fault', detail: `copy stalled at ${i * WRITE_MARK_BYTES} bytes` });
      await new Promise<void>((resolve) => unit.abort.signal.addEventListener('abort', () => resolve(), { once: true }));
    }
    const end = Math.min((i + 1) * WRITE_MARK_BYTES, stored.length);
    if (rate) {
      const dueMs = (end / rate) * 1000;
      const wait = started + dueMs - Date.now();
      if (wait > 0) await sleep(wait);
    } else if (i % 64 === 63) {
      await new Promise((r) => setImmediate(r));
    }
    if (unit.epoch !== epoch) return fail(`%Error writing ${dest} (Input/output error)`);
    unit.flash.set(destName, { data: stored.subarray(0, end), mtime });
    ctx.stream('!');
  }
  if (pair.faults.take('signature-invalid', unit.role, 'copy')) {
    // The unit checks the image's signature once it is written, and the file stays on flash. The error line is
    // what units print ("%ERROR: Signature not valid for file ..."); the lines before it follow the successful
    // check of a .SPA image (variants fixture copy.tftp.spa-signature.raw). No public capture of the failure
    // shows its exact surroundings (unsure).
    unit.badSignatures.add(destName);
    const computed = createHash('sha512').update(stored).digest('hex');
    const embedded = createHash('sha512').update(`${destName} as signed`).digest('hex');
    return fail(
      [
        `Verifying file integrity of ${dest}`,
        `Computed Hash   SHA2: ${computed.slice(0, 64)}`,
        `                      ${computed.slice(64)}`,
        `Embedded Hash   SHA2: ${embedded.slice(0, 64)}`,
        `                      ${embedded.slice(64)}`,
        '',
        `%ERROR: Signature not valid for file ${dest}`,
      ].join('\n'),
    );
  }
  unit.badSignatures.delete(destName);
  const secs = Math.max(0.001, (Date.now() - started) / 1000);
  pair.history.record({ unit: unit.role, kind: 'copy-end', detail: `${source} -> ${dest}`, bytes: stored.length });
  return `\n${stored.length} bytes copied in ${secs.toFixed(3)} secs (${Math.floor(stored.length / secs)} bytes/sec)`;
}
