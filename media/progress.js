// The progress panel's view: renders the state the extension posts, keeps it (setState) so the panel comes
// back after a window reload, and sends Cancel / Resume / Show log back. No inline script or style (CSP).
// @ts-check
(function () {
  const vscode = acquireVsCodeApi();
  const { $, MARK, el } = /** @type {any} */ (window).asaPanel;
  const announce = /** @type {any} */ (window).asaPanel.announcer('announce');
  let state = (vscode.getState() || {}).state;

  function duration(ms) {
    const s = Math.max(0, Math.round(ms / 1000));
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const sec = s % 60;
    if (h) return `${h}h ${String(m).padStart(2, '0')}m`;
    if (m) return `${m}m ${String(sec).padStart(2, '0')}s`;
    return `${sec}s`;
  }

  function bytes(n) {
    if (n === undefined || n === null) return '-';
    const units = ['B', 'KB', 'MB', 'GB'];
    let v = n;
    let i = 0;
    while (v >= 1024 && i < units.length - 1) {
      v /= 1024;
      i++;
    }
    return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
  }

  function render() {
    if (!state) return;
    const now = Date.now();
    $('app').setAttribute('aria-busy', state.running ? 'true' : 'false');
    $('title').textContent = `Upgrade of ${state.pairName}${state.mode === 'download' ? ' (download only)' : ''}`;
    $('headline').textContent = state.headline || '';
    $('cancel').hidden = !state.running;
    $('resume').hidden = !(state.interrupted || (state.resumable && !state.running));

    const outcome = $('outcome');
    if (state.finished || state.interrupted) {
      outcome.hidden = false;
      outcome.className = `outcome ${state.finished ? state.finished.outcome : 'interrupted'}`;
      outcome.textContent = '';
      const total = duration((state.endedAt || now) - state.startedAt);
      if (state.finished) {
        outcome.appendChild(el('strong', {}, `${state.finished.outcome.toUpperCase()} after ${total}`));
        outcome.appendChild(el('p', {}, state.finished.message));
        if (state.finished.nextSafeAction) outcome.appendChild(el('p', {}, `Next safe action: ${state.finished.nextSafeAction}`));
      } else {
        outcome.appendChild(el('strong', {}, 'Interrupted'));
        outcome.appendChild(el('p', {}, 'The window was reloaded while this upgrade ran, which stopped it. Resume continues from where the pair really is.'));
      }
    } else outcome.hidden = true;

    const phases = $('phases');
    phases.textContent = '';
    let runningTitle = '';
    for (const p of state.phases) {
      const li = el('li', { class: `phase ${p.status}` });
      const elapsed = p.startedAt ? duration((p.endedAt || (p.status === 'running' && state.running ? now : p.startedAt)) - p.startedAt) : '';
      li.appendChild(el('span', { class: 'mark', 'aria-hidden': 'true' }, MARK[p.status] || '?'));
      li.appendChild(el('span', { class: 'phase-title' }, p.title));
      li.appendChild(el('span', { class: 'phase-status' }, p.status));
      li.appendChild(el('span', { class: 'elapsed' }, elapsed));
      if (p.message) li.appendChild(el('div', { class: 'phase-message' }, p.message));
      if (p.status === 'running') {
        li.setAttribute('aria-current', 'step');
        runningTitle = p.title;
      }
      phases.appendChild(li);
    }

    const units = $('units');
    units.textContent = '';
    const roles = ['primary', 'secondary'];
    for (const role of roles) {
      const u = state.units.find((x) => x.role === role);
      const card = el('div', { class: `unit ${u && u.isActive ? 'active' : 'standby'}`, role: 'group', 'aria-label': `${role} unit` });
      card.appendChild(el('h3', {}, role.charAt(0).toUpperCase() + role.slice(1)));
      const dl = el('dl');
      const row = (k, v) => {
        dl.appendChild(el('dt', {}, k));
        dl.appendChild(el('dd', {}, v));
      };
      row('Role', u ? (u.isActive ? 'active' : 'standby') : '-');
      row('State', u ? u.state : 'not read yet');
      row('Version', u ? u.version : '-');
      card.appendChild(dl);
      units.appendChild(card);
    }

    const copies = $('copies');
    copies.textContent = '';
    $('copies-section').hidden = state.copies.length === 0;
    for (const c of state.copies) {
      const pct = c.totalBytes ? Math.min(100, Math.floor((100 * c.bytes) / c.totalBytes)) : undefined;
      const row = el('div', { class: 'copy' });
      const speed = c.rate ? ` at ${bytes(c.rate)}/s` : '';
      const left = c.secondsLeft !== undefined && c.bytes < (c.totalBytes || 0) ? `, ${duration(c.secondsLeft * 1000)} left` : '';
      const label = `${c.unit}: ${c.file} ${bytes(c.bytes)}${c.totalBytes ? ` of ${bytes(c.totalBytes)}` : ''}${pct !== undefined ? ` (${pct}%)` : ''}${speed}${left}`;
      row.appendChild(el('div', { class: 'copy-label' }, label));
      const bar = el('progress', { max: 100, 'aria-label': label });
      if (pct !== undefined) bar.setAttribute('value', String(pct));
      row.appendChild(bar);
      copies.appendChild(row);
    }

    $('log').textContent = state.log.map((l) => `${new Date(l.at).toLocaleTimeString()} ${l.level.padEnd(7)} ${l.text}`).join('\n');

    if (state.finished) announce(`Upgrade ${state.finished.outcome}: ${state.finished.message}`);
    else if (runningTitle) announce(`Running: ${runningTitle}`);
  }

  window.addEventListener('message', (event) => {
    const m = event.data;
    if (m && m.type === 'state') {
      state = m.state;
      vscode.setState({ state });
      render();
    }
  });
  $('cancel').addEventListener('click', () => vscode.postMessage({ type: 'cancel' }));
  $('resume').addEventListener('click', () => vscode.postMessage({ type: 'resume' }));
  $('showLog').addEventListener('click', () => vscode.postMessage({ type: 'showLog' }));
  // Elapsed times tick while a phase runs.
  setInterval(() => {
    if (state && state.running) render();
  }, 1000);
  render();
  vscode.postMessage({ type: 'ready' });
})();
