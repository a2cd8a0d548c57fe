// The pairs an inventory describes: each Ansible host is one failover pair, with the variables below. Every
// problem is found before anything connects, and named with the host and the variable to fix.

import { InvalidInputError } from '../errors';
import type { InventoryHost } from './inventory';

export const INVENTORY_VARIABLES = {
  asa_active: 'the active address, HOST[:PORT] (required)',
  asa_standby: 'the standby address, HOST[:PORT] (optional: without it the standby is reached through failover exec mate)',
  asa_username: 'the SSH user (required)',
  asa_image: 'the ASA image URL or disk0:/FILE (required unless --asa is given)',
  asdm_image: 'the ASDM image URL or disk0:/FILE (optional; --asdm overrides it)',
  asa_password_env: 'the name of the environment variable holding the password (default ASA_PASSWORD)',
  asa_enable_password_env: 'the name of the environment variable holding the enable password (default ASA_ENABLE_PASSWORD)',
} as const;

export interface FleetPair {
  /** The inventory host name. */
  name: string;
  groups: string[];
  active: string;
  standby?: string;
  username: string;
  asaImage?: string;
  asdmImage?: string;
  passwordEnv: string;
  enablePasswordEnv: string;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function text(host: InventoryHost, key: keyof typeof INVENTORY_VARIABLES, problems: string[]): string | undefined {
  const v = host.vars[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string' && typeof v !== 'number') {
    problems.push(`host "${host.name}": ${key} must be a text value (${INVENTORY_VARIABLES[key]})`);
    return undefined;
  }
  if (String(v).startsWith('$ANSIBLE_VAULT')) {
    problems.push(`host "${host.name}": ${key} is encrypted with Ansible Vault, which asa-upgrade cannot open; give it in clear (it is not a secret) or run the playbook in examples/ansible`);
    return undefined;
  }
  return String(v);
}

export function pairsFromInventory(hosts: InventoryHost[]): FleetPair[] {
  const problems: string[] = [];
  const pairs: FleetPair[] = [];
  for (const h of hosts) {
    const active = text(h, 'asa_active', problems);
    const username = text(h, 'asa_username', problems);
    if (!active) problems.push(`host "${h.name}": asa_active is missing (${INVENTORY_VARIABLES.asa_active})`);
    if (!username) problems.push(`host "${h.name}": asa_username is missing (${INVENTORY_VARIABLES.asa_username})`);
    const passwordEnv = text(h, 'asa_password_env', problems) ?? 'ASA_PASSWORD';
    const enablePasswordEnv = text(h, 'asa_enable_password_env', problems) ?? 'ASA_ENABLE_PASSWORD';
    for (const [key, name] of [['asa_password_env', passwordEnv], ['asa_enable_password_env', enablePasswordEnv]] as const) {
      // It names a variable; a value that looks like anything else is most likely the password itself.
      if (!ENV_NAME.test(name)) problems.push(`host "${h.name}": ${key} must name an environment variable (letters, digits, _), not hold a password`);
    }
    for (const key of Object.keys(h.vars)) {
      // Only this tool's variables: an inventory shared with other playbooks may hold their (vaulted) secrets.
      if (/^asa_.*pass/i.test(key) && !/_env$/.test(key)) {
        problems.push(`host "${h.name}": "${key}" looks like a password in the inventory; put the password in an environment variable and name it with asa_password_env / asa_enable_password_env`);
      }
    }
    if (active && username) {
      pairs.push({
        name: h.name,
        groups: h.groups,
        active,
        ...(text(h, 'asa_standby', problems) ? { standby: text(h, 'asa_standby', problems) } : {}),
        username,
        ...(text(h, 'asa_image', problems) ? { asaImage: text(h, 'asa_image', problems) } : {}),
        ...(text(h, 'asdm_image', problems) ? { asdmImage: text(h, 'asdm_image', problems) } : {}),
        passwordEnv,
        enablePasswordEnv,
      });
    }
  }
  const seen = new Map<string, string>();
  for (const p of pairs) {
    const other = seen.get(p.active);
    if (other) problems.push(`hosts "${other}" and "${p.name}" have the same asa_active ${p.active}: one pair, listed twice`);
    seen.set(p.active, p.name);
  }
  if (problems.length) throw new InvalidInputError(`The inventory cannot be used; nothing was done:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  if (pairs.length === 0) throw new InvalidInputError('The inventory (after --limit) lists no pair: add hosts with asa_active and asa_username.');
  return pairs;
}
