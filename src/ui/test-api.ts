// What activate() returns in test mode only (see extension.ts): a small API the extension tests drive, never
// used by the UI itself. It replaces the UI's questions through the Prompter interface (no command argument
// skips a confirmation), and starts keeping webview messages only when it is created.

import * as vscode from 'vscode';
import type { UpgradeOutcome } from '../core/model';
import type { LabHistory } from '../lab/history';
import type { PairSecrets } from './credentials';
import type { FaultSpec } from '../lab/faults';
import type { FleetTableState } from './fleet-state';
import type { LabCredentials } from './lab';
import type { PickView, Prompter, Question } from './prompter';
import type { ProgressState } from './progress-state';
import type { Services } from './services';
import type { PairTreeNode } from './tree/pair-tree-provider';

export interface TreeSnapshotChild {
  label: string;
  description?: string;
  tooltip?: string;
  contextValue?: string;
  /** `id` or `id color` of the ThemeIcon, e.g. `pass-filled disabledForeground`. */
  icon?: string;
  /** The command a click runs. */
  command?: string;
}

export interface TreeSnapshotNode extends TreeSnapshotChild {
  children: TreeSnapshotChild[];
}

/** How a test answers the extension's questions: the button title (or password), or undefined to dismiss. */
export type Answerer = (q: Question) => string | undefined;

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
  /** Replaces the UI's modals and password boxes: `answer` decides, every question is recorded in order. */
  answerQuestions(answer: Answerer): void;
  /** Every question asked since answerQuestions, in order (passwords never recorded). */
  questions(): Question[];
  /** Injects (or clears, with undefined) lab faults; the pair's open sessions are closed so the next read logs in again. */
  labFault(pairName: string, fault: FaultSpec | undefined): Promise<void>;
  /** One of the lab's secrets, for a test that types it into the password box (as a user of the lab would). */
  labSecret(pairName: string, which: 'password' | 'enablePassword'): string | undefined;
  /** The lab's endpoints, for a configured pair that points at the lab. */
  labEndpoints(pairName: string): { active: string; standby: string; username: string; fingerprint: string } | undefined;
  /** The lab presents a new host key from the next connection on; open sessions are closed. */
  labRotateHostKey(pairName: string): Promise<void>;
  /** Forgets the trusted host keys of the lab's addresses (in memory and stored), so the next connection is a first contact. */
  forgetLabHostKeys(pairName: string): Promise<void>;
  /** How many timer refreshes ran (tests wait for a number of cycles instead of sleeping). */
  refreshCycles(): number;
  /** The extra image sources the image pick offers for a pair (the lab's image server for the lab pair only). */
  imageSources(pairName: string): string[];
  /** Sends what a click on the progress panel's button sends (cancel, resume, showLog). */
  clickPanel(pairName: string, button: 'cancel' | 'resume' | 'showLog'): void;
  /** The progress panel's state of the pair's last upgrade in this window. */
  progressState(pairName: string): ProgressState | undefined;
  /** The fleet panel's table of the current or last "Upgrade Pairs..." run in this window. */
  fleetState(): FleetTableState | undefined;
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

function iconText(v: unknown): string | undefined {
  const icon = v as { id?: string; color?: { id?: string } } | undefined;
  if (!icon || typeof icon.id !== 'string') return undefined;
  return icon.color?.id ? `${icon.id} ${icon.color.id}` : icon.id;
}

function childOf(c: { label?: unknown; description?: unknown; tooltip?: unknown; contextValue?: string; iconPath?: unknown; command?: { command?: string } }): TreeSnapshotChild {
  return {
    label: text(c.label) ?? '',
    description: text(c.description),
    tooltip: tooltipText(c.tooltip),
    contextValue: c.contextValue,
    icon: iconText(c.iconPath),
    command: c.command?.command,
  };
}

function itemTitle(item: unknown): string {
  if (typeof item === 'string') return item;
  return (item as { title?: string })?.title ?? '';
}

export function createTestApi(s: Services): AsaUpgradeTestApi {
  const output: string[] = [];
  const shown: ShownMessage[] = [];
  const asked: Question[] = [];
  s.panels.posted = [];
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
        ...childOf(node),
        children: (s.tree.getChildren(node) as PairTreeNode[]).map(childOf),
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
    webviewMessages: () => [...(s.panels.posted ?? [])],
    globalStoragePath: () => s.context.globalStorageUri.fsPath,
    globalState: () => Object.fromEntries(s.context.globalState.keys().map((k) => [k, s.context.globalState.get(k)])),
    startCapture: () => {
      capture ??= { outputChannel: tapOutputChannel(), messages: tapMessages() };
      return capture;
    },
    capturedOutput: () => [...output],
    shownMessages: () => shown.map((m) => ({ ...m, items: [...m.items] })),
    answerQuestions: (answer) => {
      const record = (q: Question): string | undefined => {
        asked.push({ ...q, buttons: [...q.buttons], ...(q.entries ? { entries: q.entries.map((e) => ({ ...e })) } : {}) });
        return answer(q);
      };
      // A pick is answered by the label of one of its entries (or, where typing is possible, what is typed).
      const pick = (kind: 'image-pick' | 'pick', title: string, entries: PickView[]): string | undefined =>
        record({ kind, message: title, buttons: entries.filter((e) => !e.separator).map((e) => e.label), entries: entries.map((e) => ({ ...e })) });
      const prompter: Prompter = {
        modal: async (kind, message, detail, buttons, dismiss) => {
          const chosen = record({ kind, message, detail, buttons: [...buttons, dismiss] });
          return chosen && chosen !== dismiss && buttons.includes(chosen) ? chosen : undefined;
        },
        secret: async (title, prompt) => record({ kind: 'password', message: prompt, buttons: [title] }),
        imagePick: async (title, entries) => pick('image-pick', title, entries),
        pick: async (title, entries) => pick('pick', title, entries),
        input: async (title, prompt, value) => record({ kind: 'input', message: prompt, detail: value, buttons: [title] }),
        openFile: async (title) => record({ kind: 'open-file', message: title, buttons: [] }),
      };
      s.prompter.current = prompter;
    },
    questions: () => asked.map((q) => ({ ...q, buttons: [...q.buttons] })),
    labFault: async (pairName, fault) => {
      const faults = s.lab.faults(pairName);
      if (!faults) throw new Error(`${pairName} is not the running lab pair`);
      if (fault) faults.inject(fault);
      else faults.clear();
      await s.pool.close(pairName);
    },
    labEndpoints: (pairName) => s.lab.endpoints(pairName),
    labSecret: (pairName, which) => s.lab.secret(pairName, which),
    labRotateHostKey: async (pairName) => {
      if (!s.lab.rotateHostKey(pairName)) throw new Error(`${pairName} is not the running lab pair`);
      await s.pool.close(pairName);
    },
    forgetLabHostKeys: async (pairName) => {
      const lab = s.lab.endpoints(pairName);
      if (!lab) throw new Error(`${pairName} is not the running lab pair`);
      for (const address of [lab.active, lab.standby]) {
        const [host, port] = [address.slice(0, address.lastIndexOf(':')), Number(address.slice(address.lastIndexOf(':') + 1))];
        s.hostKeys.forgetInMemory(host, port);
        await s.hostKeys.forget(host, port);
      }
      await s.pool.closeAll();
    },
    refreshCycles: () => s.refresher.backgroundCycles,
    imageSources: (pairName) => s.lab.repositories(pairName).map((r) => r.label),
    progressState: (pairName) => s.controller.progressState(pairName),
    clickPanel: (pairName, button) => s.panels.receive(pairName, { type: button }),
    fleetState: () => (s.fleet.state ? (JSON.parse(JSON.stringify(s.fleet.state)) as FleetTableState) : undefined),
  };
}
