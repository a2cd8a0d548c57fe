// The fleet panel's view: a table of the pairs by phase, rendered from the state the extension posts (live),
// kept with setState so the panel shows the last table after it was hidden. Sends Stop / Show log / Open report
// back. No inline script or style (CSP).
// @ts-check
(function () {
  const vscode = acquireVsCodeApi();
  const { $, MARK, el } = /** @type {any} */ (window).asaPanel;
  const announce = /** @type {any} */ (window).asaPanel.announcer('announce');
  const STATUS = {
    waiting: 'waiting',
    running: 'running',
    upgraded: 'upgraded',
    'upgraded-with-regressions': 'upgraded with regressions',
    downloaded: 'images downloaded',
    refused: 'refused',
    failed: 'failed',
    cancelled: 'cancelled',
    'already-done': 'nothing to do',
    'not-started': 'not started',
  };
  let state = (vscode.getState() || {}).state;

  function render() {
    if (!state) return;
    $('app').setAttribute('aria-busy', state.running ? 'true' : 'false');
    $('title').textContent = state.title;
    $('rollout').textContent = state.rollout;
    $('stop').hidden = !state.running;
    $('openReport').hidden = !state.report;

    const outcome = $('outcome');
    if (!state.running) {
      outcome.hidden = false;
      outcome.className = `outcome ${state.stoppedBecause ? 'stopped' : 'finished'}`;
      outcome.textContent = '';
      outcome.appendChild(el('strong', {}, state.stoppedBecause ? 'Fleet stopped' : 'Fleet finished'));
      if (state.stoppedBecause) outcome.appendChild(el('p', {}, `Why: ${state.stoppedBecause}`));
      if (state.summary) outcome.appendChild(el('p', {}, state.summary));
    } else if (state.stoppedBecause) {
      outcome.hidden = false;
      outcome.className = 'outcome stopped';
      outcome.textContent = '';
      outcome.appendChild(el('strong', {}, 'Stopping'));
      outcome.appendChild(el('p', {}, `${state.stoppedBecause}. No new pair starts; running pairs stop at their next safe point.`));
    } else outcome.hidden = true;

    const head = $('head');
    head.textContent = '';
    for (const title of ['Pair', 'Role', 'Versions']) head.appendChild(el('th', { scope: 'col' }, title));
    for (const p of state.phases) head.appendChild(el('th', { scope: 'col', class: 'phase-col', title: p.title }, p.short));
    head.appendChild(el('th', { scope: 'col' }, 'Status'));

    const rows = $('rows');
    rows.textContent = '';
    for (const r of state.rows) {
      const tr = el('tr', { 'data-pair': r.name, class: r.status });
      tr.appendChild(el('th', { scope: 'row' }, r.name));
      tr.appendChild(el('td', {}, r.role || ''));
      tr.appendChild(el('td', {}, r.from || r.to ? `${r.from || '?'} → ${r.to || '?'}` : ''));
      for (const p of state.phases) {
        const s = r.phases[p.id];
        tr.appendChild(el('td', { class: `mark ${s || 'absent'}`, title: s ? `${p.title}: ${s}` : `${p.title}: not in this pair's plan` }, s ? MARK[s] || '?' : ''));
      }
      const now = r.status === 'running' ? `${r.current || 'running'}${r.copyPercent !== undefined ? ` ${r.copyPercent}%` : ''}` : STATUS[r.status] || r.status;
      const status = el('td', { class: `status ${r.status}` }, now);
      if (r.message && r.status !== 'running') status.appendChild(el('div', { class: 'message' }, r.message));
      tr.appendChild(status);
      rows.appendChild(tr);
    }

    const running = state.rows.filter((r) => r.status === 'running').map((r) => `${r.name}: ${r.current || 'running'}`);
    if (!state.running) announce(`${state.stoppedBecause ? 'Fleet stopped' : 'Fleet finished'}: ${state.summary || ''}`);
    else if (running.length) announce(`Running: ${running.join('; ')}`);
  }

  window.addEventListener('message', (event) => {
    const m = event.data;
    if (m && m.type === 'fleet') {
      state = m.state;
      vscode.setState({ state });
      render();
    }
  });
  $('stop').addEventListener('click', () => vscode.postMessage({ type: 'stop' }));
  $('openReport').addEventListener('click', () => vscode.postMessage({ type: 'openReport' }));
  $('showLog').addEventListener('click', () => vscode.postMessage({ type: 'showLog' }));
  render();
  vscode.postMessage({ type: 'ready' });
})();
