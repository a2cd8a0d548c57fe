// What the commands work with, created once by extension.ts.

import type * as vscode from 'vscode';
import type { Redactor } from '../core/redact';
import type { ConnectionPool } from './connections';
import type { FleetRunner } from './fleet-runner';
import type { CredentialStore } from './credentials';
import type { HostKeyStore } from './host-keys';
import type { LabManager } from './lab';
import type { UiLog } from './log';
import type { PairStore } from './pair-store';
import type { ProgressPanels } from './progress-panel';
import type { PrompterSlot } from './prompter';
import type { StatusRefresher } from './status-refresher';
import type { PairTreeProvider } from './tree/pair-tree-provider';
import type { UpgradeController } from './upgrade-controller';

export interface Services {
  context: vscode.ExtensionContext;
  redactor: Redactor;
  log: UiLog;
  pairs: PairStore;
  credentials: CredentialStore;
  hostKeys: HostKeyStore;
  pool: ConnectionPool;
  refresher: StatusRefresher;
  tree: PairTreeProvider;
  panels: ProgressPanels;
  controller: UpgradeController;
  /** "Upgrade Pairs...": several pairs in one run on the fleet engine. */
  fleet: FleetRunner;
  lab: LabManager;
  /** Every modal question and password box goes through it; only the test API replaces it. */
  prompter: PrompterSlot;
}
