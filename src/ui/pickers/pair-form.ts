// The steps of Add Pair / Edit Pair: name, addresses, user, authentication, key file, algorithm set.
// Each input validates as you type; Escape at any step abandons without saving.

import * as vscode from 'vscode';
import { addressProblem, AUTHENTICATION_METHODS, type AuthenticationMethod, type PairConfig } from '../pairs-config';

const CONTROL = /[\u0000-\u001f\u007f]/;

export async function pairForm(existing: PairConfig | undefined, takenNames: string[]): Promise<PairConfig | undefined> {
  const title = existing ? `Edit pair ${existing.name}` : 'Add an ASA failover pair';
  const total = 6;
  const name = await vscode.window.showInputBox({
    title: `${title} (1/${total})`,
    prompt: 'A name for the pair (shown in the tree)',
    value: existing?.name,
    ignoreFocusOut: true,
    validateInput: (v) => {
      const t = v.trim();
      if (!t) return 'Enter a name.';
      if (CONTROL.test(t)) return 'A name cannot contain line breaks or control characters.';
      if (t.length > 64) return 'Keep the name under 64 characters.';
      if (takenNames.includes(t) && t !== existing?.name) return `A pair named "${t}" already exists.`;
      return undefined;
    },
  });
  if (name === undefined) return undefined;
  const active = await vscode.window.showInputBox({
    title: `${title} (2/${total})`,
    prompt: 'Management address of the active unit: host or host:port (the failover active IP)',
    placeHolder: '192.0.2.10 or asa-fw1.example.net:22',
    value: existing?.active,
    ignoreFocusOut: true,
    validateInput: (v) => addressProblem(v),
  });
  if (active === undefined) return undefined;
  const standby = await vscode.window.showInputBox({
    title: `${title} (3/${total})`,
    prompt: 'Management address of the standby unit (optional: leave empty to reach it through "failover exec mate")',
    value: existing?.standby ?? '',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === '' ? undefined : addressProblem(v)),
  });
  if (standby === undefined) return undefined;
  const username = await vscode.window.showInputBox({
    title: `${title} (4/${total})`,
    prompt: 'SSH user name',
    value: existing?.username,
    ignoreFocusOut: true,
    validateInput: (v) => (!v.trim() ? 'Enter the user name.' : /[\s\u0000-\u001f\u007f]/.test(v.trim()) ? 'A user name cannot contain spaces or control characters.' : undefined),
  });
  if (username === undefined) return undefined;
  const labels: Record<AuthenticationMethod, string> = {
    password: 'Password',
    'keyboard-interactive': 'Keyboard-interactive',
    publickey: 'Private key file',
    agent: 'SSH agent',
  };
  const auth = await vscode.window.showQuickPick(
    AUTHENTICATION_METHODS.map((m) => ({ label: labels[m], description: m === existing?.authentication ? 'current' : undefined, method: m, picked: m === existing?.authentication })),
    { title: `${title} (5/${total})`, placeHolder: 'How to authenticate', ignoreFocusOut: true },
  );
  if (!auth) return undefined;
  let keyFile: string | undefined;
  if (auth.method === 'publickey') {
    const files = await vscode.window.showOpenDialog({ title: 'Private key file', canSelectMany: false, openLabel: 'Use this key', defaultUri: existing?.keyFile ? vscode.Uri.file(existing.keyFile) : undefined });
    if (!files?.length) return undefined;
    keyFile = files[0].fsPath;
  }
  const algorithms = await vscode.window.showQuickPick(
    [
      { label: 'Default algorithms', description: 'modern key exchange and ciphers', value: 'default' as const },
      { label: 'Legacy algorithms too', description: 'for old ASA code: group14-sha1, group1-sha1, CBC ciphers, ssh-rsa', value: 'legacy' as const },
    ],
    { title: `${title} (6/${total})`, placeHolder: 'SSH algorithm set', ignoreFocusOut: true },
  );
  if (!algorithms) return undefined;
  return {
    name: name.trim(),
    active: active.trim(),
    standby: standby.trim() || undefined,
    port: existing?.port,
    username: username.trim(),
    authentication: auth.method,
    keyFile,
    algorithms: algorithms.value,
  };
}
