// The host-key dialog's comparison aid: the key a unit presents over SSH, shown as the ASA's
// `show crypto key mypubkey` prints it ("Key Data:", the DER SubjectPublicKeyInfo in hex groups of 8).

import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { sha256Fingerprint } from '../../../src/asa/host-key';
import { asaKeyData, hostKeyDetail, mypubkeyKeyword } from '../../../src/ui/host-key-text';

const sshString = (b: Buffer): Buffer => Buffer.concat([Buffer.from([0, 0, 0, 0].map((_, i) => (b.length >>> (24 - 8 * i)) & 0xff)), b]);
const mpint = (b: Buffer): Buffer => sshString(b[0] & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
const b64u = (s: string | undefined): Buffer => Buffer.from(s ?? '', 'base64url');
const derHex = (k: KeyObject): string => (k.export({ type: 'spki', format: 'der' }) as Buffer).toString('hex').match(/.{1,8}/g)!.join(' ');

describe('the host-key dialog text', () => {
  it('shows an RSA key as the ASA prints its Key Data', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = publicKey.export({ format: 'jwk' });
    const blob = Buffer.concat([sshString(Buffer.from('ssh-rsa')), mpint(b64u(jwk.e)), mpint(b64u(jwk.n))]);
    assert.equal(asaKeyData('ssh-rsa', blob), derHex(publicKey));
    assert.match(asaKeyData('ssh-rsa', blob)!, /^30820122 300d0609 2a864886 f70d0101 01050003 82010f00/);
  });

  it('shows ECDSA and EdDSA keys the same way', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    const e = ec.export({ format: 'jwk' });
    const ecBlob = Buffer.concat([sshString(Buffer.from('ecdsa-sha2-nistp256')), sshString(Buffer.from('nistp256')), sshString(Buffer.concat([Buffer.from([4]), b64u(e.x), b64u(e.y)]))]);
    assert.equal(asaKeyData('ecdsa-sha2-nistp256', ecBlob), derHex(ec));
    const ed = generateKeyPairSync('ed25519').publicKey;
    const edBlob = Buffer.concat([sshString(Buffer.from('ssh-ed25519')), sshString(b64u(ed.export({ format: 'jwk' }).x))]);
    assert.equal(asaKeyData('ssh-ed25519', edBlob), derHex(ed));
  });

  it('names the ASA command for each key type and shows the OpenSSH fingerprint', () => {
    assert.equal(mypubkeyKeyword('ssh-rsa'), 'rsa');
    assert.equal(mypubkeyKeyword('ecdsa-sha2-nistp384'), 'ecdsa');
    assert.equal(mypubkeyKeyword('ssh-ed25519'), 'eddsa');
    const ed = generateKeyPairSync('ed25519').publicKey;
    const key = Buffer.concat([sshString(Buffer.from('ssh-ed25519')), sshString(b64u(ed.export({ format: 'jwk' }).x))]);
    const text = hostKeyDetail({ keyType: 'ssh-ed25519', fingerprint: sha256Fingerprint(key), key });
    assert.ok(text.includes(sha256Fingerprint(key)));
    assert.match(text, /show crypto key mypubkey eddsa/);
    assert.match(text, /Key Data/);
  });

  it('says so when a key cannot be converted, instead of showing nothing', () => {
    assert.equal(asaKeyData('ssh-dss', Buffer.from('garbage')), undefined);
    assert.match(hostKeyDetail({ keyType: 'ssh-dss', fingerprint: 'SHA256:x', key: Buffer.from('garbage') }), /not a fingerprint/);
  });
});
