// Builds one pair's part of the report while the upgrade runs: it listens to the engine's events and to
// every command the connector sends, and is finished with the outcome and the check readings.

import type { CheckedOutcome } from '../checks/with-checks';
import type { UpgradeEvent, UpgradePlan, UpgradeRequest } from '../model';
import type { CommandRecord } from '../ports';
import type { Redactor } from '../redact';
import { redactUrlCredentials } from '../redact';
import type { PairReport, PairReportOutcome, ReportCommand, ReportImage, ReportTimelineEntry } from './model';

const iso = (ms: number): string => new Date(ms).toISOString();
// The hash may wrap over lines on a narrow terminal: read hex digits across line breaks, up to the full length.
const HASH_LINE = /verify \/(md5|sha-512) \([^)]*?([^/)]+)\) =\s*([0-9a-f][0-9a-f\s]*)/i;
const HASH_LENGTH: Record<string, number> = { md5: 32, 'sha-512': 128 };

export interface PairIdentity {
  name: string;
  active: string;
  standby?: string;
  route?: string[];
}

/** The hops from this workstation to the pair: the workstation, jump hosts when any ("via bastion-1"), the addresses. */
export function pairRoute(workstation: string, via: string | undefined, active: string, standby?: string): string[] {
  return [`${workstation} (this workstation)`, ...(via ? [via] : []), `${active} (active)`, ...(standby ? [`${standby} (standby)`] : [])];
}

/** The SHA-512 values Cisco publishes, as the request holds them (a hash of a local file is not a published value). */
export function publishedHashes(request: UpgradeRequest): { asaSha512?: string; asdmSha512?: string } {
  return {
    ...(request.asaSha512 && (request.asaSha512Origin ?? 'published') === 'published' ? { asaSha512: request.asaSha512 } : {}),
    ...(request.asdmSha512 && (request.asdmSha512Origin ?? 'published') === 'published' ? { asdmSha512: request.asdmSha512 } : {}),
  };
}

export class PairReportRecorder {
  private readonly timeline: ReportTimelineEntry[] = [];
  private readonly commands: ReportCommand[] = [];
  private plan?: UpgradePlan;
  private startedAt?: number;
  private readonly sizes = new Map<string, number>();

  constructor(
    private readonly identity: PairIdentity,
    private readonly redactor?: Redactor,
    private readonly published: { asaSha512?: string; asdmSha512?: string } = {},
  ) {}

  private clean(text: string): string {
    return this.redactor ? this.redactor.redact(text) : redactUrlCredentials(text);
  }

  onEvent = (e: UpgradeEvent): void => {
    this.startedAt ??= e.at;
    switch (e.type) {
      case 'plan':
        this.plan = e.plan;
        break;
      case 'phase':
        this.timeline.push({ at: iso(e.at), kind: 'phase', id: e.phase, status: e.status, ...(e.message ? { message: this.clean(e.message) } : {}) });
        break;
      case 'step':
        this.timeline.push({ at: iso(e.at), kind: 'step', id: e.stepId, status: e.status, ...(e.message ? { message: this.clean(e.message) } : {}) });
        break;
      case 'log':
        if (e.level !== 'debug') this.timeline.push({ at: iso(e.at), kind: 'log', id: e.level, status: e.level, message: this.clean(e.message) });
        break;
      case 'copy':
        if (e.totalBytes) this.sizes.set(e.file, e.totalBytes);
        break;
      default:
        break;
    }
  };

  onCommand = (r: CommandRecord): void => {
    this.startedAt ??= r.startedAt;
    this.commands.push({
      at: iso(r.startedAt),
      address: r.address,
      via: r.via,
      command: this.clean(r.command),
      output: this.clean(r.output),
      durationMs: r.durationMs,
      ...(r.error ? { error: this.clean(r.error) } : {}),
    });
  };

  private images(): ReportImage[] {
    const plan = this.plan;
    if (!plan) return [];
    const hashes = new Map<string, { md5?: string; sha512?: string }>();
    for (const c of this.commands) {
      const m = HASH_LINE.exec(c.output);
      if (!m) continue;
      const algorithm = m[1].toLowerCase();
      const hash = m[3].replace(/\s+/g, '').slice(0, HASH_LENGTH[algorithm]).toLowerCase();
      if (hash.length !== HASH_LENGTH[algorithm]) continue;
      const entry = hashes.get(m[2]) ?? {};
      if (algorithm === 'md5') entry.md5 = hash;
      else entry.sha512 = hash;
      hashes.set(m[2], entry);
    }
    const image = (kind: 'asa' | 'asdm', src: UpgradePlan['asaImage'], published?: string): ReportImage => ({
      kind,
      file: src.file,
      source: this.clean(src.kind === 'url' ? src.url : src.path),
      ...(this.sizes.has(src.file) ? { bytes: this.sizes.get(src.file) } : {}),
      ...(hashes.get(src.file) ?? {}),
      ...(published ? { publishedSha512: published.toLowerCase() } : {}),
    });
    return [image('asa', plan.asaImage, this.published.asaSha512), ...(plan.asdmImage ? [image('asdm', plan.asdmImage, this.published.asdmSha512)] : [])];
  }

  /** Sizes known before the run (probed from the image server), used when no copy reported one. */
  knownSize(file: string, bytes: number | undefined): void {
    if (bytes !== undefined && !this.sizes.has(file)) this.sizes.set(file, bytes);
  }

  finish(result: CheckedOutcome | undefined, fallback?: { outcome: PairReportOutcome; message: string }): PairReport {
    const out = result?.outcome;
    const outcome: PairReportOutcome = result ? (result.withRegressions ? 'upgraded-with-regressions' : out!.outcome) : fallback?.outcome ?? 'not-started';
    const message = this.clean(out?.message ?? fallback?.message ?? 'Not started.');
    const checks = result?.checks;
    const plan = this.plan;
    return {
      name: this.identity.name,
      active: this.identity.active,
      ...(this.identity.standby ? { standby: this.identity.standby } : {}),
      route: this.identity.route ?? [`${this.identity.active} (active)`, ...(this.identity.standby ? [`${this.identity.standby} (standby)`] : [])],
      outcome,
      message,
      ...(plan ? { fromVersion: plan.fromVersion, toVersion: plan.toVersion } : {}),
      ...(plan?.fromAsdmVersion ? { fromAsdmVersion: plan.fromAsdmVersion } : {}),
      ...(plan?.toAsdmVersion ? { toAsdmVersion: plan.toAsdmVersion } : {}),
      images: this.images(),
      ...(this.startedAt !== undefined ? { startedAt: iso(this.startedAt), endedAt: iso(Date.now()) } : {}),
      timeline: this.timeline,
      commands: this.commands,
      ...(checks && (checks.before || checks.notes.length)
        ? {
            checks: {
              ...(checks.before ? { before: checks.before } : {}),
              ...(checks.after ? { after: checks.after } : {}),
              differences: checks.comparison?.differences ?? [],
              regressions: checks.comparison?.regressions ?? [],
              notes: checks.notes.map((n) => this.clean(n)),
            },
          }
        : {}),
      ...(out?.pair?.nextSafeAction ? { nextSafeAction: this.clean(out.pair.nextSafeAction) } : {}),
      ...(out?.pair ? { units: out.pair.units.map((u) => ({ role: u.role, state: u.state, version: u.version, isActive: u.isActive })) } : {}),
    };
  }
}
