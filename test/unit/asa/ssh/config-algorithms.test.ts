import assert from 'node:assert/strict';
import { configuredAlgorithms, SSH2_DEFAULT, SSH2_SUPPORTED } from '../../../../src/asa/ssh/config-algorithms';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const ssh2Constants = require('ssh2/lib/protocol/constants') as Record<string, string[]>;

describe('KexAlgorithms/Ciphers/MACs/HostKeyAlgorithms mapped onto ssh2', () => {
  it('the tables match the installed ssh2', () => {
    assert.deepEqual(SSH2_SUPPORTED.kex, ssh2Constants.SUPPORTED_KEX);
    assert.deepEqual(SSH2_SUPPORTED.cipher, ssh2Constants.SUPPORTED_CIPHER);
    assert.deepEqual(SSH2_SUPPORTED.hmac, ssh2Constants.SUPPORTED_MAC);
    assert.deepEqual(SSH2_SUPPORTED.serverHostKey, ssh2Constants.SUPPORTED_SERVER_HOST_KEY);
    assert.deepEqual(SSH2_DEFAULT.kex, ssh2Constants.DEFAULT_KEX);
    assert.deepEqual(SSH2_DEFAULT.cipher, ssh2Constants.DEFAULT_CIPHER);
    assert.deepEqual(SSH2_DEFAULT.hmac, ssh2Constants.DEFAULT_MAC);
    assert.deepEqual(SSH2_DEFAULT.serverHostKey, ssh2Constants.DEFAULT_SERVER_HOST_KEY);
  });

  it('+ appends to the defaults, ^ puts first, - removes by pattern', () => {
    const a = configuredAlgorithms({ kex: '+diffie-hellman-group14-sha1', cipher: '^aes256-cbc', hmac: '-*-etm@openssh.com' }, 'fw')!;
    assert.deepEqual(a.kex, [...SSH2_DEFAULT.kex, 'diffie-hellman-group14-sha1']);
    assert.equal(a.cipher![0], 'aes256-cbc');
    assert.ok(!a.hmac!.some((m) => m.endsWith('-etm@openssh.com')));
    assert.equal(a.serverHostKey, undefined);
  });

  it('a full list keeps its order and leaves out what ssh2 lacks while something usable remains', () => {
    const a = configuredAlgorithms({ kex: 'sntrup761x25519-sha512@openssh.com,curve25519-sha256' }, 'fw')!;
    assert.deepEqual(a.kex, ['curve25519-sha256']);
  });

  it('what ssh2 cannot do is refused naming it and what is supported', () => {
    assert.throws(() => configuredAlgorithms({ serverHostKey: '+ssh-ed25519-cert-v01@openssh.com' }, 'fw'), /ssh-ed25519-cert-v01@openssh\.com.*cannot negotiate.*ssh-ed25519/s);
    assert.throws(() => configuredAlgorithms({ kex: 'mlkem768x25519-sha256' }, 'fw'), /KexAlgorithms mlkem768x25519-sha256 for fw/);
  });

  it('nothing named: undefined (ssh2 keeps its defaults)', () => {
    assert.equal(configuredAlgorithms({}, 'fw'), undefined);
  });
});
