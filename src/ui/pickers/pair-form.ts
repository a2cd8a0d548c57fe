// The steps of Add Pair / Edit Pair: name, addresses, user, authentication, key file, algorithm set.
// Each input validates as you type; Escape at any step abandons without saving.

import * as vscode from 'vscode';
import { loadEngine } from '../engine-loader';
import { addressProblem, AUTHENTICATION_METHODS, readSettings, type AuthenticationMethod, type PairConfig } from '../pairs-config';
import { inputBox, openFile, pickView, quickPick, type Prompter } from '../prompter';

const CONTROL = /[\u0000-\u001f\u007f]/;

/** `prompter`: VS Code's inputs, or a test's answers (test mode only). */
export async function pairForm(existing: PairConfig | undefined, takenNames: string[], prompter: Prompter): Promise<PairConfig | undefined> {
  const title = existing ? `Edit pair ${existing.name}` : 'Add an ASA failover pair';
  const total = 7;
  const name = await inputBox(prompter, {
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
  const hosts = await sshHosts();
  const active = await pickAddress({
    title: `${title} (2/${total})`,
    placeholder: 'Active unit: a Host alias of your SSH configuration, or type host or host:port (the failover active IP)',
    value: existing?.active,
    hosts,
    prompter,
  });
  if (active === undefined) return undefined;
  const standby = await pickAddress({
    title: `${title} (3/${total})`,
    placeholder: 'Standby unit (optional): a Host alias, or type its address; or reach it through "failover exec mate"',
    value: existing?.standby,
    hosts,
    optional: true,
    prompter,
  });
  if (standby === undefined) return undefined;
  const username = await inputBox(prompter, {
    title: `${title} (4/${total})`,
    prompt: 'SSH user name',
    value: existing?.username ?? hosts.find((h) => h.alias === active)?.user,
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
  const auth = await quickPick(
    prompter,
    AUTHENTICATION_METHODS.map((m) => ({ label: labels[m], description: m === existing?.authentication ? 'current' : undefined, method: m, picked: m === existing?.authentication })),
    { title: `${title} (5/${total})`, placeHolder: 'How to authenticate', ignoreFocusOut: true },
  );
  if (!auth) return undefined;
  let keyFile: string | undefined;
  if (auth.method === 'publickey') {
    keyFile = await openFile(prompter, { title: 'Private key file', openLabel: 'Use this key', defaultUri: existing?.keyFile ? vscode.Uri.file(existing.keyFile) : undefined });
    if (!keyFile) return undefined;
  }
  const algorithms = await quickPick(
    prompter,
    [
      { label: 'Default algorithms', description: 'modern key exchange and ciphers', value: 'default' as const },
      { label: 'Legacy algorithms too', description: 'for old ASA code: group14-sha1, group1-sha1, CBC ciphers, ssh-rsa', value: 'legacy' as const },
    ],
    { title: `${title} (6/${total})`, placeHolder: 'SSH algorithm set', ignoreFocusOut: true },
  );
  if (!algorithms) return undefined;
  const viaConfig = hosts.find((h) => h.alias === active)?.route;
  const jumpHost = await inputBox(prompter, {
    title: `${title} (7/${total})`,
    prompt: `Jump host(s) on the way, as OpenSSH's ProxyJump: [user@]host[:port] or a Host alias, comma-separated (optional${viaConfig ? `; the SSH configuration already goes ${viaConfig}` : ''})`,
    placeHolder: 'bastion-1 or ops@bastion.example.net:2222',
    value: existing?.jumpHost ?? '',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === '' ? undefined : /^(none|[^\s,]+(,[^\s,]+)*)$/i.test(v.trim()) ? undefined : 'Use [user@]host[:port] or a Host alias, comma-separated, without spaces.'),
  });
  if (jumpHost === undefined) return undefined;
  return {
    name: name.trim(),
    active: active.trim(),
    standby: standby.trim() || undefined,
    port: existing?.port,
    username: username.trim(),
    authentication: auth.method,
    keyFile,
    algorithms: algorithms.value,
    ...(jumpHost.trim() ? { jumpHost: jumpHost.trim() } : {}),
  };
}

interface SshHost {
  alias: string;
  hostName: string;
  user?: string;
  /** "via bastion-1" when the configuration names jump hosts for it. */
  route?: string;
}

/** The Host aliases of the SSH configuration (asaUpgrade.sshConfigFile or ~/.ssh/config), with what they resolve to. */
async function sshHosts(): Promise<SshHost[]> {
  try {
    const engine = await loadEngine();
    const source = engine.loadSshConfig(readSettings().sshConfigFile);
    return engine.hostAliases(source).map((alias) => {
      const s = engine.resolveSshHost(source, alias);
      return { alias, hostName: `${s.hostName}${s.port !== 22 ? `:${s.port}` : ''}`, ...(s.user ? { user: s.user } : {}), ...(s.proxyJump.length ? { route: `via ${s.proxyJump.map((j) => j.host).join(', ')}` } : {}) };
    });
  } catch {
    // An unreadable configuration only means no aliases to offer; typing an address still works.
    return [];
  }
}

/** A quick pick of the configuration's Host aliases in which typing an address stays possible. */
async function pickAddress(o: { title: string; placeholder: string; value?: string; hosts: SshHost[]; optional?: boolean; prompter: Prompter }): Promise<string | undefined> {
  type Item = vscode.QuickPickItem & { address: string };
  const fixed: Item[] = [
    ...(o.optional ? [{ label: '$(arrow-swap) No standby address', description: 'reach the standby through failover exec mate', address: '' }] : []),
    ...o.hosts.map((h) => ({ label: `$(remote) ${h.alias}`, description: [h.hostName, h.user ? `user ${h.user}` : undefined, h.route].filter(Boolean).join(' · '), address: h.alias })),
  ];
  const itemsFor = (typed: string): Item[] => {
    const t = typed.trim();
    const typedItem: Item[] =
      t && !o.hosts.some((h) => h.alias === t) ? [{ label: t, description: addressProblem(t) ?? 'use this address', address: addressProblem(t) ? '\u0000' : t, alwaysShow: true }] : [];
    return [...typedItem, ...fixed];
  };
  if (o.prompter.pick) {
    // A test picks an entry by its label, or types an address (as into the pick's box).
    const answer = await o.prompter.pick(o.title, itemsFor(o.value ?? '').map(pickView));
    if (answer === undefined) return undefined;
    const entry = fixed.find((i) => i.label === answer || (i.address && i.address === answer.trim())) ?? itemsFor(answer)[0];
    if (!entry || entry.address === '\u0000') throw new Error(`The test typed "${answer}" as an address: ${entry?.description ?? 'not accepted'}`);
    return entry.address;
  }
  const qp = vscode.window.createQuickPick<Item>();
  qp.title = o.title;
  qp.placeholder = o.placeholder;
  qp.ignoreFocusOut = true;
  qp.matchOnDescription = true;
  const render = (typed: string): void => {
    qp.items = itemsFor(typed);
  };
  render('');
  if (o.value) qp.value = o.value;
  render(qp.value);
  qp.onDidChangeValue(render);
  const picked = await new Promise<Item | undefined>((resolve) => {
    qp.onDidAccept(() => {
      const item = qp.selectedItems[0];
      if (item && item.address !== '\u0000') resolve(item);
    });
    qp.onDidHide(() => resolve(undefined));
    qp.show();
  });
  qp.dispose();
  return picked?.address;
}
