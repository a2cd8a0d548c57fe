// The receiving end of an SCP push to a unit (`scp file admin@asa:disk0:/file` runs `scp -t disk0:/file` on
// the unit), accepted only with `ssh scopy enable` in its configuration. The file lands on flash as a copy
// does, growing as it arrives. For a signed `.SPA` image a real ASA writes its signature check into the SCP
// channel before the final acknowledgement; strict SCP clients take that text for an error (netmiko issues
// 1268 and 2284, which show the lines below), so the lab writes it too. How a real unit refuses SCP when
// scopy is off is not in any public capture: the lab refuses the exec request.

import { createHash } from 'node:crypto';
import type { UnitState } from './unit';
import type { PairModel } from './pair';
import { flashFreeBytes } from './outputs';
import type { LabSettings } from './context';
import { flashFileName } from './unit';

/** `scp -t [-v] [-p] [-d] TARGET` as OpenSSH's client sends it; the target's file name, or undefined. */
export function scpSinkTarget(command: string): string | undefined {
  const m = /^scp(?:\s+-[a-zA-Z]+)*\s+-t(?:\s+-[a-zA-Z]+)*\s+(?:--\s+)?(\S+)\s*$/.exec(command.trim());
  return m ? m[1] : undefined;
}

export interface ScpChannel {
  write(data: Buffer | string): void;
  on(event: 'data', listener: (data: Buffer) => void): void;
  on(event: 'end' | 'close', listener: () => void): void;
  exit(status: number): void;
  end(): void;
}

/** The signature check an ASA prints while receiving a signed image (netmiko issue 1268): SHA-512, 4 lines of 32 hex. */
function spaCheckLines(dest: string, data: Buffer): string {
  const hash = createHash('sha512').update(data).digest('hex');
  const wrapped = (label: string): string => [`${label} SHA2: ${hash.slice(0, 32)}`, ...[1, 2, 3].map((i) => `${' '.repeat(22)}${hash.slice(i * 32, i * 32 + 32)}`), ' '.repeat(22)].join('\r\n');
  return [`Verifying file ${dest}...`, wrapped('Computed Hash  '), '', wrapped('Embedded Hash  '), '', 'Digital signature successfully validated', ''].join('\r\n');
}

export function receiveScp(channel: ScpChannel, target: string, unit: UnitState, pair: PairModel, settings: LabSettings): void {
  const name = flashFileName(target);
  let closed = false;
  const close = (status: number): void => {
    if (closed) return;
    closed = true;
    channel.exit(status);
    channel.end();
  };
  const fail = (message: string): void => {
    channel.write(Buffer.concat([Buffer.from([2]), Buffer.from(`scp: ${message}\n`)]));
    close(1);
    pair.history.record({ unit: unit.role, kind: 'copy-end', detail: `scp push: ${message}` });
  };
  if (!name && !/^(disk0|flash):\/?$/i.test(target)) {
    fail(`${target}: Invalid argument`);
    return;
  }
  const epoch = unit.epoch;
  let pending = Buffer.alloc(0);
  let state: 'header' | 'data' | 'done' = 'header';
  let size = 0;
  let received = 0;
  let dest = `disk0:/${name ?? ''}`;
  let chunks: Buffer[] = [];
  const mtime = new Date();
  const onData = (data: Buffer): void => {
    if (state === 'done') return;
    if (unit.epoch !== epoch) {
      state = 'done';
      fail(`${dest}: Input/output error`);
      return;
    }
    pending = Buffer.concat([pending, data]);
    while (pending.length) {
      if (state === 'header') {
        const nl = pending.indexOf(0x0a);
        if (nl < 0) return;
        const line = pending.subarray(0, nl).toString('utf8');
        pending = pending.subarray(nl + 1);
        if (line.startsWith('T')) {
          channel.write(Buffer.from([0]));
          continue;
        }
        const m = /^C[0-7]{4} (\d+) (\S+)$/.exec(line);
        if (!m) {
          state = 'done';
          fail(`protocol error: ${line.slice(0, 40)}`);
          return;
        }
        size = Number(m[1]);
        // `scp file asa:disk0:` names a directory: the pushed file keeps its own name.
        if (/^(disk0|flash):\/?$/i.test(target)) dest = `disk0:/${m[2]}`;
        const free = flashFreeBytes(unit, settings.flashTotalBytes, settings.platform) + (unit.flash.get(dest.slice(7))?.data.length ?? 0);
        if (size > free) {
          state = 'done';
          fail(`${dest}: No space left on device`);
          return;
        }
        pair.history.record({ unit: unit.role, kind: 'copy-start', detail: `scp push -> ${dest}` });
        unit.flash.set(dest.slice(7), { data: Buffer.alloc(0), mtime });
        state = 'data';
        channel.write(Buffer.from([0]));
        continue;
      }
      // data, then the client's one-byte end marker
      const want = size - received;
      if (want > 0) {
        const part = pending.subarray(0, want);
        chunks.push(part);
        received += part.length;
        pending = pending.subarray(part.length);
        unit.flash.set(dest.slice(7), { data: Buffer.concat(chunks), mtime });
        chunks = [unit.flash.get(dest.slice(7))!.data];
        continue;
      }
      pending = pending.subarray(1);
      state = 'done';
      const data = unit.flash.get(dest.slice(7))!.data;
      if (/\.spa$/i.test(dest)) channel.write(spaCheckLines(dest, data));
      pair.history.record({ unit: unit.role, kind: 'copy-end', detail: `scp push -> ${dest}`, bytes: data.length });
      channel.write(Buffer.from([0]));
      return;
    }
  };
  channel.on('data', onData);
  channel.on('end', () => close(state === 'done' ? 0 : 1));
  // The sink speaks first: ready for a file.
  channel.write(Buffer.from([0]));
}
