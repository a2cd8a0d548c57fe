// Pair credentials: from SecretStorage (keyed per pair), or asked once with a password box and kept in the
// OS keychain only if the user says so; otherwise only in memory for this window. Every secret is registered
// with the Redactor the moment it is known.

import * as vscode from 'vscode';
import type { Redactor } from '../core/redact';
import type { PairConfig } from './pairs-config';
import type { PrompterSlot } from './prompter';

export interface PairSecrets {
  password?: string;
  enablePassword?: string;
  passphrase?: string;
}

/** Thrown when credentials are needed but asking is not allowed right now (background refresh) or was dismissed. */
export class CredentialsNeededError extends Error {
  readonly code = 'CREDENTIALS_NEEDED';
}

const KEY_PREFIX = 'asaUpgrade.credentials/';

export class CredentialStore {
  private readonly session = new Map<string, PairSecrets>();
  private readonly asking = new Map<string, Promise<PairSecrets>>();
  /** Where "Sign in" takes a pair's credentials instead of asking (the lab knows its own). */
  private readonly sources = new Map<string, () => PairSecrets>();

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly redactor: Redactor,
    private readonly prompter: PrompterSlot,
  ) {}

  /** Keeps secrets in memory only (the lab pair). */
  setSession(pairName: string, value: PairSecrets): void {
    this.register(value);
    this.session.set(pairName, value);
  }

  /** The lab pair: its credentials are known, so signing in takes them from `source` instead of a password box. */
  setSource(pairName: string, source: () => PairSecrets): void {
    this.sources.set(pairName, source);
  }

  async get(pair: PairConfig, options: { interactive: boolean }): Promise<PairSecrets> {
    const cached = this.session.get(pair.name);
    if (cached) return cached;
    const stored = await this.secrets.get(KEY_PREFIX + pair.name);
    if (stored) {
      try {
        const value = JSON.parse(stored) as PairSecrets;
        this.register(value);
        this.session.set(pair.name, value);
        return value;
      } catch {
        await this.secrets.delete(KEY_PREFIX + pair.name);
      }
    }
    if (!options.interactive) {
      throw new CredentialsNeededError(`Pair ${pair.name} needs its credentials: refresh it to enter them.`);
    }
    const source = this.sources.get(pair.name);
    if (source) {
      this.setSession(pair.name, source());
      return this.session.get(pair.name)!;
    }
    // Two callers at once (both addresses connecting) must not open two prompts.
    let pending = this.asking.get(pair.name);
    if (!pending) {
      pending = this.ask(pair).finally(() => this.asking.delete(pair.name));
      this.asking.set(pair.name, pending);
    }
    return pending;
  }

  private async ask(pair: PairConfig): Promise<PairSecrets> {
    const value: PairSecrets = {};
    const needsPassword = pair.authentication === 'password' || pair.authentication === 'keyboard-interactive';
    if (needsPassword) {
      value.password = await this.prompt(`Password for ${pair.username} on ${pair.name}`, 'SSH password', false);
    }
    if (pair.authentication === 'publickey') {
      const passphrase = await this.prompt(`Passphrase of ${pair.keyFile ?? 'the key file'} (leave empty if it has none)`, 'Key passphrase', true);
      value.passphrase = passphrase || undefined;
    }
    const enable = await this.prompt(`Enable password on ${pair.name} (leave empty if ${pair.username} logs in at privilege 15)`, 'Enable password', true);
    value.enablePassword = enable || undefined;
    this.register(value);
    this.session.set(pair.name, value);

    const remember =
      (await this.prompter.current.modal(
        'password',
        `Keep the credentials of ${pair.name} in the OS keychain?`,
        'Remembered credentials are kept in VS Code SecretStorage (the OS keychain). Otherwise they are asked again after a restart. If the ASA ever refuses them, they are forgotten either way.',
        ['Remember'],
        'Only for this window',
      )) === 'Remember';
    if (remember) await this.secrets.store(KEY_PREFIX + pair.name, JSON.stringify(value));
    return value;
  }

  private async prompt(prompt: string, title: string, allowEmpty: boolean): Promise<string> {
    const answer = await this.prompter.current.secret(title, prompt);
    if (answer === undefined || (!allowEmpty && answer === '')) {
      throw new CredentialsNeededError(`${title} not entered: nothing was sent to the pair.`);
    }
    this.redactor.add(answer);
    return answer;
  }

  /**
   * Drops the credentials from memory and from the keychain; the next interactive connection asks again.
   * `keepSource`: a refusal, not the end of the pair (the lab can still sign in).
   */
  async forget(pairName: string, options: { keepSource?: boolean } = {}): Promise<void> {
    this.session.delete(pairName);
    if (!options.keepSource) this.sources.delete(pairName);
    await this.secrets.delete(KEY_PREFIX + pairName);
  }

  hasInMemory(pairName: string): boolean {
    return this.session.has(pairName);
  }

  private register(value: PairSecrets): void {
    this.redactor.add(value.password);
    this.redactor.add(value.enablePassword);
    this.redactor.add(value.passphrase);
  }
}
