import assert from 'node:assert/strict';
import { InvalidInputError } from '../../../src/core/errors';
import { limitHosts, parseInventory } from '../../../src/core/fleet/inventory';
import { pairsFromInventory } from '../../../src/core/fleet/pairs';
import { runRollout, type PairEnd } from '../../../src/core/fleet/rollout';

const INVENTORY = `
all:
  vars:
    asa_username: netops
    asa_image: http://images.example/asa9-20-2-smp-k8.bin
    site: global
  hosts:
    lone-fw:
      asa_active: 10.9.0.1
  children:
    emea:
      vars:
        site: emea
        asa_password_env: EMEA_PW
      children:
        emea_core:
          vars:
            site: emea-core
          hosts:
            fra-fw:
              asa_active: 10.1.0.1
              asa_standby: 10.1.0.2
              site: frankfurt
            lon-fw:
              asa_active: 10.1.1.1
    branches:
      hosts:
        lon-fw:
          asa_image: disk0:/asa9-20-2-smp-k8.bin
        shop-7:
          asa_active: 10.2.0.7:2222
ungrouped:
  hosts:
    lab-fw:
      asa_active: 127.0.0.1:2022
`;

describe('Ansible YAML inventory', () => {
  const hosts = parseInventory(INVENTORY);
  const byName = (n: string) => hosts.find((h) => h.name === n)!;

  it('reads hosts from all levels, each once, in the order listed', () => {
    assert.deepEqual(hosts.map((h) => h.name), ['lone-fw', 'fra-fw', 'lon-fw', 'shop-7', 'lab-fw']);
  });

  it('merges variables: all < parent group < child group < host', () => {
    assert.equal(byName('fra-fw').vars.site, 'frankfurt');
    assert.equal(byName('lon-fw').vars.site, 'emea-core');
    assert.equal(byName('lon-fw').vars.asa_password_env, 'EMEA_PW', 'inherited from the parent group');
    assert.equal(byName('shop-7').vars.site, 'global');
    assert.equal(byName('lab-fw').vars.asa_username, 'netops', 'a top-level group other than all is a child of all');
  });

  it('a host in several groups gets the variables of each (host variables of every group merged)', () => {
    const lon = byName('lon-fw');
    assert.deepEqual(lon.groups, ['all', 'branches', 'emea', 'emea_core']);
    assert.equal(lon.vars.asa_active, '10.1.1.1');
    assert.equal(lon.vars.asa_image, 'disk0:/asa9-20-2-smp-k8.bin');
  });

  it('--limit: hosts, groups, wildcards, exclusion and intersection', () => {
    const names = (p: string) => limitHosts(hosts, p).map((h) => h.name);
    assert.deepEqual(names('emea'), ['fra-fw', 'lon-fw']);
    assert.deepEqual(names('*-fw'), ['lone-fw', 'fra-fw', 'lon-fw', 'lab-fw']);
    assert.deepEqual(names('emea:!lon-fw'), ['fra-fw']);
    assert.deepEqual(names('emea,&branches'), ['lon-fw']);
    assert.throws(() => names('amea'), /matches no host or group/);
  });

  it('pairs: defaults for the password variables, every problem named with its host and variable', () => {
    const pairs = pairsFromInventory(limitHosts(hosts, 'emea,shop-7'));
    assert.equal(pairs[0].standby, '10.1.0.2');
    assert.equal(pairs[0].passwordEnv, 'EMEA_PW');
    assert.equal(pairs[2].passwordEnv, 'ASA_PASSWORD');
    assert.equal(pairs[2].enablePasswordEnv, 'ASA_ENABLE_PASSWORD');
    const bad = parseInventory('all:\n  hosts:\n    a:\n      asa_password: hunter22\n    b:\n      asa_active: 1.2.3.4\n      asa_username: x\n      asa_password_env: "not a name"\n');
    assert.throws(
      () => pairsFromInventory(bad),
      (e: Error) => e instanceof InvalidInputError && /host "a": asa_active is missing/.test(e.message) && /"asa_password" looks like a password/.test(e.message) && /host "b": asa_password_env must name an environment variable/.test(e.message) && !e.message.includes('hunter22'),
    );
  });

  it('other playbooks\' variables (even vaulted secrets) are left alone; a vaulted asa_ variable is refused by name', () => {
    const shared = parseInventory('all:\n  vars:\n    ansible_password: !vault |\n      $ANSIBLE_VAULT;1.1;AES256\n      6231\n    asa_username: x\n  hosts:\n    a:\n      asa_active: 10.0.0.1\n');
    assert.equal(pairsFromInventory(shared)[0].active, '10.0.0.1');
    const vaulted = parseInventory('all:\n  hosts:\n    a:\n      asa_username: x\n      asa_active: !vault |\n        $ANSIBLE_VAULT;1.1;AES256\n        6231\n');
    assert.throws(() => pairsFromInventory(vaulted), /host "a": asa_active is encrypted with Ansible Vault/);
  });

  it('refuses what is not an inventory, with the fix', () => {
    assert.throws(() => parseInventory('all:\n  hosts: [a, b]\n'), /must be a mapping of host names/);
    assert.throws(() => parseInventory('all:\n  host:\n    a:\n'), /"host"; a group holds only hosts, vars and children/);
    assert.throws(() => parseInventory('all: [\n'), /not valid YAML/);
    assert.throws(() => parseInventory(''), /empty/);
  });
});

describe('fleet rollout', () => {
  const run = (ends: Record<string, PairEnd>, settings: { concurrency: number; canary: number; continueOnFailure: boolean }) => {
    const order: string[] = [];
    let running = 0;
    let most = 0;
    const done = runRollout(Object.keys(ends), settings, async (name, signal, role) => {
      order.push(`${role}:${name}`);
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setImmediate(r));
      running--;
      return { end: signal.aborted && ends[name] === 'upgraded' ? ('cancelled' as PairEnd) : ends[name], message: 'm' };
    });
    return done.then((r) => ({ ...r, order, most }));
  };

  it('canaries first, one at a time, then K at a time', async () => {
    const r = await run({ a: 'upgraded', b: 'upgraded', c: 'upgraded', d: 'upgraded', e: 'upgraded' }, { concurrency: 2, canary: 2, continueOnFailure: false });
    assert.deepEqual(r.order.slice(0, 2), ['canary:a', 'canary:b']);
    assert.equal(r.most, 2);
    assert.equal(r.notStarted.length, 0);
  });

  it('the first failure stops new pairs; --continue-on-failure goes on', async () => {
    const ends: Record<string, PairEnd> = { a: 'upgraded', b: 'failed', c: 'upgraded', d: 'upgraded' };
    const stopped = await run(ends, { concurrency: 1, canary: 1, continueOnFailure: false });
    assert.deepEqual(stopped.notStarted, ['c', 'd']);
    assert.match(stopped.stoppedBecause!, /^b ended failed/);
    const going = await run(ends, { concurrency: 1, canary: 1, continueOnFailure: true });
    assert.deepEqual(going.notStarted, []);
  });

  it('a regression on the canary stops the fleet before any other pair', async () => {
    const r = await run({ a: 'upgraded-with-regressions', b: 'upgraded' }, { concurrency: 4, canary: 1, continueOnFailure: false });
    assert.deepEqual(r.notStarted, ['b']);
    assert.match(r.stoppedBecause!, /canary a ended upgraded with regressions/);
  });
});
