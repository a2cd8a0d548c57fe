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
  | { kind: 'password' }
  /** The unit wants a NEW password (enable not set): answering changes its configuration. Never answered. */
  | { kind: 'set-password'; question: string }
  /** A yes/no question (the SCP server's unknown host key): declined with `no`, never accepted. */
  | { kind: 'yes-no'; question: string };

const CONFIRMATIONS: RegExp[] = [
  /\[confirm\]\s*$/i,
  /Address or name of remote host \[[^\]\n]*\]\?\s*$/i,
  /Source (?:file ?name|username|password) \[[^\]\n]*\]\?\s*$/i,
  /Destination file ?name \[[^\]\n]*\]\?\s*$/i,
];

/**
 * 9.12 and later answer `enable` without an enable password configured with "The enable password is not set.
 * Please set it now." then `Enter  Password:` and `Repeat Password:` (two spaces, as printed). Answering both
 * sets the enable password. Matched on the notice or on either question, so a cut answer is still caught.
 */
const SET_PASSWORD = /The enable password is not set|(?:^|\n)\s*(?:Enter|Repeat|New|Confirm)\s+(?:enable\s+)?Password:\s*$/i;

/** `(yes/no)?`, `(yes/no/[fingerprint])?`, `[yes/no]:` at the end of a line. */
const YES_NO = /[([]\s*yes\s*\/\s*no(?:\s*\/\s*\[fingerprint\])?\s*[)\]]\s*[?:]?\s*$/i;

function lastLine(text: string): string {
  return text.slice(text.lastIndexOf('\n') + 1).trim();
}

/** A question at the end of `text` that the shell answers itself (pager, confirmations, enable's Password:). */
export function pendingInteraction(text: string): Interaction | undefined {
  const tail = text.slice(-300);
  if (new RegExp(`(?:${MORE_PROMPT.source})\\s*$`).test(tail)) return { kind: 'more' };
  if (SET_PASSWORD.test(tail) && /(?:Password:|Please set it now\.?)\s*$/i.test(tail)) return { kind: 'set-password', question: lastLine(tail) };
  if (YES_NO.test(tail)) return { kind: 'yes-no', question: lastLine(tail) };
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
