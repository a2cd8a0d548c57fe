// Fleets: many pairs upgraded in one change window on the same engine as one pair. This folder holds the
// inventory (this file: an Ansible YAML inventory read into hosts with their merged variables), the pairs it
// describes (pairs.ts), the fleet plan checked before any pair starts (plan.ts), the rolling order with its
// stop rule (rollout.ts) and the record a stopped fleet resumes from (state.ts).
//
// Ansible's YAML inventory: top-level groups (`all` and any others, which are children of `all`), each with
// `hosts` (name -> variables or null), `vars` and `children` (name -> group or null), at every level. A host's
// variables are merged with Ansible's usual precedence: `all` first, then parent groups before their
// children, groups of the same depth in alphabetical order, and the host's own variables last.

import { parseDocument } from 'yaml';
import { InvalidInputError } from '../errors';

export type InventoryVars = Record<string, unknown>;

export interface InventoryHost {
  name: string;
  /** Every group the host belongs to, `all` included. */
  groups: string[];
  vars: InventoryVars;
}

interface GroupNode {
  name: string;
  vars: InventoryVars;
  children: Set<string>;
  parents: Set<string>;
  hosts: Map<string, InventoryVars>;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function parseInventory(text: string, source = 'the inventory'): InventoryHost[] {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    throw new InvalidInputError(`${source} is not valid YAML: ${doc.errors[0].message.split('\n')[0]}. Fix the file (it is an Ansible YAML inventory) and try again.`);
  }
  const root = doc.toJS() as unknown;
  if (root === null || root === undefined) throw new InvalidInputError(`${source} is empty: list the pairs under all: hosts: (an Ansible YAML inventory).`);
  if (!isMap(root)) throw new InvalidInputError(`${source} must be a mapping of groups (all: hosts: ...), as an Ansible YAML inventory is.`);

  const groups = new Map<string, GroupNode>();
  const hostOrder: string[] = [];
  const group = (name: string): GroupNode => {
    let g = groups.get(name);
    if (!g) {
      g = { name, vars: {}, children: new Set(), parents: new Set(), hosts: new Map() };
      groups.set(name, g);
    }
    return g;
  };
  const read = (name: string, body: unknown, path: string): void => {
    const g = group(name);
    if (body === null || body === undefined) return;
    if (!isMap(body)) throw new InvalidInputError(`${source}: group "${path}" must be a mapping with hosts, vars or children, not ${Array.isArray(body) ? 'a list' : typeof body}.`);
    for (const key of Object.keys(body)) {
      if (!['hosts', 'vars', 'children'].includes(key)) {
        throw new InvalidInputError(`${source}: group "${path}" has "${key}"; a group holds only hosts, vars and children (put variables under vars:).`);
      }
    }
    if (body.vars !== undefined && body.vars !== null) {
      if (!isMap(body.vars)) throw new InvalidInputError(`${source}: "${path}.vars" must be a mapping of variables.`);
      Object.assign(g.vars, body.vars);
    }
    if (body.hosts !== undefined && body.hosts !== null) {
      if (!isMap(body.hosts)) throw new InvalidInputError(`${source}: "${path}.hosts" must be a mapping of host names (each with its variables, or empty).`);
      for (const [host, vars] of Object.entries(body.hosts)) {
        if (vars !== null && vars !== undefined && !isMap(vars)) throw new InvalidInputError(`${source}: host "${host}" in "${path}" must have a mapping of variables (or nothing).`);
        if (!hostOrder.includes(host)) hostOrder.push(host);
        g.hosts.set(host, { ...(g.hosts.get(host) ?? {}), ...((vars as InventoryVars | null) ?? {}) });
      }
    }
    if (body.children !== undefined && body.children !== null) {
      if (!isMap(body.children)) throw new InvalidInputError(`${source}: "${path}.children" must be a mapping of group names.`);
      for (const [child, childBody] of Object.entries(body.children)) {
        if (child === 'all') throw new InvalidInputError(`${source}: "all" cannot be a child group (in "${path}").`);
        g.children.add(child);
        group(child).parents.add(name);
        read(child, childBody, `${path}.children.${child}`);
      }
    }
  };
  for (const [name, body] of Object.entries(root)) read(name, body, name);
  const all = group('all');
  for (const g of groups.values()) if (g.name !== 'all' && g.parents.size === 0) {
    g.parents.add('all');
    all.children.add(g.name);
  }

  // Depth of each group from `all` (longest path, as Ansible orders group variables), refusing cycles.
  const depth = new Map<string, number>();
  const depthOf = (name: string, seen: string[] = []): number => {
    if (seen.includes(name)) throw new InvalidInputError(`${source}: groups ${[...seen, name].join(' -> ')} form a cycle.`);
    const known = depth.get(name);
    if (known !== undefined) return known;
    const g = groups.get(name)!;
    const d = name === 'all' ? 0 : Math.max(...[...g.parents].map((p) => depthOf(p, [...seen, name]) + 1));
    depth.set(name, d);
    return d;
  };
  for (const name of groups.keys()) depthOf(name);

  const ancestors = (name: string, acc = new Set<string>()): Set<string> => {
    if (acc.has(name)) return acc;
    acc.add(name);
    for (const p of groups.get(name)!.parents) ancestors(p, acc);
    return acc;
  };

  return hostOrder.map((host) => {
    const direct = [...groups.values()].filter((g) => g.hosts.has(host)).map((g) => g.name);
    const member = new Set<string>(['all']);
    for (const d of direct) for (const a of ancestors(d)) member.add(a);
    const ordered = [...member].sort((a, b) => depthOf(a) - depthOf(b) || (a < b ? -1 : a > b ? 1 : 0));
    const vars: InventoryVars = {};
    for (const name of ordered) Object.assign(vars, groups.get(name)!.vars);
    // Host variables win; a host listed in several groups gets them merged in the same group order.
    for (const name of ordered) {
      const hv = groups.get(name)!.hosts.get(host);
      if (hv) Object.assign(vars, hv);
    }
    return { name: host, groups: ordered, vars };
  });
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

/**
 * Ansible's `--limit` patterns: names of hosts or groups, `*` wildcards, separated by `,` or `:`; `!x`
 * excludes, `&x` keeps only what is also in x. A pattern that matches nothing is refused (a typo must not
 * silently select nothing, or everything).
 */
export function limitHosts(hosts: InventoryHost[], pattern: string): InventoryHost[] {
  const terms = pattern.split(/[,:]/).map((t) => t.trim()).filter(Boolean);
  if (terms.length === 0) throw new InvalidInputError('--limit is empty: give a host or group name, e.g. --limit branch-east or --limit "fw-*".');
  const matches = (term: string): Set<string> => {
    const re = globToRegExp(term);
    return new Set(hosts.filter((h) => re.test(h.name) || h.groups.some((g) => re.test(g))).map((h) => h.name));
  };
  let selected = new Set<string>();
  const plain = terms.filter((t) => !t.startsWith('!') && !t.startsWith('&'));
  for (const t of plain) {
    const m = matches(t);
    if (m.size === 0) throw new InvalidInputError(`--limit "${t}" matches no host or group of the inventory.`);
    for (const n of m) selected.add(n);
  }
  if (plain.length === 0) selected = new Set(hosts.map((h) => h.name));
  for (const t of terms.filter((x) => x.startsWith('&'))) {
    const m = matches(t.slice(1));
    selected = new Set([...selected].filter((n) => m.has(n)));
  }
  for (const t of terms.filter((x) => x.startsWith('!'))) for (const n of matches(t.slice(1))) selected.delete(n);
  return hosts.filter((h) => selected.has(h.name));
}
