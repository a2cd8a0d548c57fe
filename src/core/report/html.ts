// The report as one self-contained HTML page: inline style, no script, no external resource of any kind,
// so it opens offline, attaches to a ticket and shows in a webview under a strict content security policy.

import { outcomeTitle } from './markdown';
import type { PairReport, UpgradeReport } from './model';

export function escapeHtml(text: string | number | undefined): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em;line-height:1.4;color:#1b1b1b;background:#fff}
h1{font-size:1.5em}h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ccc}h3{font-size:1.05em}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f2f2f2}pre{background:#f6f6f6;padding:.5em;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
.upgraded{color:#116611}.upgraded-with-regressions,.failed{color:#a00}.refused,.cancelled,.not-started{color:#8a5a00}.already-done{color:#555}
.regression{background:#fde8e8}details{margin:.25em 0}summary{cursor:pointer}
@media (prefers-color-scheme:dark){body{background:#1e1e1e;color:#ddd}th{background:#333}pre{background:#2a2a2a}td,th{border-color:#555}.regression{background:#4a1f1f}}
`;

function row(label: string, value: string | undefined): string {
  return value === undefined ? '' : `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`;
}

function pairSection(p: PairReport, index: number): string {
  const parts: string[] = [`<section id="pair-${index}"><h2>${escapeHtml(p.name)}: <span class="${p.outcome}">${escapeHtml(outcomeTitle(p.outcome))}</span></h2>`, `<p>${escapeHtml(p.message)}</p>`];
  parts.push(
    '<table>',
    row('Active address', p.active),
    row('Standby address', p.standby),
    row('Route', p.route.join(' → ')),
    row('ASA version', p.fromVersion ? `${p.fromVersion} → ${p.toVersion}` : undefined),
    row('ASDM version', p.toAsdmVersion ? `${p.fromAsdmVersion ?? 'none'} → ${p.toAsdmVersion}` : undefined),
    row('Started', p.startedAt),
    row('Ended', p.endedAt),
    row('Next safe action', p.nextSafeAction),
    '</table>',
  );
  if (p.images.length) {
    parts.push('<h3>Images</h3><table><tr><th>Kind</th><th>File</th><th>Source</th><th>Bytes</th><th>MD5</th><th>SHA-512</th><th>Published SHA-512</th></tr>');
    for (const i of p.images) parts.push(`<tr><td>${i.kind}</td><td>${escapeHtml(i.file)}</td><td>${escapeHtml(i.source)}</td><td>${escapeHtml(i.bytes)}</td><td>${escapeHtml(i.md5)}</td><td>${escapeHtml(i.sha512)}</td><td>${escapeHtml(i.publishedSha512)}</td></tr>`);
    parts.push('</table>');
  }
  if (p.checks) {
    parts.push('<h3>Checks before and after</h3>');
    if (p.checks.regressions.length) parts.push(`<p><strong>Regressions:</strong></p><ul>${p.checks.regressions.map((r) => `<li class="regression">${escapeHtml(r)}</li>`).join('')}</ul>`);
    else if (p.checks.after) parts.push('<p>No regression found.</p>');
    if (p.checks.notes.length) parts.push(`<ul>${p.checks.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`);
    if (p.checks.differences.length) {
      parts.push('<table><tr><th>Item</th><th>Before</th><th>After</th><th>Regression</th><th>Note</th></tr>');
      for (const d of p.checks.differences) {
        parts.push(`<tr${d.regression ? ' class="regression"' : ''}><td>${escapeHtml(d.item)}</td><td>${escapeHtml(d.before)}</td><td>${escapeHtml(d.after)}</td><td>${d.regression ? 'yes' : 'no'}</td><td>${escapeHtml(d.note)}</td></tr>`);
      }
      parts.push('</table>');
    }
    for (const [label, c] of [['Before', p.checks.before], ['After', p.checks.after]] as const) {
      if (!c?.health) continue;
      parts.push(`<details><summary>${label}: interfaces (${c.health.interfaces.length}), ${c.health.routes ?? '?'} routes, ${c.health.connections?.inUse ?? '?'} connections</summary><table><tr><th>Interface</th><th>IP address</th><th>Status</th><th>Protocol</th></tr>`);
      for (const i of c.health.interfaces) parts.push(`<tr><td>${escapeHtml(i.name)}</td><td>${escapeHtml(i.ip)}</td><td>${escapeHtml(i.status)}</td><td>${escapeHtml(i.protocol)}</td></tr>`);
      parts.push('</table></details>');
    }
  }
  if (p.timeline.length) {
    parts.push('<h3>Timeline</h3><table><tr><th>Time (UTC)</th><th>Kind</th><th>What</th><th>Status</th><th>Message</th></tr>');
    for (const t of p.timeline) parts.push(`<tr><td>${escapeHtml(t.at)}</td><td>${t.kind}</td><td>${escapeHtml(t.id)}</td><td>${escapeHtml(t.status)}</td><td>${escapeHtml(t.message)}</td></tr>`);
    parts.push('</table>');
  }
  if (p.commands.length) {
    parts.push(`<h3>Commands (${p.commands.length})</h3>`);
    for (const c of p.commands) {
      parts.push(
        `<details><summary>${escapeHtml(c.at)} · ${escapeHtml(c.command)} · ${c.address}${c.via === 'mate' ? ' via mate' : ''} · ${c.durationMs} ms${c.error ? ` · error: ${escapeHtml(c.error)}` : ''}</summary><pre>${escapeHtml(c.output)}</pre></details>`,
      );
    }
  }
  parts.push('</section>');
  return parts.join('\n');
}

export function reportHtml(r: UpgradeReport): string {
  const summary =
    r.pairs.length > 1
      ? `<table><tr><th>Pair</th><th>Outcome</th><th>From</th><th>To</th></tr>${r.pairs
          .map((p, i) => `<tr><td><a href="#pair-${i}">${escapeHtml(p.name)}</a></td><td class="${p.outcome}">${escapeHtml(outcomeTitle(p.outcome))}</td><td>${escapeHtml(p.fromVersion)}</td><td>${escapeHtml(p.toVersion)}</td></tr>`)
          .join('')}</table>`
      : '';
  const rollout = r.rollout
    ? `<p>Rollout: ${r.rollout.canary} canary pair(s) first, then ${r.rollout.concurrency} at a time; ${r.rollout.continueOnFailure ? 'continue' : 'stop'} on a failure or regression.${r.rollout.stoppedBecause ? ` Stopped: ${escapeHtml(r.rollout.stoppedBecause)}` : ''}</p>`
    : '';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ASA upgrade report: ${escapeHtml(r.outcome)}</title>
<style>${STYLE}</style></head>
<body>
<h1>ASA upgrade report: ${escapeHtml(r.outcome)}</h1>
<p>Generated ${escapeHtml(r.generatedAt)} by ${escapeHtml(r.tool.name)} ${escapeHtml(r.tool.version)}; run by ${escapeHtml(r.operator.user)} on ${escapeHtml(r.operator.host)}, from ${escapeHtml(r.startedAt)} to ${escapeHtml(r.endedAt)}.</p>
${rollout}
${summary}
${r.pairs.map(pairSection).join('\n')}
</body></html>
`;
}
