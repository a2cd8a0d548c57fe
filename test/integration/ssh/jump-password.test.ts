// A jump host that takes a password (an ssh2 server on 127.0.0.1 that forwards direct-tcpip channels, as a
// bastion does): the password is asked for once for all the sessions, and once the bastion refused it, it
// is never sent again.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server } from 'ssh2';
import { createPairConnector } from '../../../src/asa';
import { resolvePairRoute } from '../../../src/asa/ssh/pair-route';
import { AuthenticationError } from '../../../src/core/errors';
import { readPairStatus } from '../../../src/core/status';
import { generateHostKey } from '../../../src/lab/ssh-server';
import { startLab, type LabPair } from '../../../src/lab';

interface PasswordBastion {
  port: number;
  hostKeyLine: string;
  passwordsTried: string[];
  forwards: string[];
  stop(): Promise<void>;
}

async function startPasswordBastion(password: string): Promise<PasswordBastion> {
  const key = generateHostKey();
  const passwordsTried: string[] = [];
  const forwards: string[] = [];
  const server = new Server({ hostKeys: [key.privatePem] }, (client) => {
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => {
      if (ctx.method !== 'password') return ctx.reject(['password']);
      passwordsTried.push(ctx.password);
      return ctx.password === password && ctx.username === 'ops' ? ctx.accept() : ctx.reject(['password']);
    });
    client.on('ready', () => {
      client.on('tcpip', (accept, reject, info) => {
        forwards.push(`${info.destIP}:${info.destPort}`);
        const socket = connect(info.destPort, info.destIP);
        socket.once('connect', () => {
          const channel = accept();
          channel.pipe(socket).pipe(channel);
          channel.on('close', () => socket.destroy());
          socket.on('close', () => channel.close());
        });
        socket.once('error', () => reject());
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.address() as AddressInfo).port,
    hostKeyLine: `${key.keyType} ${key.publicBlob.toString('base64')}`,
    passwordsTried,
    forwards,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('a jump host that takes a password', function () {
  this.timeout(60_000);
  let lab: LabPair;
  let bastion: PasswordBastion;
  let dir: string;
  beforeEach(async () => {
    lab = await startLab({ reloadSeconds: 2 });
    bastion = await startPasswordBastion('bastion-secret');
    dir = mkdtempSync(join(tmpdir(), 'jump-password-'));
    writeFileSync(join(dir, 'known_hosts'), `${lab.knownHostsLines()}[127.0.0.1]:${bastion.port} ${bastion.hostKeyLine}\n`);
    writeFileSync(
      join(dir, 'config'),
      `Host asa-a\n  HostName 127.0.0.1\n  Port ${lab.activeEndpoint.port}\n  ProxyJump ops@pw-bastion\nHost asa-s\n  HostName 127.0.0.1\n  Port ${lab.standbyEndpoint.port}\n  ProxyJump ops@pw-bastion\n` +
        `Host pw-bastion\n  HostName 127.0.0.1\n  Port ${bastion.port}\n`,
    );
  });
  afterEach(async () => {
    await Promise.all([lab.stop(), bastion.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  function connector(answer: string, asked: string[]) {
    const route = resolvePairRoute({
      active: 'asa-a',
      standby: 'asa-s',
      username: lab.credentials.username,
      sshConfigFile: join(dir, 'config'),
      env: { HOME: dir, USER: 'me' },
      hostKeys: { knownHostsFile: join(dir, 'known_hosts'), acceptNew: false },
      askPassword: async (question) => {
        asked.push(question);
        return answer;
      },
    });
    const pair = createPairConnector({
      ...route.connection,
      auth: { method: 'password' },
      credentials: async () => ({ password: lab.credentials.password, enablePassword: lab.credentials.enablePassword }),
    });
    return { ...pair, close: async () => (await pair.close(), await route.close()) };
  }

  it('asks once for the password and carries every session over the one login', async () => {
    const asked: string[] = [];
    const c = connector('bastion-secret', asked);
    try {
      const status = await readPairStatus(c);
      assert.equal(status.units.length, 2);
    } finally {
      await c.close();
    }
    assert.deepEqual(asked, [`Password for ops at jump host pw-bastion (127.0.0.1:${bastion.port}): `]);
    assert.deepEqual(bastion.passwordsTried, ['bastion-secret']);
    assert.ok(bastion.forwards.includes(`127.0.0.1:${lab.activeEndpoint.port}`) && bastion.forwards.includes(`127.0.0.1:${lab.standbyEndpoint.port}`));
  });

  it('a refused password is reported and never sent again', async () => {
    const asked: string[] = [];
    const c = connector('wrong', asked);
    try {
      await assert.rejects(readPairStatus(c), (e: unknown) => e instanceof AuthenticationError && /ops at jump host pw-bastion/.test(e.message));
      await assert.rejects(c.connect('active'), (e: unknown) => e instanceof AuthenticationError && /not sent again/.test(e.message));
    } finally {
      await c.close();
    }
    assert.deepEqual(bastion.passwordsTried, ['wrong']);
    assert.equal(asked.length, 1);
    assert.equal(lab.history.events.filter((e) => e.kind === 'session-open').length, 0);
  });
});
