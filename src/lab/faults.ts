// Faults the lab injects on demand, from code (`lab.faults.inject`) or from the command line (`--fault`).
// A fault with `times` fires that many times and then disappears, so a test can model "fails once, then works".

import { InvalidInputError } from '../core/errors';
import type { UnitRole } from '../core/facts';

export const FAULT_KINDS = [
  'wrong-credentials',
  'slow-answers',
  'drop-session',
  'copy-unreachable',
  'copy-missing-file',
  'flash-full',
  'corrupt-transfer',
  'never-standby-ready',
  'boots-old-version',
  'host-key-changes',
  'refuse-failover',
  'interface-down-after-upgrade',
  // `enable` answers as 9.12+ does with no enable password set (asks to set one).
  'enable-not-set',
  // `copy scp://...` asks about the SCP server's unknown host key (ssh stricthostkeycheck).
  'scp-host-key-question',
  // `copy scp://...` is refused as 9.19+ refuses it without an `ssh <server> <mask> <interface>` entry.
  'scp-not-allowed',
  // A copy stops making progress part-way (no more `!`, the file stops growing) and never ends by itself.
  'stalled-copy',
  'unreachable',
  'refuse-command',
  // A copy ends with "%ERROR: Signature not valid for file ..." and the file stays on flash.
  'signature-invalid',
  // A release that updates ROMMON on its first boot writes disk0:/firmware_update.log and reboots once more.
  'firmware-double-boot',
  // CSCvz54471: after about 10 min in Sync Config the unit goes to Failed and does not rejoin by itself.
  'sync-then-failed',
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultSpec {
  kind: FaultKind;
  /** Only this unit misbehaves; both when absent. */
  unit?: UnitRole;
  /** Command prefix that triggers the fault (drop-session, refuse-command; optional filter for the others that act on commands). */
  command?: string;
  /** slow-answers: delay before each answer (default 1000 ms); sync-then-failed: time in Sync Config before Failed (default half a reload). */
  delayMs?: number;
  /** How many times the fault fires before it is gone; unlimited when absent. */
  times?: number;
}

const KEYS = ['unit', 'command', 'delayMs', 'times'] as const;

/** Parses the `--fault` text form: `kind[:unit][:key=value,...]`, e.g. `drop-session:primary:command=copy`. */
export function parseFaultSpec(text: string): FaultSpec {
  const trimmed = text.trim();
  const first = trimmed.indexOf(':');
  const kindText = first < 0 ? trimmed : trimmed.slice(0, first);
  let rest = first < 0 ? '' : trimmed.slice(first + 1);
  if (!(FAULT_KINDS as readonly string[]).includes(kindText)) {
    throw new InvalidInputError(`Unknown lab fault "${kindText}". Use one of: ${FAULT_KINDS.join(', ')} (form: kind[:unit][:key=value,...]).`);
  }
  const spec: FaultSpec = { kind: kindText as FaultKind };
  const unitMatch = /^(primary|secondary)(?::|$)/.exec(rest);
  if (unitMatch) {
    spec.unit = unitMatch[1] as UnitRole;
    rest = rest.slice(unitMatch[0].length);
  }
  if (rest !== '') {
    for (const pair of rest.split(',')) {
      const eq = pair.indexOf('=');
      const key = eq < 0 ? pair : pair.slice(0, eq);
      const value = eq < 0 ? '' : pair.slice(eq + 1);
      if (!(KEYS as readonly string[]).includes(key) || value === '') {
        throw new InvalidInputError(`Lab fault "${text}": "${pair}" is not one of ${KEYS.map((k) => `${k}=VALUE`).join(', ')}.`);
      }
      if (key === 'unit') {
        if (value !== 'primary' && value !== 'secondary') throw new InvalidInputError(`Lab fault "${text}": unit must be primary or secondary.`);
        spec.unit = value;
      } else if (key === 'command') {
        spec.command = value;
      } else {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 0) throw new InvalidInputError(`Lab fault "${text}": ${key} must be a whole number, not "${value}".`);
        if (key === 'delayMs') spec.delayMs = n;
        else spec.times = n;
      }
    }
  }
  return spec;
}

export function formatFaultSpec(f: FaultSpec): string {
  const opts = [
    f.command !== undefined ? `command=${f.command}` : '',
    f.delayMs !== undefined ? `delayMs=${f.delayMs}` : '',
    f.times !== undefined ? `times=${f.times}` : '',
  ].filter(Boolean);
  return [f.kind, f.unit ?? '', opts.join(',')].filter(Boolean).join(':');
}

/** The faults in force. `take` consumes one firing; `peek` only looks. */
export class FaultBook {
  private faults: { spec: FaultSpec; left: number }[] = [];
  onFire?: (spec: FaultSpec, unit: UnitRole) => void;

  inject(spec: FaultSpec): void {
    this.faults.push({ spec: { ...spec }, left: spec.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.faults = [];
  }

  list(): FaultSpec[] {
    return this.faults.map((f) => ({ ...f.spec }));
  }

  peek(kind: FaultKind, unit: UnitRole, command?: string): FaultSpec | undefined {
    return this.find(kind, unit, command)?.spec;
  }

  take(kind: FaultKind, unit: UnitRole, command?: string): FaultSpec | undefined {
    const entry = this.find(kind, unit, command);
    if (!entry) return undefined;
    entry.left -= 1;
    if (entry.left <= 0) this.faults = this.faults.filter((f) => f !== entry);
    this.onFire?.(entry.spec, unit);
    return entry.spec;
  }

  private find(kind: FaultKind, unit: UnitRole, command?: string) {
    return this.faults.find(
      (f) =>
        f.left > 0 &&
        f.spec.kind === kind &&
        (f.spec.unit === undefined || f.spec.unit === unit) &&
        (f.spec.command === undefined || (command !== undefined && command.trim().toLowerCase().startsWith(f.spec.command.trim().toLowerCase()))),
    );
  }
}
