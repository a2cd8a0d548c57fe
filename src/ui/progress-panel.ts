// One webview panel per upgrade: timeline of phases, both units side by side, copy progress, the last log
// lines and Cancel. Strict CSP with a nonce, resources only from media/, and a serializer so the panel comes
// back after a window reload (showing where the run was when the window went away).

import * as vscode from 'vscode';
import type { ProgressState } from './progress-state';
import { webviewPage } from './webview-html';

export const PROGRESS_VIEW_TYPE = 'asaUpgrade.progress';

export type FromWebview = { type: 'cancel' } | { type: 'showLog' } | { type: 'resume' } | { type: 'ready' };

export interface PanelActions {
  cancel(pairName: string): void;
  isRunning(pairName: string): boolean;
  /** The live state for the pair, if this window knows one. */
  stateOf(pairName: string): ProgressState | undefined;
}

export class ProgressPanels implements vscode.WebviewPanelSerializer<{ state?: ProgressState }>, vscode.Disposable {
  private readonly panels = new Map<string, vscode.WebviewPanel>();
  private readonly states = new Map<string, ProgressState>();
  private readonly pending = new Map<string, NodeJS.Timeout>();
  /** Every message posted to a webview, kept only when the test API asked for it (the secrets test). */
  posted: unknown[] | undefined;
  actions?: PanelActions;

  constructor(private readonly extensionUri: vscode.Uri) {}

  private get mediaUri(): vscode.Uri {
    return vscode.Uri.joinPath(this.extensionUri, 'media');
  }

  /** Shows (creating if needed) the panel of a pair's upgrade. */
  show(state: ProgressState, preserveFocus = false): void {
    this.states.set(state.pairName, state);
    const existing = this.panels.get(state.pairName);
    if (existing) {
      existing.reveal(undefined, preserveFocus);
      this.post(state.pairName, true);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      PROGRESS_VIEW_TYPE,
      this.title(state),
      { viewColumn: vscode.ViewColumn.Active, preserveFocus },
      { enableScripts: true, localResourceRoots: [this.mediaUri], retainContextWhenHidden: false },
    );
    this.adopt(panel, state);
  }

  has(pairName: string): boolean {
    return this.panels.has(pairName);
  }

  /** Sends the latest state; bursts are coalesced to one post per 150 ms (copy progress arrives about every second). */
  update(state: ProgressState): void {
    this.states.set(state.pairName, state);
    if (!this.panels.has(state.pairName) || this.pending.has(state.pairName)) return;
    this.pending.set(
      state.pairName,
      setTimeout(() => {
        this.pending.delete(state.pairName);
        this.post(state.pairName, false);
      }, 150),
    );
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, saved: { state?: ProgressState } | undefined): Promise<void> {
    const previous = saved?.state;
    const pairName = previous?.pairName ?? 'unknown pair';
    const live = this.actions?.stateOf(pairName);
    let state: ProgressState;
    if (live) state = live;
    else if (previous) {
      state = { ...previous };
      if (state.running) {
        state.running = false;
        state.interrupted = true;
      }
    } else {
      state = { pairName, headline: 'Upgrade', mode: 'upgrade', startedAt: Date.now(), running: false, phases: [], units: [], copies: [], log: [] };
    }
    panel.webview.options = { enableScripts: true, localResourceRoots: [this.mediaUri] };
    this.adopt(panel, state);
  }

  private adopt(panel: vscode.WebviewPanel, state: ProgressState): void {
    const name = state.pairName;
    const old = this.panels.get(name);
    if (old && old !== panel) old.dispose();
    this.panels.set(name, panel);
    this.states.set(name, state);
    panel.title = this.title(state);
    panel.iconPath = vscode.Uri.joinPath(this.mediaUri, 'asa-upgrade.svg');
    panel.webview.html = this.html(panel.webview);
    panel.webview.onDidReceiveMessage((m: FromWebview) => this.receive(name, m));
    panel.onDidDispose(() => {
      if (this.panels.get(name) === panel) this.panels.delete(name);
    });
  }

  /** A message from a panel's buttons (also what the test API sends, as a click would). */
  receive(name: string, m: FromWebview): void {
    switch (m?.type) {
      case 'ready':
        this.post(name, true);
        break;
      case 'cancel':
        this.actions?.cancel(name);
        break;
      case 'showLog':
        void vscode.commands.executeCommand('asaUpgrade.showLog');
        break;
      case 'resume':
        void vscode.commands.executeCommand('asaUpgrade.resumeUpgrade', name);
        break;
      default:
        break;
    }
  }

  private title(state: ProgressState): string {
    return `Upgrade: ${state.pairName}`;
  }

  private post(pairName: string, full: boolean): void {
    const panel = this.panels.get(pairName);
    const state = this.states.get(pairName);
    if (!panel || !state) return;
    panel.title = this.title(state);
    const message = { type: 'state', full, state };
    // Recorded as posted (a deep copy), so the secrets test sees exactly what left the extension host.
    if (this.posted) {
      this.posted.push(JSON.parse(JSON.stringify(message)));
      if (this.posted.length > 5000) this.posted.splice(0, this.posted.length - 5000);
    }
    void panel.webview.postMessage(message);
  }

  private html(webview: vscode.Webview): string {
    return webviewPage(webview, this.mediaUri, {
      title: 'ASA upgrade progress',
      styles: ['progress.css'],
      scripts: ['panel-common.js', 'progress.js'],
      body: `
<main id="app" aria-busy="true">
  <header>
    <h1 id="title">ASA upgrade</h1>
    <p id="headline" class="headline"></p>
    <div class="actions">
      <button id="cancel" type="button" hidden>Cancel upgrade</button>
      <button id="resume" type="button" class="secondary" hidden>Resume upgrade</button>
      <button id="showLog" type="button" class="secondary">Show log</button>
    </div>
  </header>
  <section id="outcome" class="outcome" role="status" hidden></section>
  <section aria-labelledby="phases-h">
    <h2 id="phases-h">Phases</h2>
    <ol id="phases" class="timeline"></ol>
  </section>
  <section aria-labelledby="units-h">
    <h2 id="units-h">Units</h2>
    <div id="units" class="units"></div>
  </section>
  <section aria-labelledby="copies-h" id="copies-section" hidden>
    <h2 id="copies-h">Copies</h2>
    <div id="copies"></div>
  </section>
  <section aria-labelledby="log-h">
    <h2 id="log-h">Last log lines</h2>
    <pre id="log" class="log" tabindex="0" aria-label="Last log lines"></pre>
  </section>
  <div id="announce" class="sr-only" aria-live="polite" aria-atomic="true"></div>
</main>`,
    });
  }

  dispose(): void {
    for (const t of this.pending.values()) clearTimeout(t);
    for (const p of this.panels.values()) p.dispose();
    this.panels.clear();
  }
}
