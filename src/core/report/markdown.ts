// The report as Markdown: what a change record in a ticket or a wiki holds. Command answers go in fenced
// blocks, so nothing a device printed is read as Markdown.

import type { PairReport, UpgradeReport } from './model';

const OUTCOME_TITLE: Record<PairReport['outcome'], string> = {
  upgraded: 'Upgraded',
  'upgraded-with-regressions': 'Upgraded with regressions',
  downloaded: 'Images staged (download only)',
  refused: 'Refused (nothing changed)',
  failed: 'Failed',
  cancelled: 'Cancelled',
  'not-started': 'Not started',
  'already-done': 'Nothing to do (already done)',
};

export function outcomeTitle(o: PairReport['outcome']): string {
  return OUTCOME_TITLE[o];
}

/** A table cell: no line breaks, no unescaped pipes. */
function cell(text: string | number | undefined): string {
  return String(text ?? '').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function fence(text: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((s) => s.length));
  const f = '`'.repeat(longest + 1);
  return `${f}text\n${text.replace(/\s+$/, '')}\n${f}`;
}

function pairSection(p: PairReport): string[] {
  const lines = [`## ${p.name}: ${OUTCOME_TITLE[p.outcome]}`, '', p.message, ''];
  lines.push('| | |', '|---|---|');
  lines.push(`| Active address | ${cell(p.active)} |`);
  if (p.standby) lines.push(`| Standby address | ${cell(p.standby)} |`);
  lines.push(`| Route | ${cell(p.route.join(' -> '))} |`);
  if (p.fromVersion) lines.push(`| ASA version | ${cell(p.fromVersion)} -> ${cell(p.toVersion)} |`);
  if (p.toAsdmVersion) lines.push(`| ASDM version | ${cell(p.fromAsdmVersion ?? 'none')} -> ${cell(p.toAsdmVersion)} |`);
  if (p.startedAt) lines.push(`| Started / ended | ${cell(p.startedAt)} / ${cell(p.endedAt)} |`);
  if (p.nextSafeAction) lines.push(`| Next safe action | ${cell(p.nextSafeAction)} |`);
  lines.push('');
  if (p.images.length) {
    lines.push('### Images', '', '| Kind | File | Source | Bytes | MD5 | SHA-512 | Published SHA-512 |', '|---|---|---|---|---|---|---|');
    for (const i of p.images) lines.push(`| ${i.kind} | ${cell(i.file)} | ${cell(i.source)} | ${cell(i.bytes)} | ${cell(i.md5)} | ${cell(i.sha512)} | ${cell(i.publishedSha512)} |`);
    lines.push('');
  }
  if (p.checks) {
    lines.push('### Checks before and after', '');
    if (p.checks.regressions.length) lines.push('**Regressions:**', '', ...p.checks.regressions.map((r) => `- ${r}`), '');
    else if (p.checks.after) lines.push('No regression found.', '');
    for (const n of p.checks.notes) lines.push(`- ${n}`);
    if (p.checks.differences.length) {
      lines.push('| Item | Before | After | Regression | Note |', '|---|---|---|---|---|');
      for (const d of p.checks.differences) lines.push(`| ${cell(d.item)} | ${cell(d.before)} | ${cell(d.after)} | ${d.regression ? 'yes' : 'no'} | ${cell(d.note)} |`);
      lines.push('');
    }
    const b = p.checks.before?.health;
    if (b) {
      lines.push(`Before: ${b.interfaces.filter((i) => i.status === 'up' && i.protocol === 'up').length} interfaces up, ${b.routes ?? '?'} routes, ${b.connections?.inUse ?? '?'} connections.`);
      const a = p.checks.after?.health;
      if (a) lines.push(`After: ${a.interfaces.filter((i) => i.status === 'up' && i.protocol === 'up').length} interfaces up, ${a.routes ?? '?'} routes, ${a.connections?.inUse ?? '?'} connections.`);
      lines.push('');
    }
  }
  if (p.timeline.length) {
    lines.push('### Timeline', '', '| Time (UTC) | Kind | What | Status | Message |', '|---|---|---|---|---|');
    for (const t of p.timeline) lines.push(`| ${cell(t.at)} | ${t.kind} | ${cell(t.id)} | ${cell(t.status)} | ${cell(t.message)} |`);
    lines.push('');
  }
  if (p.commands.length) {
    lines.push(`### Commands (${p.commands.length})`, '');
    for (const c of p.commands) {
      lines.push(`**${cell(c.at)}** on the ${c.address} address${c.via === 'mate' ? ' (through failover exec mate)' : ''}, ${c.durationMs} ms${c.error ? `, error: ${cell(c.error)}` : ''}`, '', fence(`# ${c.command}\n${c.output}`), '');
    }
  }
  return lines;
}

export function reportMarkdown(r: UpgradeReport): string {
  const lines = [
    `# ASA upgrade report: ${r.outcome}`,
    '',
    `Generated ${r.generatedAt} by ${r.tool.name} ${r.tool.version}; run by ${r.operator.user} on ${r.operator.host}, from ${r.startedAt} to ${r.endedAt}.`,
    '',
  ];
  if (r.rollout) {
    lines.push(`Rollout: ${r.rollout.canary} canary pair(s) first, then ${r.rollout.concurrency} at a time; ${r.rollout.continueOnFailure ? 'continue' : 'stop'} on a failure or regression.${r.rollout.stoppedBecause ? ` Stopped: ${r.rollout.stoppedBecause}` : ''}`, '');
  }
  if (r.pairs.length > 1) {
    lines.push('| Pair | Outcome | From | To |', '|---|---|---|---|');
    for (const p of r.pairs) lines.push(`| ${cell(p.name)} | ${OUTCOME_TITLE[p.outcome]} | ${cell(p.fromVersion)} | ${cell(p.toVersion)} |`);
    lines.push('');
  }
  for (const p of r.pairs) lines.push(...pairSection(p));
  return `${lines.join('\n')}\n`;
}
