import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidInputError } from '../../../../src/core/errors';
import { hostAliases, loadSshConfig, parseJumpSpec, resolveSshHost } from '../../../../src/asa/ssh/ssh-config';
import { agentFor, resolveUnitRoute } from '../../../../src/asa/ssh/route';

describe('OpenSSH configuration: Host aliases resolved as ssh resolves them', () => {
  let home: string;
  const write = (rel: string, text: string): string => {
    const path = join(home, rel);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
    return path;
  };
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'ssh-config-home-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('an alias gives HostName, Port, User; the first value of a directive wins, as in OpenSSH', () => {
    write('.ssh/config', 'Host fw-dc1 fw-dc1-*\n  HostName 10.1.1.1\n  Port 2222\n  User netops\nHost *\n  User nobody\n  Port 22\n');
    const s = resolveSshHost(loadSshConfig(undefined, home), 'fw-dc1', {}, home);
    assert.equal(s.hostName, '10.1.1.1');
    assert.equal(s.port, 2222);
    assert.equal(s.user, 'netops');
    assert.equal(s.matchedBlock, true);
  });

  it('a catch-all IdentityFile (Host *) is not taken as the key of a unit; one in its own block is', () => {
    write('.ssh/config', 'Host fw-key\n  IdentityFile ~/.ssh/fw_key\nHost *\n  IdentityFile ~/.ssh/id_ed25519\n');
    const src = loadSshConfig(undefined, home);
    assert.deepEqual(resolveSshHost(src, 'fw-plain', {}, home).hostIdentityFiles, []);
    assert.deepEqual(resolveSshHost(src, 'fw-plain', {}, home).identityFiles, [join(home, '.ssh', 'id_ed25519')]);
    assert.deepEqual(resolveSshHost(src, 'fw-key', {}, home).hostIdentityFiles, [join(home, '.ssh', 'fw_key')]);
  });

  it('the command line wins over the configuration (port and user)', () => {
    write('.ssh/config', 'Host fw\n  Port 2222\n  User netops\n');
    const s = resolveSshHost(loadSshConfig(undefined, home), 'fw', { port: 22, user: 'admin' }, home);
    assert.equal(s.port, 22);
    assert.equal(s.user, 'admin');
  });

  it('Host patterns with * and ! negation', () => {
    write('.ssh/config', 'Host *.dc1 !mgmt.dc1\n  User dc1user\nHost *\n  User other\n');
    const src = loadSshConfig(undefined, home);
    assert.equal(resolveSshHost(src, 'fw1.dc1', {}, home).user, 'dc1user');
    assert.equal(resolveSshHost(src, 'mgmt.dc1', {}, home).user, 'other');
  });

  it('Include: relative to ~/.ssh, globs, inside a Host block', () => {
    write('.ssh/config', 'Include conf.d/*.conf\nHost inner\n  Include inner.conf\n');
    write('.ssh/conf.d/a.conf', 'Host from-a\n  HostName 192.0.2.10\n');
    write('.ssh/conf.d/b.conf', 'Host from-b\n  HostName 192.0.2.11\n');
    write('.ssh/inner.conf', 'Port 2200\n');
    const src = loadSshConfig(undefined, home);
    assert.equal(resolveSshHost(src, 'from-a', {}, home).hostName, '192.0.2.10');
    assert.equal(resolveSshHost(src, 'from-b', {}, home).hostName, '192.0.2.11');
    assert.equal(resolveSshHost(src, 'inner', {}, home).port, 2200);
    assert.equal(resolveSshHost(src, 'from-a', {}, home).port, 22);
    assert.deepEqual(hostAliases(src), ['from-a', 'from-b', 'inner']);
  });

  it('an Include loop is refused with a clear error', () => {
    write('.ssh/config', 'Include config\n');
    assert.throws(() => loadSshConfig(undefined, home), (e: unknown) => e instanceof InvalidInputError && /Include loop/.test(e.message));
  });

  it('IdentityFile and UserKnownHostsFile expand ~, %d, %h, %r, %u, %n, %p and %%', () => {
    write('.ssh/config', 'Host fw\n  HostName 10.0.0.9\n  User ops\n  IdentityFile ~/.ssh/%h_%r_%n_%p_%%\n  IdentityFile %d/keys/%u\n  UserKnownHostsFile ~/.ssh/kh_%h\n');
    const s = resolveSshHost(loadSshConfig(undefined, home), 'fw', {}, home);
    assert.equal(s.identityFiles[0], join(home, '.ssh', '10.0.0.9_ops_fw_22_%'));
    assert.match(s.identityFiles[1], new RegExp(`^${home}/keys/.+`));
    assert.deepEqual(s.userKnownHostsFiles, [join(home, '.ssh', 'kh_10.0.0.9')]);
  });

  it('an unknown % token is refused, not passed through', () => {
    write('.ssh/config', 'Host fw\n  IdentityFile ~/.ssh/%Z\n');
    assert.throws(() => resolveSshHost(loadSshConfig(undefined, home), 'fw', {}, home), /%Z/);
  });

  it('ProxyJump: several hops, user@host:port forms, ssh:// URIs and none', () => {
    write('.ssh/config', 'Host fw\n  ProxyJump ops@bastion-1:2201,ssh://jump2,[2001:db8::1]:22\nHost direct\n  ProxyJump none\nHost *\n  ProxyJump default-jump\n');
    const src = loadSshConfig(undefined, home);
    assert.deepEqual(resolveSshHost(src, 'fw', {}, home).proxyJump, [{ user: 'ops', host: 'bastion-1', port: 2201 }, { host: 'jump2' }, { host: '2001:db8::1', port: 22 }]);
    assert.deepEqual(resolveSshHost(src, 'direct', {}, home).proxyJump, []);
    assert.deepEqual(parseJumpSpec('ssh://u@h:2022'), { user: 'u', host: 'h', port: 2022 });
  });

  it('a jump host is itself resolved through the configuration; the first hop\'s own ProxyJump applies', () => {
    write(
      '.ssh/config',
      'Host fw\n  HostName 10.0.0.1\n  User admin\n  ProxyJump bastion-2\nHost bastion-2\n  HostName 198.51.100.2\n  User jump\n  ProxyJump outer\n  IdentityFile ~/.ssh/b2\n  IdentitiesOnly yes\n  HostKeyAlias b2-key\nHost outer\n  HostName 198.51.100.1\n  Port 2022\n',
    );
    const route = resolveUnitRoute('fw', {}, { source: loadSshConfig(undefined, home), home, env: { USER: 'me', SSH_AUTH_SOCK: '/tmp/agent.sock' }, hostKeysFor: () => async () => undefined });
    assert.deepEqual(route.endpoint, { host: '10.0.0.1', port: 22 });
    assert.deepEqual(route.hops.map((h) => [h.label, h.username, `${h.endpoint.host}:${h.endpoint.port}`, h.agent ?? null]), [
      ['outer', 'me', '198.51.100.1:2022', '/tmp/agent.sock'],
      ['bastion-2', 'jump', '198.51.100.2:22', null],
    ]);
    assert.deepEqual(route.hops[1].identityFiles, [join(home, '.ssh', 'b2')]);
    assert.deepEqual(route.hops[1].hostKeyName, { host: 'b2-key', port: 22 });
  });

  it("a pair's own jump host wins over the configuration's ProxyJump, and none means direct (as ssh -J)", () => {
    write('.ssh/config', 'Host fw\n  HostName 10.0.0.1\n  ProxyJump from-config\nHost pair-bastion\n  HostName 198.51.100.7\n  User jumper\n');
    const ctx = { source: loadSshConfig(undefined, home), home, env: { USER: 'me' }, hostKeysFor: () => async () => undefined };
    assert.deepEqual(resolveUnitRoute('fw', {}, ctx).hops.map((h) => h.label), ['from-config']);
    const own = resolveUnitRoute('fw', { proxyJump: 'pair-bastion' }, ctx).hops;
    assert.deepEqual(own.map((h) => [h.label, h.username, h.endpoint.host]), [['pair-bastion', 'jumper', '198.51.100.7']]);
    assert.deepEqual(resolveUnitRoute('fw', { proxyJump: 'none' }, ctx).hops, []);
  });

  it('ConnectTimeout and ServerAliveInterval become milliseconds; HostKeyAlias is kept', () => {
    write('.ssh/config', 'Host fw\n  ConnectTimeout 7\n  ServerAliveInterval 30\n  HostKeyAlias fw-cluster\n');
    const s = resolveSshHost(loadSshConfig(undefined, home), 'fw', {}, home);
    assert.equal(s.connectTimeoutMs, 7000);
    assert.equal(s.serverAliveIntervalMs, 30_000);
    assert.equal(s.hostKeyAlias, 'fw-cluster');
  });

  it('a ProxyCommand (which would run a shell) is refused, pointing to ProxyJump', () => {
    write('.ssh/config', 'Host fw\n  ProxyCommand nc %h %p\n');
    assert.throws(() => resolveSshHost(loadSshConfig(undefined, home), 'fw', {}, home), /ProxyJump/);
  });

  it('Match exec is never run', () => {
    const marker = join(home, 'ran');
    write('.ssh/config', `Match exec "touch ${marker}"\n  User x\n`);
    resolveSshHost(loadSshConfig(undefined, home), 'fw', {}, home);
    assert.equal(require('node:fs').existsSync(marker), false);
  });

  it('a missing --ssh-config file is refused naming it; no ~/.ssh/config means names resolve to themselves', () => {
    assert.throws(() => loadSshConfig(join(home, 'nope'), home), (e: unknown) => e instanceof InvalidInputError && e.message.includes(join(home, 'nope')));
    const s = resolveSshHost(loadSshConfig(undefined, home), '192.0.2.1', {}, home);
    assert.equal(s.hostName, '192.0.2.1');
    assert.equal(s.port, 22);
    assert.equal(s.matchedBlock, false);
  });

  it('the agent: IdentityAgent, else SSH_AUTH_SOCK, else the OpenSSH agent pipe on Windows; none and Pageant as named', () => {
    assert.equal(agentFor(undefined, { SSH_AUTH_SOCK: '/tmp/a.sock' }, 'linux'), '/tmp/a.sock');
    assert.equal(agentFor(undefined, {}, 'linux'), undefined);
    assert.equal(agentFor(undefined, {}, 'win32'), '\\\\.\\pipe\\openssh-ssh-agent');
    assert.equal(agentFor('pageant', {}, 'win32'), 'pageant');
    assert.equal(agentFor('none', { SSH_AUTH_SOCK: '/tmp/a.sock' }, 'linux'), undefined);
    assert.equal(agentFor('SSH_AUTH_SOCK', { SSH_AUTH_SOCK: '/tmp/b.sock' }, 'darwin'), '/tmp/b.sock');
  });
});
