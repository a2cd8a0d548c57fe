// The engine's messages are shared with the command line, whose hints name its environment variables
// (ASA_PASSWORD, ASA_ENABLE_PASSWORD, ASA_KEY_PASSPHRASE). The editor asks for secrets in password boxes
// instead, so every text it shows or logs (all of which passes its Redactor) says that, never the variables.

import { Redactor } from '../core/redact';

const CLI_HINTS: Array<[RegExp, string]> = [
  [/\s*\((?:check it |check the passphrase, )?ASA_(?:ENABLE_)?PASSWORD\)/g, ''],
  [/set ASA_(?:ENABLE_)?PASSWORD or enter it when asked/g, 'enter it when asked (Sign in)'],
  [/set ASA_ENABLE_PASSWORD \(or enter it when asked\)/g, 'enter it when asked (Sign in)'],
  [/\s*\(check the passphrase, ASA_KEY_PASSPHRASE\)/g, ' (check the passphrase)'],
  [/set ASA_KEY_PASSPHRASE/g, 'enter the key passphrase when asked (Sign in)'],
  [/ASA_(?:ENABLE_)?PASSWORD|ASA_KEY_PASSPHRASE/g, 'the password asked at sign-in'],
];

export function editorWording(text: string): string {
  let out = text;
  for (const [pattern, replacement] of CLI_HINTS) out = out.replace(pattern, replacement);
  return out;
}

export class EditorRedactor extends Redactor {
  override redact(text: string): string {
    return editorWording(super.redact(text));
  }
}
