// Which SSH host keys this editor trusts, per host:port (in globalState; fingerprints are not secret).
// First contact: a modal shows the SHA-256 fingerprint and asks to trust it. A changed key is refused with a
// plain warning naming both fingerprints — the same model as CDO's "New Certificate Detected": nothing is
// sent to a host whose identity changed until the user removes the old key on purpose.

import * as vscode from 'vscode';
import { HostKeyRejectedError } from '../core/errors';
import type { HostKeyOffer, HostKeyVerifier } from './engine-loader';
import { asaKeyData, hostKeyDetail } from './host-key-text';
import type { UiLog } from './log';
import type { PrompterSlot } from './prompter';

interface TrustedKey {
  keyType: string;
  fingerprint: string;
  trustedAt: string;
}

const STATE_KEY = 'asaUpgrade.trustedHostKeys';

export class HostKeyStore {
  /** Lab endpoints: trusted for this window only. */
  private readonly memory = new Map<string, TrustedKey>();
  private readonly asking = new Map<string, Promise<boolean>>();
  private readonly warned = new Set<string>();

  constructor(
    private readonly state: vscode.Memento,
    private readonly prompter: PrompterSlot,
    private readonly log: UiLog,
  ) {}

  private all(): Record<string, TrustedKey> {
    return { ...(this.state.get<Record<string, TrustedKey>>(STATE_KEY) ?? {}) };
  }

  trustInMemory(host: string, port: number, fingerprint: string, keyType = 'ssh-ed25519'): void {
    this.memory.set(`${host}:${port}`, { keyType, fingerprint, trustedAt: new Date().toISOString() });
  }

  forgetInMemory(host: string, port: number): void {
    this.memory.delete(`${host}:${port}`);
  }

  known(host: string, port: number): TrustedKey | undefined {
    const id = `${host}:${port}`;
    return this.memory.get(id) ?? this.all()[id];
  }

  /**
   * A key changed by an upgrade the user agreed to trust (changed-host-key.ts): exactly `presented` replaces
   * the trusted key, and only while that is still `known`, the key the stop saw.
   */
  async replaceChanged(host: string, port: number, known: string, presented: string): Promise<boolean> {
    const id = `${host}:${port}`;
    const inMemory = this.memory.get(id);
    const current = inMemory ?? this.all()[id];
    if (!current || current.fingerprint !== known) return false;
    const next: TrustedKey = { keyType: current.keyType, fingerprint: presented, trustedAt: new Date().toISOString() };
    if (inMemory) this.memory.set(id, next);
    else await this.state.update(STATE_KEY, { ...this.all(), [id]: next });
    this.warned.delete(`${id} ${presented}`);
    this.log.warn(`The new host key of ${id} is trusted now (${presented}, replacing ${known}), as the user chose after the upgrade changed it.`);
    return true;
  }

  async forget(host: string, port: number): Promise<void> {
    const all = this.all();
    delete all[`${host}:${port}`];
    await this.state.update(STATE_KEY, all);
  }

  /**
   * A verifier for one pair. `interactive()` tells whether a modal may be shown now (a background refresh
   * must not pop one); `onRefused` lets the caller mark the node.
   */
  verifier(pairName: string, interactive: () => boolean): HostKeyVerifier {
    return async (offer: HostKeyOffer): Promise<void> => {
      const id = `${offer.host}:${offer.port}`;
      const known = this.known(offer.host, offer.port);
      if (known) {
        if (known.fingerprint === offer.fingerprint) return;
        const message =
          `The host key of ${id} (pair ${pairName}) has CHANGED. Trusted: ${known.fingerprint}; presented now: ${offer.fingerprint}. ` +
          'This happens after a unit was replaced or its keys regenerated, or when someone is intercepting the connection. ' +
          'Nothing was sent. If the change is expected, remove the old key with "Edit Pair" > "Forget trusted host keys" and connect again.';
        if (!this.warned.has(`${id} ${offer.fingerprint}`)) {
          this.warned.add(`${id} ${offer.fingerprint}`);
          void vscode.window.showWarningMessage(`The host key of ${id} (${pairName}) has CHANGED: nothing was sent to it. The pair in the ASA Upgrade view says what to do.`);
        }
        throw new HostKeyRejectedError(message, id, offer.fingerprint, known.fingerprint);
      }
      if (!interactive()) {
        throw new HostKeyRejectedError(
          `The host key of ${id} (pair ${pairName}) is not trusted yet: refresh the pair to review its fingerprint ${offer.fingerprint}.`,
          id,
          offer.fingerprint,
        );
      }
      let pending = this.asking.get(`${id} ${offer.fingerprint}`);
      if (!pending) {
        pending = this.ask(pairName, offer).finally(() => this.asking.delete(`${id} ${offer.fingerprint}`));
        this.asking.set(`${id} ${offer.fingerprint}`, pending);
      }
      if (!(await pending)) {
        throw new HostKeyRejectedError(`The host key of ${id} was not trusted: nothing was sent to it.`, id, offer.fingerprint);
      }
    };
  }

  private async ask(pairName: string, offer: HostKeyOffer): Promise<boolean> {
    const id = `${offer.host}:${offer.port}`;
    const trust = 'Trust and Connect';
    this.log.info(`First contact with ${id} (${pairName}): ${offer.keyType} ${offer.fingerprint}; key data ${asaKeyData(offer.keyType, offer.key) ?? 'not convertible'}`);
    const answer = await this.prompter.current.modal(
      'host-key',
      `First connection to ${id} (pair ${pairName}). Trust this host key? Nothing has been sent yet, no password either.`,
      hostKeyDetail(offer),
      [trust],
      "Don't trust",
    );
    if (answer !== trust) return false;
    const all = this.all();
    all[id] = { keyType: offer.keyType, fingerprint: offer.fingerprint, trustedAt: new Date().toISOString() };
    await this.state.update(STATE_KEY, all);
    return true;
  }
}
