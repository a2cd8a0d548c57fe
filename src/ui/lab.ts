// "Open Lab": a simulated failover pair and its image server inside the extension host, shown in the tree as
// a lab pair. Everything about it lives in memory (its credentials, its trusted host key) and ends with the
// window (or when the lab pair is removed).

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
  images: LabImages;
}

export const LAB_PAIR_NAME = 'Lab pair';

export class LabManager implements vscode.Disposable {
  private running?: RunningLab;
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

  get pairName(): string | undefined {
    return this.running?.name;
  }

  /**
   * Starts the lab (once) and returns its pair name. `planted` (test API only) gives the lab these credentials
   * instead of random ones; a running lab with other credentials is replaced by a fresh one.
   */
  async open(planted?: LabCredentials): Promise<string> {
    if (planted && this.running && !this.hasCredentials(this.running, planted)) {
      await this.starting?.catch(() => undefined);
      await this.stop();
    }
    if (this.running) return this.running.name;
    this.starting ??= this.start(planted).finally(() => (this.starting = undefined));
    return this.starting;
  }

  private hasCredentials(running: RunningLab, planted: LabCredentials): boolean {
    const c = running.lab.credentials;
    return (planted.password === undefined || planted.password === c.password) && (planted.enablePassword === undefined || planted.enablePassword === c.enablePassword);
  }

  /** The lab's own record of what reached its units (test API: assertions from the device's side). */
  history(pairName: string): LabPair['history'] | undefined {
    return this.running?.name === pairName ? this.running.lab.history : undefined;
  }

  /** The lab's fault book (test API: wrong credentials, unreachable units, changed host keys). */
  faults(pairName: string): LabPair['faults'] | undefined {
    return this.running?.name === pairName ? this.running.lab.faults : undefined;
  }

  /** Test API: one of the lab's secrets. */
  secret(pairName: string, which: 'password' | 'enablePassword'): string | undefined {
    return this.running?.name === pairName ? this.running.lab.credentials[which] : undefined;
  }

  /** Test API: the lab presents a new host key from the next connection on (a changed host key). */
  rotateHostKey(pairName: string): boolean {
    if (this.running?.name !== pairName) return false;
    this.running.lab.rotateHostKey();
    return true;
  }

  /** The lab's endpoints and host key (test API: a second, configured pair pointing at the lab). */
  endpoints(pairName: string): { active: string; standby: string; username: string; fingerprint: string } | undefined {
    const r = this.running;
    if (!r || r.name !== pairName) return undefined;
    return {
      active: `${r.lab.activeEndpoint.host}:${r.lab.activeEndpoint.port}`,
      standby: `${r.lab.standbyEndpoint.host}:${r.lab.standbyEndpoint.port}`,
      username: r.lab.credentials.username,
      fingerprint: r.lab.hostKeyFingerprint,
    };
  }

  private async start(planted?: LabCredentials): Promise<string> {
    const engine = await loadEngine();
    const settings = readSettings();
    const lab = await engine.startLab({
      reloadSeconds: settings.labReloadSeconds,
      // Slow enough that a rehearsal shows a copy moving (a real ASA copies at a few MB/s at best).
      copyBytesPerSecond: settings.labCopyBytesPerSecond,
      password: planted?.password,
      enablePassword: planted?.enablePassword,
    });
    let images: LabImages;
    try {
      images = await engine.startLabImageServer();
    } catch (e) {
      await lab.stop();
      throw e;
    }
    const name = LAB_PAIR_NAME;
    this.redactor.add(lab.credentials.password);
    this.redactor.add(lab.credentials.enablePassword);
    const secrets = { password: lab.credentials.password, enablePassword: lab.credentials.enablePassword };
    this.credentials.setSession(name, { ...secrets });
    // After a refusal (fault wrong-credentials) the lab's credentials are dropped like any others; "Sign in"
    // gives them back instead of asking for a password nobody knows.
    this.credentials.setSource(name, () => ({ ...secrets }));
    for (const ep of [lab.activeEndpoint, lab.standbyEndpoint]) this.hostKeys.trustInMemory(ep.host, ep.port, lab.hostKeyFingerprint);
    this.running = { name, lab, images };
    this.pairs.addLab({
      name,
      active: `${lab.activeEndpoint.host}:${lab.activeEndpoint.port}`,
      standby: `${lab.standbyEndpoint.host}:${lab.standbyEndpoint.port}`,
      username: lab.credentials.username,
      authentication: 'password',
      algorithms: 'default',
      lab: true,
    });
    void vscode.commands.executeCommand('setContext', 'asaUpgrade.labRunning', true);
    this.log.info(
      `Lab started: active ${lab.activeEndpoint.host}:${lab.activeEndpoint.port}, standby :${lab.standbyEndpoint.port}, images on ${new URL(images.asaUrl).host} (host key ${lab.hostKeyFingerprint}).`,
    );
    return name;
  }

  /**
   * The lab's image server as a repository for the image pick of the lab pair only: a real ASA would fetch
   * from its own 127.0.0.1.
   */
  repositories(pairName: string): StaticRepository[] {
    if (!this.running || this.running.name !== pairName) return [];
    const { images } = this.running;
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
    if (!this.running || this.running.name !== pairName) return undefined;
    return { asa: this.running.images.asaUrl, asdm: this.running.images.asdmUrl };
  }

  isLab(pairName: string): boolean {
    return this.running?.name === pairName;
  }

  async stop(): Promise<void> {
    const running = this.running;
    if (!running) return;
    this.running = undefined;
    this.pairs.removeLab(running.name);
    for (const ep of [running.lab.activeEndpoint, running.lab.standbyEndpoint]) this.hostKeys.forgetInMemory(ep.host, ep.port);
    await this.credentials.forget(running.name);
    void vscode.commands.executeCommand('setContext', 'asaUpgrade.labRunning', false);
    await Promise.allSettled([running.lab.stop(), running.images.server.stop()]);
    this.onStopped(running.name);
    this.log.info('Lab stopped.');
  }

  dispose(): void {
    void this.stop();
  }
}
