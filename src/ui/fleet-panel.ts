// The panel of an "Upgrade Pairs..." run: a table of the pairs by phase, live (one row per pair, a mark per
// phase, the running phase and copy percent, how each pair ended), the fleet's outcome and its change record.
// The same webview rules as the progress panel: strict CSP with a nonce, resources only from media/.

import * as vscode from 'vscode';
import type { FleetTableState } from './fleet-state';
import { webviewPage } from './webview-html';

export const FLEET_VIEW_TYPE = 'asaUpgrade.fleet';

export type FromFleetWebview = { type: 'ready' } | { type: 'stop' } | { type: 'showLog' } | { type: 'openReport' };

export interface FleetPanelActions {
  stop(): void;
}

export class FleetPanel implements vscode.Disposable {
  private panel?: vscode.WebviewPanel;
  private state?: FleetTableState;
  private pending?: NodeJS.Timeout;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly actions: FleetPanelActions,
    /** Where posted messages are kept when the test API asked (the same list as the progress panels'). */
    private readonly posted: () => unknown[] | undefined,
  ) {}

  private get mediaUri(): vscode.Uri {
    return vscode.Uri.joinPath(this.extensionUri, 'media');
  }

  show(state: FleetTableState): void {
    this.state = state;
    if (this.panel) {
      this.panel.reveal(undefined, true);
      this.post();
      return;
    }
    const panel = vscode.window.createWebviewPanel(FLEET_VIEW_TYPE, 'Upgrade Pairs', { viewColumn: vscode.ViewColumn.Active, preserveFocus: true }, {
      enableScripts: true,
      localResourceRoots: [this.mediaUri],
    });
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(this.mediaUri, 'asa-upgrade.svg');
    panel.webview.html = this.html(panel.webview);
    panel.webview.onDidReceiveMessage((m: FromFleetWebview) => this.receive(m));
    panel.onDidDispose(() => {
      if (this.panel === panel) this.panel = undefined;
    });
  }

  /** Posts the latest table; bursts (copy progress of several pairs) are coalesced to one post per 150 ms. */
  update(state: FleetTableState): void {
    this.state = state;
    if (!this.panel || this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.post();
    }, 150);
  }

  receive(m: FromFleetWebview): void {
    switch (m?.type) {
      case 'ready':
        this.post();
        break;
      case 'stop':
        this.actions.stop();
        break;
      case 'showLog':
        void vscode.commands.executeCommand('asaUpgrade.showLog');
        break;
      case 'openReport':
        if (this.state?.report) void vscode.commands.executeCommand('vscode.open', vscode.Uri.file(this.state.report));
        break;
      default:
        break;
    }
  }

  private post(): void {
    if (!this.panel || !this.state) return;
    const message = { type: 'fleet', state: this.state };
    const posted = this.posted();
    if (posted) {
      posted.push(JSON.parse(JSON.stringify(message)));
      if (posted.length > 5000) posted.splice(0, posted.length - 5000);
    }
    void this.panel.webview.postMessage(message);
  }

  private html(webview: vscode.Webview): string {
    return webviewPage(webview, this.mediaUri, {
      title: 'Upgrade Pairs',
      styles: ['progress.css', 'fleet.css'],
      scripts: ['panel-common.js', 'fleet.js'],
      body: `
<main id="app" aria-busy="true">
  <header>
    <h1 id="title">Upgrade Pairs</h1>
    <p id="rollout" class="headline"></p>
    <div class="actions">
      <button id="stop" type="button" hidden>Stop the fleet</button>
      <button id="openReport" type="button" class="secondary" hidden>Open report</button>
      <button id="showLog" type="button" class="secondary">Show log</button>
    </div>
  </header>
  <section id="outcome" class="outcome" role="status" hidden></section>
  <section aria-labelledby="pairs-h">
    <h2 id="pairs-h">Pairs by phase</h2>
    <table id="pairs" class="fleet">
      <thead><tr id="head"></tr></thead>
      <tbody id="rows"></tbody>
    </table>
  </section>
  <div id="announce" class="sr-only" aria-live="polite" aria-atomic="true"></div>
</main>`,
    });
  }

  dispose(): void {
    if (this.pending) clearTimeout(this.pending);
    this.panel?.dispose();
  }
}
