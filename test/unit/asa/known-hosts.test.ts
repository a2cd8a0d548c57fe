import assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HostKeyRejectedError } from '../../../src/core/errors';
import { hostKeyOffer, keyTypeOf, sha256Fingerprint } from '../../../src/asa/host-key';
import { hostFieldMatches, KnownHostsFile, parseKnownHosts } from '../../../src/asa/known-hosts';

/** An ed25519 public key in SSH wire format. */
function ed25519Blob(): Buffer {
  const der = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' });
  const raw = der.subarray(der.length - 32);
  const type = Buffer.from('ssh-ed25519');
  const len = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n);
    return b;
  };
  return Buffer.concat([len(type.length), type, len(raw.length), raw]);
}

describe('known_hosts host-key trust', () => {
  let dir: string;
  let path: string;
  const key = ed25519Blob();
  const other = ed25519Blob();
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'known-hosts-'));
    path = join(dir, 'known_hosts');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('computes the OpenSSH fingerprint and key type', () => {
    assert.match(sha256Fingerprint(key), /^SHA256:[A-Za-z0-9+/]{43}$/);
    assert.equal(keyTypeOf(key), 'ssh-ed25519');
  });

  it('trusts a key listed as [host]:port, and a plain host name for port 22', async () => {
    writeFileSync(path, `# comment\n[127.0.0.1]:2222 ssh-ed25519 ${key.toString('base64')}\nfw1,10.0.0.1 ssh-ed25519 ${other.toString('base64')}\n`);
    await KnownHostsFile.verifier(path, { acceptNew: false })(hostKeyOffer('127.0.0.1', 2222, key));
    await KnownHostsFile.verifier(path, { acceptNew: false })(hostKeyOffer('10.0.0.1', 22, other));
  });

  it('accepts a changed key only with exactly its fingerprint, replacing the old entry of that host alone', async () => {
    const third = ed25519Blob();
    writeFileSync(path, `[127.0.0.1]:2222 ssh-ed25519 ${key.toString('base64')}\nfw1,10.0.0.1 ssh-ed25519 ${key.toString('base64')}\n`);
    const changed = hostKeyOffer('127.0.0.1', 2222, other);
    await assert.rejects(KnownHostsFile.verifier(path, { acceptNew: false, acceptChanged: sha256Fingerprint(third) })(changed), /has changed/);
    assert.ok(!readFileSync(path, 'utf8').includes(other.toString('base64')), 'nothing written for another fingerprint');
    await KnownHostsFile.verifier(path, { acceptNew: false, acceptChanged: sha256Fingerprint(other) })(changed);
    const after = readFileSync(path, 'utf8');
    assert.ok(after.includes(`[127.0.0.1]:2222 ssh-ed25519 ${other.toString('base64')}`), after);
    assert.ok(!after.includes(`[127.0.0.1]:2222 ssh-ed25519 ${key.toString('base64')}`), 'the old key of that host is gone');
    assert.ok(after.includes(`fw1,10.0.0.1 ssh-ed25519 ${key.toString('base64')}`), 'a line shared with other hosts stays');
    await KnownHostsFile.verifier(path, { acceptNew: false })(changed);
    await assert.rejects(KnownHostsFile.verifier(path, { acceptNew: false })(hostKeyOffer('127.0.0.1', 2222, key)), /has changed/, 'the old key is no longer trusted');
  });

  it('reads hashed |1| entries', async () => {
    const salt = randomBytes(20);
    const hash = createHmac('sha1', salt).update('[127.0.0.1]:2222').digest('base64');
    writeFileSync(path, `|1|${salt.toString('base64')}|${hash} ssh-ed25519 ${key.toString('base64')}\n`);
    await KnownHostsFile.verifier(path, { acceptNew: false })(hostKeyOffer('127.0.0.1', 2222, key));
    assert.equal(hostFieldMatches(`|1|${salt.toString('base64')}|${hash}`, '127.0.0.1', 2223), false);
  });

  it('refuses a changed key and names both fingerprints', async () => {
    writeFileSync(path, `[127.0.0.1]:2222 ssh-ed25519 ${key.toString('base64')}\n`);
    const offer = hostKeyOffer('127.0.0.1', 2222, other);
    await assert.rejects(KnownHostsFile.verifier(path, { acceptNew: true })(offer), (e: unknown) => {
      assert.ok(e instanceof HostKeyRejectedError);
      assert.match(e.message, /has changed/);
      assert.ok(e.message.includes(sha256Fingerprint(key)) && e.message.includes(sha256Fingerprint(other)));
      assert.equal(e.knownFingerprint, sha256Fingerprint(key));
      assert.equal(e.presentedFingerprint, sha256Fingerprint(other));
      return true;
    });
    assert.equal(parseKnownHosts(readFileSync(path, 'utf8')).length, 1, 'a changed key is never written');
  });

  it('refuses an unknown key unless told to accept new keys, then appends it', async () => {
    const offer = hostKeyOffer('127.0.0.1', 2222, key);
    await assert.rejects(KnownHostsFile.verifier(path, { acceptNew: false })(offer), /not known.*accept/s);
    await KnownHostsFile.verifier(path, { acceptNew: true })(offer);
    assert.equal(readFileSync(path, 'utf8'), `[127.0.0.1]:2222 ssh-ed25519 ${key.toString('base64')}\n`);
    await KnownHostsFile.verifier(path, { acceptNew: false })(offer);
  });

  it('honours @revoked and negated patterns', async () => {
    writeFileSync(path, `@revoked * ssh-ed25519 ${key.toString('base64')}\n*,!10.0.0.9 ssh-ed25519 ${other.toString('base64')}\n`);
    await assert.rejects(KnownHostsFile.verifier(path, { acceptNew: true })(hostKeyOffer('10.0.0.1', 22, key)), /revoked/);
    await KnownHostsFile.verifier(path, { acceptNew: false })(hostKeyOffer('10.0.0.1', 22, other));
    await assert.rejects(KnownHostsFile.verifier(path, { acceptNew: false })(hostKeyOffer('10.0.0.9', 22, other)), /not known/);
  });
});
