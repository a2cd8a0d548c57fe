// Assembles a report and writes report.json, report.md and report.html into a directory (created if missing).

import { checkOutputDirectory, checkOutputFile, ensureDirectory, replaceFileAtomically } from '../safe-files';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { reportHtml } from './html';
import { reportMarkdown, outcomeTitle } from './markdown';
import { REPORT_FORMAT, type PairReport, type UpgradeReport } from './model';

export const TOOL_VERSION = '0.1.0';

function operator(env: NodeJS.ProcessEnv): { user: string; host: string } {
  let user = env.USER || env.USERNAME || '';
  try {
    user ||= userInfo().username;
  } catch {
    user ||= 'unknown';
  }
  return { user, host: hostname() };
}

export function assembleReport(args: {
  kind: 'pair' | 'fleet';
  pairs: PairReport[];
  startedAt: number;
  rollout?: UpgradeReport['rollout'];
  env?: NodeJS.ProcessEnv;
}): UpgradeReport {
  const counts = new Map<string, number>();
  for (const p of args.pairs) counts.set(outcomeTitle(p.outcome), (counts.get(outcomeTitle(p.outcome)) ?? 0) + 1);
  const outcome =
    args.kind === 'pair' && args.pairs.length === 1
      ? `${args.pairs[0].name}: ${outcomeTitle(args.pairs[0].outcome)}`
      : `${args.pairs.length} pairs: ${[...counts].map(([k, n]) => `${n} ${k.toLowerCase()}`).join(', ')}`;
  return {
    format: REPORT_FORMAT,
    kind: args.kind,
    generatedAt: new Date().toISOString(),
    tool: { name: 'asa-upgrade', version: TOOL_VERSION },
    operator: operator(args.env ?? process.env),
    outcome,
    startedAt: new Date(args.startedAt).toISOString(),
    endedAt: new Date().toISOString(),
    ...(args.rollout ? { rollout: args.rollout } : {}),
    pairs: args.pairs,
  };
}

function atomicWrite(path: string, text: string): void {
  replaceFileAtomically(path, text, 'The report file', 0o644);
}

function reportPaths(dir: string): { json: string; markdown: string; html: string } {
  return { json: join(dir, 'report.json'), markdown: join(dir, 'report.md'), html: join(dir, 'report.html') };
}

/** Refuses a report directory that is not one, or report files that are not regular files, before any work. */
export function checkReportDirectory(dir: string): void {
  checkOutputDirectory(dir, 'The report directory');
  for (const path of Object.values(reportPaths(dir))) checkOutputFile(path, 'The report file');
}

/** Writes the three files (never through a device, FIFO or symbolic link); returns their paths. */
export function writeReport(dir: string, report: UpgradeReport): { json: string; markdown: string; html: string } {
  ensureDirectory(dir, 'The report directory');
  const paths = reportPaths(dir);
  atomicWrite(paths.json, `${JSON.stringify(report, null, 2)}\n`);
  atomicWrite(paths.markdown, reportMarkdown(report));
  atomicWrite(paths.html, reportHtml(report));
  return paths;
}
