// Recognises the ASA's prompts and the questions it asks mid-command. Pure functions over the text seen so
// far, so the shell can be tested without a device.

import { MORE_PROMPT } from './terminal-text';

export type PromptMode = 'user' | 'privileged' | 'config';

export interface Prompt {
  /** The whole prompt as printed, without trailing space: `asa/pri/act(config)#`. */
  text: string;
  /** `asa` (the part before any `/pri/act`, `/admin` qualifier). */
  hostname: string;
  /** `pri/act`, `admin`, `pri/act/admin`, or '' */
  qualifier: string;
  /** `config`, `config-if`, ... when in a configuration mode. */
  configMode?: string;
  mode: PromptMode;
}

// host, optional /segments (priority/state, context), optional (config-mode), then > or #.
const PROMPT = /^([A-Za-z0-9][A-Za-z0-9_.-]*)((?:\/[A-Za-z0-9_.-]+)*)(?:\(([a-z][a-z0-9-]*)\))?([>#]) ?$/;

/** Parses one line as a prompt. */
export function parsePrompt(line: string): Prompt | undefined {
  const m = PROMPT.exec(line.replace(/[ \t]+$/, ' '));
  if (!m) return undefined;
  const [, hostname, qualifierPart, configMode, sign] = m;
  const mode: PromptMode = sign === '>' ? 'user' : configMode ? 'config' : 'privileged';
  const text = `${hostname}${qualifierPart}${configMode ? `(${configMode})` : ''}${sign}`;
  return { text, hostname, qualifier: qualifierPart.replace(/^\//, ''), configMode, mode };
}

/**
 * The prompt the text ends with, if any. `hostname`, once known, must match, so output that merely ends in
 * `#` or `>` is not mistaken for a prompt.
 */
export function trailingPrompt(text: string, hostname?: string): Prompt | undefined {
  const lastBreak = text.lastIndexOf('\n');
  const last = text.slice(lastBreak + 1);
  const prompt = parsePrompt(last);
  if (!prompt) return undefined;
  if (hostname !== undefined && prompt.hostname !== hostname) return undefined;
  return prompt;
}

export type Interaction =
  | { kind: 'more' }
  | { kind: 'confirm'; question: string }
  | { kind: 'password' };

const CONFIRMATIONS: RegExp[] = [
  /\[confirm\]\s*$/i,
  /Address or name of remote host \[[^\]\n]*\]\?\s*$/i,
  /Source (?:file ?name|username|password) \[[^\]\n]*\]\?\s*$/i,
  /Destination file ?name \[[^\]\n]*\]\?\s*$/i,
];

/** A question at the end of `text` that the shell answers itself (pager, confirmations, enable's Password:). */
export function pendingInteraction(text: string): Interaction | undefined {
  const tail = text.slice(-300);
  if (new RegExp(`${MORE_PROMPT.source}\\s*$`).test(tail)) return { kind: 'more' };
  for (const re of CONFIRMATIONS) {
    const m = re.exec(tail);
    if (m) {
      const lineStart = tail.lastIndexOf('\n', m.index) + 1;
      return { kind: 'confirm', question: tail.slice(lineStart).trim() };
    }
  }
  if (/(?:^|\n)\s*Password: ?$/.test(tail)) return { kind: 'password' };
  return undefined;
}

/** What the ASA prints when the enable password is wrong. */
export function isEnableRefusal(text: string): boolean {
  return /Invalid password|Access denied|% Bad secrets|Authentication failed/i.test(text);
}
