// "Open Lab": simulated failover pairs (asaUpgrade.lab.pairs, default one) and their image server inside the
// extension host, shown in the tree as lab pairs. Everything about them lives in memory (their credentials,
// shared by every lab pair as in a fleet; their trusted host keys) and ends with the window (or when a lab pair
// is removed, which stops the lab).

import * as vscode from 'vscode';
import type { Redactor } from '../core/redact';
import type { CredentialStore } from './credentials';
import { loadEngine, type Engine } from './engine-loader';
import type { HostKeyStore } from './host-keys';
import type { UiLog } from './log';
import type { PairStore } from './pair-store';
import { readSettings } from './pairs-config';
import type { StaticRepository } from './pickers/repositories';

type LabPair = Awaited<ReturnType<Engine['startLab']>>;
type LabImages = Awaited<ReturnType<Engine['startLabImageServer']>>;

/** Credentials the test API may plant in the lab (so a test knows exactly which secrets to look for). */
export interface LabCredentials {
  password?: string;
  enablePassword?: string;
}

interface RunningLab {
  name: string;
  lab: LabPair;
  /** One image server serves every lab pair. */
  images: LabImages;
}

export const LAB_PAIR_NAME = 'Lab pair';

/** `Lab pair`, `Lab pair 2`, ... */
function labPairName(index: number): string {
  return index === 0 ? LAB_PAIR_NAME : `${LAB_PAIR_NAME} ${index + 1}`;
}

export class LabManager implements vscode.Disposable {
  private readonly labs = new Map<string, RunningLab>();
  private starting?: Promise<string>;
  /** Called when a lab stops: its unfinished jobs died with it (set by the composition root). */
  onStopped: (pairName: string) => void = () => undefined;

  constructor(
    private readonly pairs: PairStore,
    private readonly credentials: CredentialStore,
    private readonly hostKeys: HostKeyStore,
    private readonly redactor: Redactor,
    private readonly log: UiLog,
  ) {}

  /** The first lab pair (the one a single-pair rehearsal uses). */
  private get running(): RunningLab | undefined {
    return this.labs.values().next().value;
  }

  private lab(pairName: string): RunningLab | undefined {
    return this.labs.get(pairName);
  }

  get pairName(): string | undefined {
    return this.running?.name;
  }

  /** Every running lab pair, in order. */
  get pairNames(): string[] {
    return [...this.labs.keys()];
  }

  /**
   * Starts the lab (once; more pairs when asaUpgrade.lab.pairs asks for more than run) and returns the first
   * lab pair's name. `planted` (test API only) gives the lab these credentials instead of random ones; a running
   * lab with other credentials is replaced by a fresh one.
   */
  async open(planted?: LabCredentials): Promise<string> {
    if (planted && this.running && !this.hasCredentials(this.running, planted)) {
      await this.starting?.catch(() => undefined);
      await this.stop();
    }
    await this.starting?.catch(() => undefined);
    const wanted = readSettings().labPairs;
    if (this.running && this.labs.size >= wanted) return this.running.name;
    this.starting ??= this.start(planted, wanted).finally(() => (this.starting = undefined));
    return this.starting;
  }

  private hasCredentials(running: RunningLab, planted: LabCredentials): boolean {
    const c = running.lab.credentials;
    return (planted.password === undefined || planted.password === c.password) && (planted.enablePassword === undefined || planted.enablePassword === c.enablePassword);
  }

  /** The lab's own record of what reached its units (test API: assertions from the device's side). */
  history(pairName: string): LabPair['history'] | undefined {
    return this.lab(pairName)?.lab.history;
  }

  /** The lab's fault book (test API: wrong credentials, unreachable units, changed host keys). */
  faults(pairName: string): LabPair['faults'] | undefined {
    return this.lab(pairName)?.lab.faults;
  }

  /** Test API: one of the lab's secrets. */
  secret(pairName: string, which: 'password' | 'enablePassword'): string | undefined {
    return this.lab(pairName)?.lab.credentials[which];
  }

  /** Test API: the lab presents a new host key from the next connection on (a changed host key). */
  rotateHostKey(pairName: string): boolean {
    const r = this.lab(pairName);
    if (!r) return false;
    r.lab.rotateHostKey();
    return true;
  }

  /** The lab's endpoints and host key (test API: a second, configured pair pointing at the lab). */
  endpoints(pairName: string): { active: string; standby: string; username: string; fingerprint: string } | undefined {
    const r = this.lab(pairName);
    if (!r) return undefined;
    return {
      active: `${r.lab.activeEndpoint.host}:${r.lab.activeEndpoint.port}`,
      standby: `${r.lab.standbyEndpoint.host}:${r.lab.standbyEndpoint.port}`,
      username: r.lab.credentials.username,
      fingerprint: r.lab.hostKeyFingerprint,
    };
  }

  private async start(planted: LabCredentials | undefined, wanted: number): Promise<string> {
    const engine = await loadEngine();
    const settings = readSettings();
    let images = this.running?.images;
    if (!images) images = await engine.startLabImageServer();
    // Every lab pair logs in with the same user and passwords, as a fleet usually does (and `lab --pairs N`).
    const shared = this.running?.lab.credentials ?? planted;
    try {
      for (let i = this.labs.size; i < wanted || this.labs.size === 0; i = this.labs.size) {
        const lab = await engine.startLab({
          reloadSeconds: settings.labReloadSeconds,
          // Slow enough that a rehearsal shows a copy moving (a real ASA copies at a few MB/s at best).
          copyBytesPerSecond: settings.labCopyBytesPerSecond,
          password: shared?.password,
          enablePassword: shared?.enablePassword,
          ...(wanted > 1 ? { hostname: `asa-lab${i + 1}` } : {}),
        });
        this.adopt(labPairName(i), lab, images);
      }
    } catch (e) {
      if (!this.labs.size) await images.server.stop();
      throw e;
    }
    void vscode.commands.executeCommand('setContext', 'asaUpgrade.labRunning', true);
    return this.running!.name;
  }

  private adopt(name: string, lab: LabPair, images: LabImages): void {
    this.redactor.add(lab.credentials.password);
    this.redactor.add(lab.credentials.enablePassword);
    const secrets = { password: lab.credentials.password, enablePassword: lab.credentials.enablePassword };
    this.credentials.setSession(name, { ...secrets });
    // After a refusal (fault wrong-credentials) the lab's credentials are dropped like any others; "Sign in"
    // gives them back instead of asking for a password nobody knows.
    this.credentials.setSource(name, () => ({ ...secrets }));
    for (const ep of [lab.activeEndpoint, lab.standbyEndpoint]) this.hostKeys.trustInMemory(ep.host, ep.port, lab.hostKeyFingerprint);
    this.labs.set(name, { name, lab, images });
    this.pairs.addLab({
      name,
      active: `${lab.activeEndpoint.host}:${lab.activeEndpoint.port}`,
      standby: `${lab.standbyEndpoint.host}:${lab.standbyEndpoint.port}`,
      username: lab.credentials.username,
      authentication: 'password',
      algorithms: 'default',
      lab: true,
    });
    this.log.info(
      `Lab started: ${name}, active ${lab.activeEndpoint.host}:${lab.activeEndpoint.port}, standby :${lab.standbyEndpoint.port}, images on ${new URL(images.asaUrl).host} (host key ${lab.hostKeyFingerprint}).`,
    );
  }

  /**
   * The lab's image server as a repository for the image pick of the lab pair only: a real ASA would fetch
   * from its own 127.0.0.1.
   */
  repositories(pairName: string): StaticRepository[] {
    const r = this.lab(pairName);
    if (!r) return [];
    const { images } = r;
    const file = (url: string): string => decodeURIComponent(new URL(url).pathname.split('/').pop() ?? url);
    return [
      {
        label: `Lab image server (${new URL(images.asaUrl).host})`,
        files: [
          { fileName: file(images.asaUrl), url: images.asaUrl },
          { fileName: file(images.asdmUrl), url: images.asdmUrl },
        ],
      },
    ];
  }

  imageUrls(pairName: string): { asa: string; asdm: string } | undefined {
    const r = this.lab(pairName);
    return r ? { asa: r.images.asaUrl, asdm: r.images.asdmUrl } : undefined;
  }

  isLab(pairName: string): boolean {
    return this.labs.has(pairName);
  }

  /** Stops every lab pair and the image server. */
  async stop(): Promise<void> {
    const running = [...this.labs.values()];
    if (!running.length) return;
    this.labs.clear();
    for (const r of running) {
      this.pairs.removeLab(r.name);
      for (const ep of [r.lab.activeEndpoint, r.lab.standbyEndpoint]) this.hostKeys.forgetInMemory(ep.host, ep.port);
      await this.credentials.forget(r.name);
    }
    void vscode.commands.executeCommand('setContext', 'asaUpgrade.labRunning', false);
    await Promise.allSettled([...running.map((r) => r.lab.stop()), running[0].images.server.stop()]);
    for (const r of running) this.onStopped(r.name);
    this.log.info('Lab stopped.');
  }

  dispose(): void {
    void this.stop();
  }
}
