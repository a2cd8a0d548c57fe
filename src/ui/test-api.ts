// What activate() returns: a small API the extension tests drive (never used by the UI itself).

import * as vscode from 'vscode';
import type { UpgradeOutcome } from '../core/model';
import type { LabHistory } from '../lab/history';
import type { PairSecrets } from './credentials';
import type { LabCredentials } from './lab';
import type { Services } from './services';
import type { PairTreeNode } from './tree/pair-tree-provider';

export interface TreeSnapshotNode {
  label: string;
  description?: string;
  tooltip?: string;
  contextValue?: string;
  children: Array<{ label: string; description?: string; tooltip?: string }>;
}

/** A notification or modal the extension showed while capturing (see startCapture). */
export interface ShownMessage {
  level: 'error' | 'warning' | 'information';
  message: string;
  detail?: string;
  items: string[];
}

export interface AsaUpgradeTestApi {
  /** Opens the lab; with credentials, the lab uses those (a running lab with others is replaced). */
  openLab(credentials?: LabCredentials): Promise<string>;
  pairNames(): string[];
  treeSnapshot(): Promise<TreeSnapshotNode[]>;
  labImageUrls(pairName: string): { asa: string; asdm: string } | undefined;
  /**
   * Makes the pair's next connections use these credentials (memory only, like the lab's): its open sessions are
   * closed so the next refresh logs in again. For failures such as a wrong enable password.
   */
  useCredentials(pairName: string, credentials: PairSecrets): Promise<void>;
  /** The lab's own record of what reached its units, for assertions from the device's side. */
  labHistory(pairName: string): LabHistory | undefined;
  lastOutcome(): UpgradeOutcome | undefined;
  whenUpgradeDone(): Promise<UpgradeOutcome>;
  webviewMessages(): unknown[];
  /** The extension's global storage folder (journals live under it). */
  globalStoragePath(): string;
  /** Every key of the extension's globalState with its value. */
  globalState(): Record<string, unknown>;
  /**
   * From now on, records every line given to the "ASA Upgrade" output channel (at any level, as given to it:
   * after redaction) and every notification/modal the extension shows. Idempotent.
   */
  startCapture(): { outputChannel: boolean; messages: boolean };
  capturedOutput(): string[];
  shownMessages(): ShownMessage[];
}

function text(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return undefined;
  return (v as { label?: string }).label;
}

function tooltipText(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  return (v as { value?: string }).value;
}

const CAPTURE_LIMIT = 50_000;

function push<T>(into: T[], value: T): void {
  into.push(value);
  if (into.length > CAPTURE_LIMIT) into.splice(0, into.length - CAPTURE_LIMIT);
}

function itemTitle(item: unknown): string {
  if (typeof item === 'string') return item;
  return (item as { title?: string })?.title ?? '';
}

export function createTestApi(s: Services): AsaUpgradeTestApi {
  const output: string[] = [];
  const shown: ShownMessage[] = [];
  let capture: { outputChannel: boolean; messages: boolean } | undefined;

  const tapOutputChannel = (): boolean => {
    const log = s.log as unknown as { channel: vscode.LogOutputChannel };
    const channel = log.channel;
    const levels = new Set(['trace', 'debug', 'info', 'warn', 'error', 'append', 'appendLine', 'replace']);
    try {
      log.channel = new Proxy(channel, {
        get(target, prop, receiver) {
          const value = Reflect.get(target, prop, receiver) as unknown;
          if (typeof prop !== 'string' || typeof value !== 'function') return value;
          const fn = value as (...a: unknown[]) => unknown;
          if (!levels.has(prop)) return fn.bind(target);
          return (...args: unknown[]) => {
            push(output, args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack ?? ''}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
            return fn.apply(target, args);
          };
        },
      });
      return log.channel !== channel;
    } catch {
      return false;
    }
  };

  const tapMessages = (): boolean => {
    const window = vscode.window as unknown as Record<string, unknown>;
    const names = { showErrorMessage: 'error', showWarningMessage: 'warning', showInformationMessage: 'information' } as const;
    let all = true;
    for (const [name, level] of Object.entries(names)) {
      const original = window[name] as (...a: unknown[]) => unknown;
      const wrapper = (message: string, ...rest: unknown[]): unknown => {
        const options = rest[0] && typeof rest[0] === 'object' && !('title' in (rest[0] as object)) ? (rest[0] as vscode.MessageOptions) : undefined;
        const items = (options ? rest.slice(1) : rest).map(itemTitle);
        push(shown, { level, message, detail: options?.detail, items });
        return original.call(vscode.window, message, ...rest);
      };
      try {
        window[name] = wrapper;
      } catch {
        /* a frozen API object: reported below */
      }
      if (window[name] !== wrapper) all = false;
    }
    return all;
  };

  return {
    openLab: (credentials) => s.lab.open(credentials),
    pairNames: () => s.pairs.all().map((p) => p.name),
    treeSnapshot: async () => {
      await s.refresher.settle();
      const roots = s.tree.getChildren() as PairTreeNode[];
      return roots.map((node) => ({
        label: text(node.label) ?? '',
        description: text(node.description),
        tooltip: tooltipText(node.tooltip),
        contextValue: node.contextValue,
        children: (s.tree.getChildren(node) as PairTreeNode[]).map((c) => ({
          label: text(c.label) ?? '',
          description: text(c.description),
          tooltip: tooltipText(c.tooltip),
        })),
      }));
    },
    labImageUrls: (pairName) => s.lab.imageUrls(pairName),
    useCredentials: async (pairName, credentials) => {
      s.credentials.setSession(pairName, { ...credentials });
      await s.pool.close(pairName);
    },
    labHistory: (pairName) => s.lab.history(pairName),
    lastOutcome: () => s.controller.lastOutcome,
    whenUpgradeDone: () => s.controller.whenUpgradeDone(),
    webviewMessages: () => [...s.panels.posted],
    globalStoragePath: () => s.context.globalStorageUri.fsPath,
    globalState: () => Object.fromEntries(s.context.globalState.keys().map((k) => [k, s.context.globalState.get(k)])),
    startCapture: () => {
      capture ??= { outputChannel: tapOutputChannel(), messages: tapMessages() };
      return capture;
    },
    capturedOutput: () => [...output],
    shownMessages: () => shown.map((m) => ({ ...m, items: [...m.items] })),
  };
}
